"""`python -m app deadlines --within 60 [--json] [--today YYYY-MM-DD] [--db PATH]`: what falls due.

Lists non-renewal deadlines (warned from the strict reading's day), renewal dates, cure
deadlines, ends of the confidentiality duty and the ends fixed by customers' notices received
(解約予定日) from today through today + N days. A read:
the database is not changed, whatever day is asked about.
"""
from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from app.cli.errors import CliError
from app.cli.parsing import parse_date
from app.inputs import normalise
from app.cli.table import render_table


def register(subparsers: Any) -> None:
    from app.store.paths import add_db_argument

    parser = subparsers.add_parser("deadlines", help="期限の近い契約の一覧（更新拒絶期限・更新日・是正期限・機密保持終了・解約予定日）",
                                   description="今日から指定日数以内に到来する期限を一覧にします")
    parser.add_argument("--within", default="60", metavar="DAYS", help="何日先までを表示するか（既定 60）")
    parser.add_argument("--today", default=None, metavar="YYYY-MM-DD", help="基準日（既定: 今日）")
    parser.add_argument("--json", action="store_true", help="JSON で出力")
    add_db_argument(parser)
    parser.set_defaults(func=run)


def parse_days(text: str) -> int:
    value = normalise(text)
    if not value.isdigit():
        raise CliError(f"日数は0以上の整数で指定してください: '{text}'")
    return int(value)


def run(args: argparse.Namespace) -> int:
    within = parse_days(args.within)
    today = parse_date(args.today, "基準日") if args.today else date.today()  # the CLI edge reads the clock
    from app.cli.db import error_line, open_for_command
    from app.usecases.context import reading_of
    from app.usecases.deadlines import due_within
    from app.usecases.errors import ValidationError

    database, settings = open_for_command(args.db, create=False)
    try:
        with database:  # a read: nothing is written, whatever day is asked about
            rows = due_within(database.engine, today, within, reading=reading_of(settings.terms_reading))
    except ValidationError as exc:
        raise CliError(exc.message) from exc
    except SQLAlchemyError as exc:
        raise CliError(error_line(exc, args.db)) from exc
    if args.json:
        print(json.dumps([_as_json(row, today) for row in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(f"{today.isoformat()} から {within} 日以内に到来する期限はありません")
        return 0
    table = [
        [row.date.isoformat(), f"{(row.date - today).days}日", row.kind, row.contract_number, row.company_name,
         row.warning]
        for row in rows
    ]
    print(render_table(["期限日", "残り", "種類", "契約番号", "会社名", "注意"], table, right_align=(1,)))
    print(f"{len(rows)}件（基準日 {today.isoformat()}、{within}日以内）")
    return 0


def _as_json(row: Any, today: date) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "date": row.date.isoformat(),
        "days_left": (row.date - today).days,
        "contract_id": row.contract_id,
        "contract_number": row.contract_number,
        "company_name": row.company_name,
        "strict_date": row.strict_date.isoformat() if row.strict_date else None,
        "warning": row.warning,
    }
