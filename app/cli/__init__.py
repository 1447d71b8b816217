"""`python -m app ...`: the same use cases as the window, without a window.

Each sub-command lives in its own module exposing ``register(subparsers)``; the
module's handler is stored as ``func`` on the parsed namespace and returns the
process exit code. Bad input is reported as one line on stderr with exit code 2.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

# Sub-command name -> module. Only the module of the command given is imported, so that
# `quote` never loads the database stack; `--help` and usage errors import them all.
COMMANDS = {"quote": "app.cli.quote", "db": "app.cli.db", "deadlines": "app.cli.deadlines",
            "import": "app.cli.import_cmd", "export": "app.cli.export", "notices": "app.cli.notices"}
COMMAND_MODULES = tuple(COMMANDS.values())


from app.cli.errors import CliError

__all__ = ["CliError", "build_parser", "main"]


_ARGPARSE_MESSAGES = (
    ("the following arguments are required:", "必須の引数がありません:"),
    ("unrecognized arguments:", "不明な引数があります:"),
    ("invalid choice:", "選べない値です:"),
    ("expected one argument", "値が必要です"),
    ("argument ", "引数 "),
)


class OneLineParser(argparse.ArgumentParser):
    """Usage errors as one Japanese line on stderr, exit code 2 (argparse would print the whole usage)."""

    def error(self, message: str) -> NoReturn:
        for english, japanese in _ARGPARSE_MESSAGES:
            message = message.replace(english, japanese)
        self.exit(2, f"エラー: {message}（{self.prog} --help で使い方を表示）\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every sub-command, or with the one named `only`."""
    parser = OneLineParser(prog="python -m app", description="セキュリティ・プラス 契約管理ツール")
    parser.add_argument("--db", metavar="PATH", help="データベースファイル（サブコマンドの前でも後でも指定できます）")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    names = [COMMANDS[only]] if only in COMMANDS else COMMAND_MODULES
    for name in names:
        importlib.import_module(name).register(subparsers)
    return parser


def load_terms_profiles() -> None:
    """Load and validate the terms profiles at start: a malformed file is one line naming file and field."""
    from app.terms.profile import ProfileError, default_registry

    try:
        default_registry()
    except ProfileError as exc:
        raise CliError(f"約款プロファイルを読み込めません: {exc}") from None


def global_options_last(arguments: list[str]) -> list[str]:
    """`--db FILE` given before the sub-command (`python -m app --db FILE quote ...`) moves behind it,
    where every sub-command that reads the database takes it."""
    if arguments and arguments[0].startswith("--db="):
        return [*arguments[1:], arguments[0]]
    if len(arguments) >= 2 and arguments[0] == "--db":
        return [*arguments[2:], *arguments[:2]]
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    arguments = global_options_last(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser(arguments[0] if arguments else None)
    args = parser.parse_args(arguments)
    try:
        load_terms_profiles()
        return int(args.func(args))
    except CliError as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `python -m app ... | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
