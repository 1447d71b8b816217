"""`python -m app notices KIND ...`: print notices, one or a batch, and reprint what was sent.

    notices renewal --term-end-month 2026-04 --out renewals.pdf     terms ending in April 2026
    notices renewal --deadline-within 30 --out renewals.pdf         non-renewal deadline within 30 days
    notices late-interest --overdue --out interest.pdf              every contract with an overdue payment
    notices termination|cure|change --due --out x.pdf               everything of that kind not yet sent
    notices KIND --contract NUMBER --out x.pdf                      one contract
    notices list [--contract NUMBER]                                what was sent
    notices reprint DOCUMENT_NUMBER --out x.pdf                     the stored PDF, byte for byte

`--per-customer` makes `--out` a folder with one PDF per customer. Every document is recorded
(number, SHA-256, PDF under the data folder) before the copy is written to `--out`; Ctrl+C
records nothing.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.errors import CliError

KINDS = {
    "renewal": "renewal",
    "termination": "termination_acceptance",
    "cure": "cure",
    "late-interest": "late_interest",
    "change": "change",
}
KIND_HELP = {
    "renewal": "契約更新のご案内",
    "termination": "解約のご通知受領および解約違約金のご請求",
    "cure": "催告書（第16条第1項）",
    "late-interest": "遅延利息のご請求",
    "change": "契約内容変更のご案内（第10条）",
}


def register(subparsers: Any) -> None:
    from app.store.paths import add_db_argument

    parser = subparsers.add_parser("notices", help="通知書の印刷（更新案内・解約受領・催告書・遅延利息・変更案内）と再印刷",
                                   description="通知書を作成・記録し、PDFに書き出します")
    kinds = parser.add_subparsers(dest="notice_kind", required=True, parser_class=type(parser))
    for name, label in KIND_HELP.items():
        sub = kinds.add_parser(name, help=label, description=f"{label}を作成します")
        sub.add_argument("--contract", metavar="NUMBER", help="この契約番号の1通だけ")
        if name == "renewal":
            sub.add_argument("--term-end-month", metavar="YYYY-MM", help="契約期間がこの月に満了する契約すべて")
            sub.add_argument("--deadline-within", metavar="DAYS", help="更新しない旨の申出期限がこの日数以内の契約すべて")
        elif name == "late-interest":
            sub.add_argument("--overdue", action="store_true", help="支払期日を過ぎた未入金のある契約すべて")
        else:
            sub.add_argument("--due", action="store_true", help="未送付のものすべて")
        if name in ("termination", "late-interest"):
            sub.add_argument("--payment-due", metavar="YYYY-MM-DD", help="印刷するお支払期日")
        sub.add_argument("--out", required=True, metavar="PATH", help="書き出すPDF（--per-customer ではフォルダ）")
        sub.add_argument("--per-customer", action="store_true", help="顧客ごとに1ファイル")
        sub.add_argument("--today", metavar="YYYY-MM-DD", help="発行日（既定: 今日）")
        add_db_argument(sub)
        sub.set_defaults(func=run_issue, kind_name=name)
    listing = kinds.add_parser("list", help="発行した通知書の一覧")
    listing.add_argument("--contract", metavar="NUMBER")
    add_db_argument(listing)
    listing.set_defaults(func=run_list)
    reprint = kinds.add_parser("reprint", help="発行済みの通知書を再印刷（保存したPDFそのもの）")
    reprint.add_argument("number", metavar="DOCUMENT_NUMBER", help="文書番号（例 SP2026-000123）")
    reprint.add_argument("--out", required=True, metavar="PATH")
    reprint.add_argument("--today", metavar="YYYY-MM-DD")
    add_db_argument(reprint)
    reprint.set_defaults(func=run_reprint)


class _StderrProgress:
    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()

    def report(self, done: int, total: int, text: str = "") -> None:
        if self.tty:
            print(f"\r{text} {done}/{total}", end="", file=sys.stderr, flush=True)

    @property
    def cancelled(self) -> bool:
        return False


def _today(args: argparse.Namespace) -> date:
    from app.cli.parsing import parse_date

    return parse_date(args.today, "発行日") if args.today else date.today()  # the CLI edge reads the clock


def _days(text: str) -> int:
    from app.inputs import normalise

    value = normalise(text)
    if not value.isdigit() or int(value) > 3660:
        raise CliError(f"日数は0以上3660以下の整数で指定してください: '{text}'")
    return int(value)


def _contract_id(session: Any, number: str) -> int:
    from sqlmodel import select

    from app.models import Contract

    found = session.exec(select(Contract.id).where(Contract.number == number.strip())).first()
    if found is None:
        raise CliError(f"契約番号 {number} の契約が見つかりません")
    return int(found)


def run_issue(args: argparse.Namespace) -> int:
    from app.cli.db import command_context, error_line, open_for_command
    from app.cli.parsing import parse_date, parse_month
    from app.notices import due
    from app.notices.builders import BuildOptions
    from app.notices.kinds import DocumentKind
    from app.store.engine import session_scope
    from app.usecases.context import reading_of
    from app.usecases.derived import refresh_lapsed
    from app.usecases.documents import Grouping, IssueRequest, documents_dir, issue_documents
    from app.usecases.errors import ValidationError

    kind = DocumentKind(KINDS[args.kind_name])
    today = _today(args)
    payment_due = parse_date(args.payment_due, "お支払期日") if getattr(args, "payment_due", None) else None
    selectors = [args.contract, getattr(args, "term_end_month", None), getattr(args, "deadline_within", None),
                 getattr(args, "overdue", False) or None, getattr(args, "due", False) or None]
    if sum(s is not None for s in selectors) != 1:
        raise CliError("対象を1つ指定してください（--contract、または一括の指定）")
    month = parse_month(args.term_end_month, "満了月") if getattr(args, "term_end_month", None) else None
    within = _days(args.deadline_within) if getattr(args, "deadline_within", None) else None
    out = Path(args.out)
    database, settings = open_for_command(args.db, create=False)
    try:
        with database:
            reading = reading_of(settings.terms_reading)
            refresh_lapsed(database.engine, today, reading=reading)
            with session_scope(database.engine) as session:
                if args.contract:
                    targets = [due.Target(_contract_id(session, args.contract))]
                elif month is not None:
                    targets = due.renewal_targets(session, month)
                elif within is not None:
                    targets = due.deadline_targets(session, today, within)
                elif kind == DocumentKind.LATE_INTEREST:
                    targets = due.overdue_targets(session, today)
                else:
                    targets = [due.Target(item.contract_id, item.options)
                               for item in due.due_to_send(session, today, 366) if item.kind == kind]
            if not targets:
                print("対象の契約はありません")
                return 0
            requests = [IssueRequest(kind, t.contract_id,
                                     BuildOptions(**{**t.options.__dict__, "payment_due": payment_due}))
                        for t in targets]
            ctx = command_context(settings, today)
            root = documents_dir(database.path)
            grouping = Grouping.PER_CUSTOMER if args.per_customer else Grouping.ONE_FILE
            try:
                result = issue_documents(database.engine, ctx, settings, requests, root=root, grouping=grouping,
                                         progress=_StderrProgress(), batch=f"cli-{kind.value}-{today.isoformat()}",
                                         skip_not_applicable=not args.contract)
            except KeyboardInterrupt:
                print("\n中断しました（何も記録していません）", file=sys.stderr)
                return 130
    except ValidationError as exc:
        raise CliError(exc.message) from exc
    except Exception as exc:
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(exc, SQLAlchemyError):
            raise CliError(error_line(exc, args.db)) from exc
        raise
    if sys.stderr.isatty():
        print(file=sys.stderr)
    written = _copy_out(result.files, out, per_customer=args.per_customer)
    for contract_id, reason in result.skipped:
        print(f"スキップ: {reason}", file=sys.stderr)
    print(f"{len(result.documents)}通を発行しました（文書番号 {result.documents[0].number}"
          f"{' ～ ' + result.documents[-1].number if len(result.documents) > 1 else ''}）: "
          f"{', '.join(str(p) for p in written)}")
    return 0


def _copy_out(files: list[Path], out: Path, *, per_customer: bool) -> list[Path]:
    try:
        if per_customer:
            out.mkdir(parents=True, exist_ok=True)
            targets = [out / f.name for f in files]
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            targets = [out]
        for source, target in zip(files, targets):
            shutil.copyfile(source, target)
    except OSError as exc:
        raise CliError(f"PDFを書き出せません: {out}（{exc.strerror or exc}）。通知書は記録済みです"
                       "（notices reprint で再出力できます）") from exc
    return targets


def run_list(args: argparse.Namespace) -> int:
    from app.cli.db import open_for_command
    from app.cli.table import render_table
    from app.formatting import yen
    from app.store.engine import session_scope
    from app.usecases.documents import list_documents

    database, _ = open_for_command(args.db, create=False)
    with database:
        contract_id = None
        if args.contract:
            with session_scope(database.engine) as session:
                contract_id = _contract_id(session, args.contract)
        rows = list_documents(database.engine, contract_id=contract_id)
    if not rows:
        print("発行した通知書はありません")
        return 0
    print(render_table(["文書番号", "発行日", "種類", "契約番号", "会社名", "金額"],
                       [[r.number, r.issue_date.isoformat(), r.kind_label, r.contract_number, r.company,
                         yen(r.amount) if r.amount else ""] for r in rows], right_align=(5,)))
    return 0


def run_reprint(args: argparse.Namespace) -> int:
    from sqlmodel import select

    from app.cli.db import command_context, open_for_command
    from app.models import IssuedDocument
    from app.store.engine import session_scope
    from app.usecases.documents import documents_dir, record_reprint
    from app.usecases.errors import ValidationError

    database, settings = open_for_command(args.db, create=False)
    try:
        with database:
            with session_scope(database.engine) as session:
                found = session.exec(select(IssuedDocument.id).where(
                    IssuedDocument.document_number == args.number.strip())).first()
            if found is None:
                raise CliError(f"文書番号 {args.number} の通知書は発行されていません")
            ctx = command_context(settings, _today(args))
            stored = record_reprint(database.engine, ctx, int(found), root=documents_dir(database.path))
    except ValidationError as exc:
        raise CliError(exc.message) from exc
    try:
        Path(args.out).write_bytes(stored.data)
    except OSError as exc:
        raise CliError(f"PDFを書き出せません: {args.out}（{exc.strerror or exc}）") from exc
    where = f"（一括発行ファイル。{args.number} は {stored.pages_text}）" if stored.shared else ""
    print(f"{args.number} を {args.out} に書き出しました{where}")
    return 0
