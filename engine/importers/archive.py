"""ZIP archives as downloaded (Letterboxd, Spotify): every file inside is read on its own.

An archive is recognised by its first bytes. Its files go through the same readers as
uploads, and what they give is put together: items in archive order, notes naming the file
they are about, listening plays counted across all files. Limits guard against ZIP bombs: at
most `MAX_MEMBERS` files, and at most `UNPACKED_FACTOR` times the upload limit unpacked (the
sizes an archive declares are not trusted: reading stops at the limit).
"""

from __future__ import annotations

import io
import logging
import zipfile
import zlib
from collections import Counter

from engine.messages import Message, TasteError

from . import ImportResult, Skipped, megabytes, read_source, register
from .listens import Listens
from .source import Source

logger = logging.getLogger(__name__)

MAX_MEMBERS = 1000
UNPACKED_FACTOR = 10
_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
# Entries a person deleted on Letterboxd stay in its export, in these folders.
_DELETED = ("deleted/", "orphaned/")
# Errors that mean "this file is not a list of works", said shortly inside an archive.
_NOT_A_LIST = {"unknown_format", "unknown_layout", "json_unknown", "binary_file"}
_UNPACKED_NONE = {"member_broken", "member_encrypted"}


class Archive:
    name = "zip"

    def score(self, source: Source) -> float:
        return 1.0 if source.data.startswith(_SIGNATURES) else 0.0

    def read(self, source: Source) -> ImportResult:
        try:
            archive = zipfile.ZipFile(io.BytesIO(source.data))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            logger.debug("not a readable ZIP: %s", error)
            raise TasteError("bad_zip", name=source.name) from None
        with archive:
            members = [m for m in archive.infolist() if _wanted(m)]
            _check_limits(source, members)
            result = ImportResult(path=source.name, format=self.name, listens=Listens())
            formats: Counter[str] = Counter()
            unpacked = 0
            for member in members:
                data = _unpack(source, archive, member, result, unpacked)
                if data is None:
                    continue
                unpacked += len(data)
                part = self._read_member(source, member.filename, data, result)
                if part is not None:
                    formats[part.format] += len(part.items) + len(part.listens or ())
                    self._take(result, part, member.filename)
        if not formats:
            unpacked_none = (
                members
                and all(note.reason.key in _UNPACKED_NONE for note in result.skipped)
                and len(result.skipped) == len(members)
            )
            raise TasteError(
                "zip_unreadable" if unpacked_none else "zip_nothing", name=source.name
            )
        result.format = f"{formats.most_common(1)[0][0]} zip"
        if not result.listens:
            result.listens = None
        return result

    def _read_member(
        self, source: Source, name: str, data: bytes, result: ImportResult
    ) -> ImportResult | None:
        """One file of the archive read by the reader it fits, or None with a note why not."""
        if data.startswith(_SIGNATURES):
            result.skipped.append(Skipped(0, Message("member_archive"), name))
            return None
        if name.lower().startswith(_DELETED):
            result.skipped.append(Skipped(0, Message("member_deleted"), name))
            return None
        member = Source(
            name=name, data=data, guess_type=source.guess_type, max_bytes=source.max_bytes
        )
        try:
            return read_source(member, archives=False)
        except TasteError as error:
            reason = error.message
            if reason.key in _NOT_A_LIST:
                reason = Message("member_not_read")
            result.skipped.append(Skipped(0, reason, name))
            return None

    @staticmethod
    def _take(result: ImportResult, part: ImportResult, name: str) -> None:
        result.items.extend(part.items)
        result.skipped.extend(Skipped(s.line, s.reason, s.file or name) for s in part.skipped)
        if part.listens is not None and result.listens is not None:
            result.listens.merge(part.listens)


def _wanted(member: zipfile.ZipInfo) -> bool:
    """Files, without the folders and the clutter macOS adds to archives."""
    base = member.filename.rsplit("/", 1)[-1]
    return not (member.is_dir() or member.filename.startswith("__MACOSX/") or base[:1] == ".")


def _check_limits(source: Source, members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise TasteError(
            "zip_too_many_files", name=source.name, count=len(members), limit=MAX_MEMBERS
        )
    declared = sum(member.file_size for member in members)
    if declared > source.max_bytes * UNPACKED_FACTOR:
        raise TasteError(
            "zip_too_big", name=source.name, limit=megabytes(source.max_bytes * UNPACKED_FACTOR)
        )


def _unpack(
    source: Source,
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    result: ImportResult,
    unpacked: int,
) -> bytes | None:
    """A member's bytes, read no further than the limits allow; None with a note if broken."""
    total_limit = source.max_bytes * UNPACKED_FACTOR
    room = min(source.max_bytes, total_limit - unpacked)
    try:
        with archive.open(member) as stream:
            data = stream.read(room + 1)
    except RuntimeError:  # encrypted
        result.skipped.append(Skipped(0, Message("member_encrypted"), member.filename))
        return None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, ValueError):
        result.skipped.append(Skipped(0, Message("member_broken"), member.filename))
        return None
    if len(data) > room:
        if unpacked + len(data) > total_limit:
            raise TasteError("zip_too_big", name=source.name, limit=megabytes(total_limit))
        size, limit = megabytes(member.file_size or len(data)), megabytes(source.max_bytes)
        reason = Message("too_big", {"name": member.filename, "size": size, "limit": limit})
        result.skipped.append(Skipped(0, reason, member.filename))
        return None
    return data


register(Archive())
