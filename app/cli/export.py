"""`python -m app export contracts|deadlines --out FILE [--filter TEXT] [--within N] [--today] [--db]`.

The format follows the file's extension: .xlsx or .csv (UTF-8 with BOM) for both lists, and
.ics (iCalendar, one all-day event per deadline with a reminder Settings.calendar_reminder_days
ahead) for deadlines.
"""
from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.cli.errors import CliError
from app.cli.parsing import parse_date

LISTS = {"contracts": "契約一覧", "deadlines": "期限一覧"}


def register(subparsers: Any) -> None:
    from app.store.paths import add_db_argument

    parser = subparsers.add_parser(
        "export", help="契約一覧・期限一覧を Excel（.xlsx）・CSV・カレンダー（.ics）に出力する",
        description="形式は出力ファイルの拡張子で決まります: .xlsx、.csv（UTF-8 BOM 付き）、期限一覧は .ics も可")
    parser.add_argument("what", choices=tuple(LISTS), help="contracts（契約一覧）または deadlines（期限一覧）")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE", help="出力ファイル（.xlsx / .csv / .ics）")
    parser.add_argument("--filter", default="", metavar="TEXT", help="契約一覧: 画面と同じ絞り込み（番号・会社名・担当者）")
    parser.add_argument("--within", default=None, metavar="DAYS",
                        help="期限一覧: 何日先までか（既定: 設定のホーム画面の表示日数、通常 60）")
    parser.add_argument("--today", default=None, metavar="YYYY-MM-DD", help="基準日（既定: 今日）")
    add_db_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from app.cli.db import error_line, open_for_command
    from app.cli.deadlines import parse_days
    from app.exchange.export_table import ExportError

    out: Path = args.out
    suffix = out.suffix.lower()
    allowed = (".xlsx", ".csv", ".ics") if args.what == "deadlines" else (".xlsx", ".csv")
    if suffix not in allowed:
        raise CliError(f"{LISTS[args.what]}の出力形式は {'、'.join(allowed)} です（ファイル名の拡張子で指定）: {out.name}")
    today = parse_date(args.today, "基準日") if args.today else date.today()  # the CLI edge reads the clock
    asked = parse_days(args.within) if args.within is not None else None  # bad input before the database opens
    database, settings = open_for_command(args.db, create=False)
    within = asked if asked is not None else settings.dashboard_days
    try:
        with database:
            engine = database.engine
            if args.what == "deadlines":
                from app.usecases.context import reading_of
                from app.usecases.derived import refresh_lapsed

                refresh_lapsed(engine, today, reading=reading_of(settings.terms_reading))  # as `deadlines` lists them
            if args.what == "contracts":
                from app.exchange.export_lists import export_contracts

                count = export_contracts(engine, out, text=args.filter)
            elif suffix == ".ics":
                from app.exchange.calendar import export_deadlines_ics

                count = export_deadlines_ics(engine, out, today, within, reminder_days=settings.calendar_reminder_days,
                                             stamp=datetime.now().astimezone())
            else:
                from app.exchange.export_lists import export_deadlines

                count = export_deadlines(engine, out, today, within)
    except ExportError as exc:
        raise CliError(str(exc)) from None
    except SQLAlchemyError as exc:
        raise CliError(error_line(exc, args.db)) from exc
    print(f"{LISTS[args.what]}を出力しました: {out}（{count}件）")
    return 0
