"""Works and values the LLM tests share."""

from __future__ import annotations

import numpy as np

from engine.items import Item, MediaType

SECRET = "sk-test-secret-0123456789"

WORKS = [
    Item("Neuromancer", MediaType.BOOK, "William Gibson", 1984, ("cyberpunk",), ("hackers",)),
    Item("Snow Crash", MediaType.BOOK, "Neal Stephenson", 1992, ("cyberpunk",), ("virtual",)),
    Item("Kind of Blue", MediaType.MUSIC, "Miles Davis", 1959, ("jazz",), ("nocturnal",)),
    Item("A Love Supreme", MediaType.MUSIC, "John Coltrane", 1965, ("jazz",), ("spiritual",)),
    Item("War and Peace", MediaType.BOOK, "Leo Tolstoy", 1869, ("historical novel",), ("war",)),
    Item("Anna Karenina", MediaType.BOOK, "Leo Tolstoy", 1878, ("realist novel",), ("love",)),
]
LABELS = np.array([0, 0, 1, 1, 2, 2])
