import json

from engine.cli import main


def test_import_reports_each_file_as_json_and_reimporting_adds_nothing(exports, tmp_path, capsys):
    db = tmp_path / "library.sqlite3"
    files = [
        str(exports / "letterboxd" / "ratings.csv"),
        str(exports / "imdb" / "ratings-2023.csv"),
    ]
    assert main(["import", *files, "--json", "--db", str(db)]) == 0
    first = json.loads(capsys.readouterr().out)

    assert [(f["format"], f["added"], f["duplicates"]) for f in first["files"]] == [
        ("letterboxd", 3, 0),
        ("imdb", 2, 3),
    ]
    assert all(f["skipped"] == [] for f in first["files"])
    stalker = next(item for item in first["items"] if item["title"] == "Stalker")
    assert stalker["source"] == "letterboxd, imdb" and stalker["creator"] == "Andrei Tarkovsky"
    assert {"type", "title", "creator", "year", "genres", "tags", "rating", "date", "source"} <= (
        stalker.keys()
    )

    assert main(["import", files[0], "--json", "--db", str(db)]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["files"][0]["added"], again["files"][0]["duplicates"]) == (0, 3)


def test_import_prints_a_readable_report_and_says_what_failed(exports, tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code = main(["import", str(exports / "json" / "favourites.json"), str(empty), "--lang", "ru"])
    out = capsys.readouterr().out
    assert code == 1
    assert "favourites.json: JSON-список. Добавлено 3" in out
    assert "строка 4: нет названия, пропущена." in out
    assert "empty.csv: не загружен. Файл empty.csv пуст." in out


def test_import_json_carries_skipped_lines_and_errors(tmp_path, capsys):
    bad = tmp_path / "films.csv"
    bad.write_text("title,year\nHeat,1995\n,2000\n")
    junk = tmp_path / "junk.csv"
    junk.write_bytes(bytes(range(256)) * 10)
    assert main(["import", str(bad), str(junk), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["files"][0]["skipped"] == [{"line": 3, "reason": "line 3: no title, skipped."}]
    assert report["files"][1]["format"] is None and "binary" in report["files"][1]["error"]
    assert [item["title"] for item in report["items"]] == ["Heat"]
