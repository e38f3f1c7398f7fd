"""`python -m bot`: the same as `tastemap bot`."""

from __future__ import annotations

import argparse
import logging
import sys

from bot.cli import add_arguments, run_command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="tastemap's Telegram bot")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    add_arguments(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
