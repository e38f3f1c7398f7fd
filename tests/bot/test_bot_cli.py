"""`tastemap bot` and `python -m bot`: found through the entry point, clear about a missing
token or a bad webhook secret."""

from __future__ import annotations

import subprocess
import sys

from engine.cli import _parser, main


def test_the_bot_subcommand_comes_from_the_entry_point():
    args = _parser().parse_args(["bot", "--no-warm"])
    from bot.cli import run_command

    assert args.run is run_command
    assert args.no_warm


def test_without_a_token_the_bot_says_how_to_get_one(monkeypatch, capsys):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["bot", "--no-warm"]) == 2
    assert "@BotFather" in capsys.readouterr().err


def test_a_webhook_secret_telegram_would_refuse_is_caught_at_start(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:x")
    monkeypatch.setenv("TASTEMAP_DB", str(tmp_path / "db.sqlite3"))
    monkeypatch.setenv("TASTEMAP_WEBHOOK_URL", "https://example.org/tastemap")
    monkeypatch.setenv("TASTEMAP_WEBHOOK_SECRET", "not allowed!")
    assert main(["bot", "--no-warm"]) == 2
    assert "TASTEMAP_WEBHOOK_SECRET" in capsys.readouterr().err


def test_python_dash_m_bot_has_the_same_options():
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, check=True
    )
    assert "--no-warm" in done.stdout
