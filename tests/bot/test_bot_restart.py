"""Stopping the bot in the middle of an import loses nothing committed and leaves nothing
half-imported: the bot runs as a real process (`python -m bot`) and is killed mid-transaction."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import bot_env

ROWS = 4000
BIG_FILE = "\n".join(["title,type,year"] + [f"Imported film {n},movie,1990" for n in range(ROWS)])


def start_bot(server, db: Path, cache_dir: Path) -> subprocess.Popen:
    """`python -m bot` as it would run deployed, logging into a file next to the database."""
    env = {**os.environ, **bot_env(server, db, cache_dir)}
    with open(db.with_suffix(".log"), "a") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "--no-warm"], env=env, stdout=log, stderr=log
        )


def stop(process: subprocess.Popen, how: int) -> None:
    process.send_signal(how)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def items_in(db: Path, person) -> int:
    with sqlite3.connect(db) as connection:
        (count,) = connection.execute(
            "SELECT COUNT(*) FROM items WHERE person = ?", (str(person.id),)
        ).fetchone()
    return count


def writing(db: Path) -> bool:
    """Whether another connection holds the database's write lock (a transaction is open)."""
    connection = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as error:
        if "locked" in str(error):
            return True
        raise
    finally:
        connection.close()


@pytest.mark.slow
async def test_a_killed_import_leaves_no_half_and_loses_nothing_committed(
    server, tmp_path, cache_dir
):
    db = tmp_path / "bot.sqlite3"
    ann = server.person("Ann")
    process = start_bot(server, db, cache_dir)
    try:
        answer = await ann.ask("film: Alien\nbook: Solaris\nfilm: Heat", timeout=120)
        assert "Added to your library: 3." in answer.text

        # Kill the bot the moment the import's transaction is open.
        await ann.send_document(BIG_FILE.encode(), "big.csv")
        await ann.wait_for(lambda sent: sent.text.startswith("Got big.csv"), timeout=60)
        deadline = time.monotonic() + 60
        while not writing(db):
            assert time.monotonic() < deadline, "the import never started writing"
            await asyncio.sleep(0.005)
        stop(process, signal.SIGKILL)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert items_in(db, ann) == 3

    process = start_bot(server, db, cache_dir)
    try:
        await ann.say("/list")
        answer = await ann.wait_for(lambda sent: sent.method == "sendMessage", timeout=120)
        assert answer.text.startswith("Your library: 3 items")

        # A graceful stop (SIGTERM) in the middle of an import lets it finish first.
        await ann.send_document(BIG_FILE.encode(), "big.csv")
        await ann.wait_for(lambda sent: sent.text.startswith("Got big.csv"), timeout=60)
        while not writing(db):
            await asyncio.sleep(0.005)
        process.send_signal(signal.SIGTERM)
        done = await ann.wait_for(lambda sent: sent.text.startswith("big.csv, read"), timeout=120)
        assert f"added: {ROWS}" in done.text
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert items_in(db, ann) == 3 + ROWS
