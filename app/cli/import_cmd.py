"""`python -m app import FILE [--dry-run] [--skip-invalid] [--mapping MAP.toml] [--sheet NAME] [--today] [--db]`.

Reads an .xlsx or .csv file of contracts, maps its columns (MAP.toml, else the mapping the
window remembered, else guessed from the headers), checks every row (the dry run) and imports
in one transaction. Without --skip-invalid a file with any problem imports nothing. Every
problem goes to stderr with its row and column; the exit code is 2 whenever a problem was
found (even when --skip-invalid imported the other rows), 0 otherwise.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.cli.errors import CliError
from app.cli.parsing import parse_date


def register(subparsers: Any) -> None:
    from app.store.paths import add_db_argument

    parser = subparsers.add_parser(
        "import", help="契約を Excel（.xlsx）・CSV から取り込む（--dry-run で確認だけ）",
        description="Excel（.xlsx）または CSV の契約一覧を取り込みます。問題が一つでもあれば何も取り込みません"
                    "（--skip-invalid で問題のない行だけ取り込み）。問題は標準エラーに行・列つきで出力し、終了コードは 2 です。")
    parser.add_argument("file", metavar="FILE", type=Path, help="取り込むファイル（.xlsx または .csv）")
    parser.add_argument("--dry-run", action="store_true", help="取り込まずに、作成・更新される内容と問題だけを表示する")
    parser.add_argument("--skip-invalid", action="store_true", help="問題のある行を除いて取り込む")
    parser.add_argument("--mapping", metavar="MAP.toml", type=Path, default=None,
                        help="列の対応ファイル（[columns] に 見出し = 項目）。省略時は前回の対応と見出しから推定")
    parser.add_argument("--sheet", default=None, metavar="NAME", help="読み込むシート名（.xlsx。省略時は開いていたシート）")
    parser.add_argument("--today", default=None, metavar="YYYY-MM-DD", help="基準日（既定: 今日）")
    add_db_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from app.cli.db import error_line, open_for_command
    from app.exchange.apply import apply_plan
    from app.exchange.mapping import MappingError, guess_mapping, load_mapping_file, load_remembered
    from app.exchange.plan import plan_import
    from app.exchange.problems import ImportFileError
    from app.exchange.reader import read_sheet
    from app.usecases.context import context_from_settings
    from app.usecases.errors import ValidationError

    today = parse_date(args.today, "基準日") if args.today else date.today()  # the CLI edge reads the clock
    path: Path = args.file
    try:
        remembered = load_mapping_file(args.mapping) if args.mapping else load_remembered()
    except MappingError as exc:
        raise CliError(str(exc)) from None
    try:
        sheet = read_sheet(path, args.sheet)
    except ImportFileError as exc:
        print(f"{path.name}: {exc.problem.line()}", file=sys.stderr)
        return 2
    mapping = guess_mapping(sheet.headers, remembered)
    if len(sheet.sheet_names) > 1:
        others = "、".join(n for n in sheet.sheet_names if n != sheet.sheet_name)
        print(f"シート「{sheet.sheet_name}」を読み込みます（ほかのシート: {others}。--sheet で選べます）")
    if args.dry_run and not _database_exists(args.db):  # a dry run checks the file; it never creates a database
        print("データベースがまだないため、ファイルだけを確認します（すべて新規として表示）")
        return _report(sheet, plan_import(sheet, mapping, None, today), dry_run=True)
    database, settings = open_for_command(args.db)
    try:
        with database:
            plan = plan_import(sheet, mapping, database.engine, today)
            if args.dry_run:
                return _report(sheet, plan, dry_run=True)
            _report(sheet, plan, dry_run=False)
            found, counts = len(plan.problems), _counts(plan)
            if plan.file_blocked or (found and not args.skip_invalid):
                print(f"問題が{found}件あるため、何も取り込みませんでした（{counts}）。"
                      "問題のない行だけ取り込むには --skip-invalid を付けてください", file=sys.stderr)
                return 2
            ctx = context_from_settings(settings, today, clock=lambda: datetime.now().astimezone())
            result = apply_plan(database.engine, ctx, plan, skip_invalid=args.skip_invalid)
            print(f"取り込みました（{sheet.name}）: {result.summary()}")
            return 2 if found else 0
    except ValidationError as exc:
        raise CliError(f"取り込みを中止しました（何も変更していません）: {exc.message}") from None
    except SQLAlchemyError as exc:
        raise CliError(error_line(exc, args.db)) from exc


def _database_exists(db_arg: str | None) -> bool:
    """False only for a SQLite file that is not there yet (a server database is assumed to exist)."""
    from app.settings import SettingsError, load_settings
    from app.store.errors import StoreError
    from app.store.paths import resolve_db_url, sqlite_file_path

    try:
        path = sqlite_file_path(resolve_db_url(db_arg, configured=load_settings().db_path))
    except (SettingsError, StoreError):
        return True  # let opening report it
    return path is None or path.exists()


def _counts(plan: Any) -> str:
    from app.exchange.plan import Action

    return (f"新規 {plan.count(Action.CREATE)}件、更新 {plan.count(Action.UPDATE)}件、"
            f"変更なし {plan.count(Action.UNCHANGED)}件、問題のある行 {plan.count(Action.INVALID)}件")


def _report(sheet: Any, plan: Any, *, dry_run: bool) -> int:
    """The mapping on stdout, every problem on stderr; for a dry run the counts and the exit code."""
    _print_mapping(sheet.headers, plan.mapping.columns)
    for problem in plan.problems:
        print(f"{sheet.name}: {problem.line()}", file=sys.stderr)
    found = len(plan.problems)
    if dry_run:
        print(f"確認のみ（取り込んでいません）: {_counts(plan)}" + (f"、問題 {found}件" if found else ""))
    return 2 if found else 0


def _print_mapping(headers: list[str], columns: dict[int, str]) -> None:
    from app.exchange.fields import BY_KEY
    from app.exchange.problems import column_letter

    pairs = [f"{column_letter(i + 1)}「{headers[i]}」→{BY_KEY[key].label}" for i, key in sorted(columns.items())]
    print("列の対応: " + "、".join(pairs))
