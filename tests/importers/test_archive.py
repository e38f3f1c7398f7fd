import io
import zipfile

import pytest

from engine.importers import read_bytes
from engine.importers.archive import MAX_MEMBERS, UNPACKED_FACTOR
from engine.messages import TasteError

WATCHED = b"Date,Name,Year,Letterboxd URI\r\n2021-03-14,Stalker,1979,https://boxd.in/2aXq\r\n"


def make_zip(files: dict[str, bytes], **options) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, **options) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_fills_memory():
    limit = 1024 * 1024
    bomb = make_zip({f"part{n}.csv": b"0" * limit for n in range(UNPACKED_FACTOR + 1)})
    assert len(bomb) < 100_000
    with pytest.raises(TasteError) as error:
        read_bytes(bomb, name="export.zip", max_bytes=limit)
    assert error.value.message.key == "zip_too_big"
    assert f"{UNPACKED_FACTOR} MB" in error.value.text("en")


def test_a_member_is_never_unpacked_past_the_size_it_declares():
    limit = 64 * 1024
    data = bytearray(make_zip({"watched.csv": WATCHED + b"x" * (limit * 20)}))
    # Make the archive claim a tiny size for its member, in both headers.
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).infolist()[0]
    real = info.file_size.to_bytes(4, "little")
    data = bytes(data).replace(real, (100).to_bytes(4, "little"))
    # zipfile stops at the declared size and then finds the checksum wrong: the member is
    # damaged, and with nothing else in it the archive is refused as damaged.
    with pytest.raises(TasteError) as error:
        read_bytes(data, name="lying.zip", max_bytes=limit)
    assert error.value.message.key == "zip_unreadable"
    assert "damaged or protected by a password" in error.value.text("en")


def test_a_zip_with_thousands_of_files_is_refused():
    many = make_zip({f"lists/list-{n}.csv": b"x" for n in range(MAX_MEMBERS + 1)})
    with pytest.raises(TasteError) as error:
        read_bytes(many, name="lists.zip")
    assert error.value.message.key == "zip_too_many_files"
    assert str(MAX_MEMBERS + 1) in error.value.text("ru")


def test_a_member_over_the_file_limit_is_skipped_and_the_rest_read():
    limit = 64 * 1024
    data = make_zip({"watched.csv": WATCHED, "huge.csv": b"title\n" + b"x\n" * limit})
    result = read_bytes(data, name="export.zip", max_bytes=limit)
    assert [item.title for item in result.items] == ["Stalker"]
    assert [(s.file, s.reason.key) for s in result.skipped] == [("huge.csv", "too_big")]


def test_nested_archives_folders_and_mac_clutter_are_not_read():
    data = make_zip(
        {
            "watched.csv": WATCHED,
            "inner.zip": make_zip({"watched.csv": WATCHED}),
            "__MACOSX/._watched.csv": b"\x00\x05\x16\x07junk",
            ".DS_Store": b"\x00\x00\x00\x01Bud1",
        }
    )
    result = read_bytes(data, name="export.zip")
    assert [item.title for item in result.items] == ["Stalker"]
    assert [(s.file, s.reason.key) for s in result.skipped] == [("inner.zip", "member_archive")]


def test_an_archive_with_nothing_readable_says_so():
    with pytest.raises(TasteError) as error:
        read_bytes(make_zip({"Userdata.json": b'{"username": "x"}'}), name="data.zip")
    assert error.value.message.key == "zip_nothing"


def test_a_damaged_member_is_noted_and_the_others_read():
    good = make_zip({"a.txt": b"Heat\n", "b.txt": b"Alien\n" * 50})
    info = zipfile.ZipFile(io.BytesIO(good)).getinfo("b.txt")
    start = info.header_offset + 30 + len("b.txt")
    broken = good[:start] + b"\xff" * 8 + good[start + 8 :]
    result = read_bytes(broken, name="lists.zip")
    assert [item.title for item in result.items] == ["Heat"]
    assert [(s.file, s.reason.key) for s in result.skipped] == [("b.txt", "member_broken")]
