import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "taste.csv"


def _tastemap(*args, cwd, env=None):
    return subprocess.run(
        [sys.executable, "-m", "engine.cli", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.slow
def test_map_of_the_example_writes_png_html_and_json(tmp_path):
    run = _tastemap(
        "map",
        EXAMPLE,
        "--out",
        "map.png",
        "--html",
        "map.html",
        "--json",
        "map.json",
        "--db",
        "cache.sqlite3",
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr

    with Image.open(tmp_path / "map.png") as png:
        png.verify()
    with Image.open(tmp_path / "map.png") as png:
        assert png.size == (1600, 1200)
    html = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert "plotly" in html.lower()
    assert '<html lang="en">' in html and "<title>Taste map · 84 items · " in html
    assert "Сталкер" in html or json.dumps("Сталкер")[1:-1] in html  # plotly escapes to \\u

    result = json.loads((tmp_path / "map.json").read_text(encoding="utf-8"))
    rows = EXAMPLE.read_text(encoding="utf-8").splitlines()[1:]
    assert len(result["items"]) == len(rows)
    assert result["items"][0]["title"] == rows[0].split(",")[1]
    assert {"title", "creator", "type", "year", "cluster", "x", "y"} <= set(result["items"][0])
    names = [c["name"] for c in result["clusters"]]
    assert len(names) == len(set(names)) >= 2
    for cluster in result["clusters"]:
        assert {"id", "name", "typical"} <= set(cluster)
        assert all(result["items"][i]["cluster"] == cluster["id"] for i in cluster["typical"])
    assert {"embed", "reduce", "cluster", "name", "png"} <= set(result["timings"])

    # The printed summary names every cluster and the stage times.
    for name in names:
        assert name in run.stdout
    assert "total" in run.stdout


@pytest.mark.slow
def test_a_second_run_with_the_same_database_embeds_nothing_new(tmp_path):
    for _ in range(2):
        run = _tastemap(
            "map",
            EXAMPLE,
            "--json",
            "map.json",
            "--db",
            "cache.sqlite3",
            "--lang",
            "ru",
            cwd=tmp_path,
        )
        assert run.returncode == 0, run.stderr
    result = json.loads((tmp_path / "map.json").read_text(encoding="utf-8"))
    assert result["timings"]["embed"] < 1.0
    assert all(any("\u0400" <= ch <= "\u04ff" for ch in c["name"]) for c in result["clusters"])


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b"title,year\n", "no rows"),
        (bytes(range(256)) * 20, "is not text"),
        (b"name;genre\nDune;sf\n", None),
    ],
    ids=["empty", "header-only", "binary", "semicolons"],
)
def test_bad_files_get_one_clear_sentence(tmp_path, content, expected):
    (tmp_path / "in.csv").write_bytes(content)
    run = _tastemap("map", "in.csv", "--json", "-", cwd=tmp_path)
    if expected is None:
        assert run.returncode == 0, run.stderr
        return
    assert run.returncode == 1
    assert expected in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_rows_with_problems_are_reported_and_the_rest_are_mapped(tmp_path):
    long_title = "x" * 10_000
    text = f"title,creator,year\nDune,Frank Herbert,1965\n,Nobody,2000\n{long_title},A,1\n"
    text += "Heat,Michael Mann,1995\nAlien,Ridley Scott,1979\n"
    (tmp_path / "in.csv").write_text(text, encoding="cp1251")
    run = _tastemap("map", "in.csv", "--json", "map.json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "line 3" in run.stderr and "line 4" in run.stderr
    result = json.loads((tmp_path / "map.json").read_text(encoding="utf-8"))
    assert [i["title"] for i in result["items"]] == ["Dune", "Heat", "Alien"]


@pytest.mark.slow
def test_similar_reads_the_library_and_answers_json(tmp_path):
    run = _tastemap(
        "similar", "Сталкер", "--library", EXAMPLE, "-n", "6", "--json", "--db", "db", cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["query"] == {
        "title": "Сталкер",
        "creator": "Андрей Тарковский",
        "type": "movie",
        "year": 1979,
    }
    found = result["results"]
    assert len(found) == 6
    assert all(
        set(r) == {"title", "creator", "type", "year", "score", "in_library"} for r in found
    )
    assert not any(r["title"] in {"Сталкер", "Stalker"} for r in found)
    assert {r["type"] for r in found} == {"movie", "book", "music"}
    assert [r["score"] for r in found] == sorted((r["score"] for r in found), reverse=True)
    # The other Tarkovsky films of the example are there, marked as the person's.
    assert {"Зеркало", "Солярис"} & {r["title"] for r in found if r["in_library"]}

    # Without a library: the catalog's own entry, and nothing is marked as owned.
    bare = _tastemap("similar", "Stalker (1979)", "-n", "3", cwd=tmp_path)
    assert bare.returncode == 0, bare.stderr
    assert "Stalker (1979) — Andrei Tarkovsky" in bare.stdout.splitlines()[0]
    assert len(bare.stdout.strip().splitlines()) == 4 and "library]" not in bare.stdout


@pytest.mark.slow
def test_recommend_gives_new_works_for_each_named_group(tmp_path):
    run = _tastemap(
        "recommend", "--library", EXAMPLE, "-n", "3", "--json", "--db", "db", cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    clusters = json.loads(run.stdout)["clusters"]
    assert len(clusters) >= 3
    assert len({c["name"] for c in clusters}) == len(clusters)
    with EXAMPLE.open(encoding="utf-8") as handle:
        works = {(row["type"], row["title"]) for row in csv.DictReader(handle)}
    for cluster in clusters:
        assert set(cluster) == {"id", "name", "size", "typical", "results"}
        assert 1 <= len(cluster["results"]) <= 3
        # A book of a film in the library is a new work; the film itself is not.
        assert not any(
            r["in_library"] or (r["type"], r["title"]) in works for r in cluster["results"]
        )


def test_similar_and_recommend_explain_a_missing_library(tmp_path):
    for command in (["similar", "Heat"], ["recommend"]):
        run = _tastemap(*command, "--library", "nowhere.csv", cwd=tmp_path)
        assert run.returncode == 1
        assert "no file" in run.stderr and "Traceback" not in run.stderr
