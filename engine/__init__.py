"""tastemap's engine: from a person's films, books and music to a named map of their taste.

The engine knows nothing of Telegram. Importing it pins the numeric libraries to one thread
each: on small machines numba's, OpenMP's and OpenBLAS's pools fight each other and make a
map many times slower, so parallel work is spread across people (processes), not inside one
map. The variables are only set when the caller has not set them.
"""

import os

for _name in ("OMP_NUM_THREADS", "NUMBA_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")


def _default_cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "tastemap")


# numba compiles pynndescent and UMAP once into this folder; it must be writable.
os.environ.setdefault(
    "NUMBA_CACHE_DIR",
    os.path.join(os.environ.get("TASTEMAP_CACHE_DIR") or _default_cache_dir(), "numba"),
)
os.makedirs(os.environ["NUMBA_CACHE_DIR"], exist_ok=True)

__version__ = "0.1.0"
