"""Helpers for the importer tests: the fixture exports and ZIPs made from their folders."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

EXPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "exports"


def _zip_folder(folder: Path, *, skip: tuple[str, ...] = ()) -> bytes:
    """The files under `folder` as a ZIP, paths relative to it (as the services pack them)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith(skip):
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


@pytest.fixture
def exports() -> Path:
    return EXPORTS


@pytest.fixture
def zip_folder():
    """Pack a fixture folder as a ZIP: `zip_folder(path, skip=("prefix",))` gives bytes."""
    return _zip_folder
