"""`python -m app ...`: the same use cases as the window, without a window.

Each sub-command lives in its own module exposing ``register(subparsers)``; the
module's handler is stored as ``func`` on the parsed namespace and returns the
process exit code. Bad input is reported as one line on stderr with exit code 2.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Sub-command modules, imported lazily so that `quote` never loads the database stack.
COMMAND_MODULES = ("app.cli.quote", "app.cli.db", "app.cli.deadlines")


class CliError(Exception):
    """Bad input from the command line: printed as one line, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app", description="セキュリティ・プラス 契約管理ツール")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a sub-command not built yet
            if exc.name == name:
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except CliError as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return 2
