"""`python -m app quote`: the penalty quote of SPEC section 4 on the command line.

    python -m app quote --start 2025-04-15 --monthly 50000 --notice 2025-09-10 [--end 2025-10-31] [--json]
                        [--pdf out.pdf]
    python -m app [--db FILE] quote --contract NUMBER --notice 2025-09-10 [--pdf out.pdf] [--db FILE]

The PDF is the printed quote of the window (app/notices/quote_document.py), from the same numbers.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.errors import CliError
from app.cli.parsing import parse_date, parse_month, parse_yen
from app.cli.table import render_table
from app.formatting import format_date, yen
from app.quote import Quote, QuoteInputError, QuoteSubject, build_quote
from app.terms import (
    ContractTerms,
    FeeChange,
    FeeSchedule,
    TerminationOptions,
    TerminationQuote,
    TermsInputError,
    require_allowed,
    termination_options,
    default_registry,
    termination_quote_for_contract,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("quote", help="解約違約金の見積（終了方法の比較）")
    parser.add_argument("--contract", metavar="NUMBER", help="登録済みの契約の契約番号（--start 等の代わりに）")
    parser.add_argument("--start", help="本サービス開始日 (YYYY-MM-DD)")
    parser.add_argument("--monthly", help="月額費用（円、税抜）")
    parser.add_argument("--notice", required=True, help="解約通知の到達日 (YYYY-MM-DD)")
    parser.add_argument("--end", help="終了希望日（最終利用日）")
    parser.add_argument("--initial-end", help="通知された契約期間の満了日（省略時は最低利用期間）")
    parser.add_argument("--initial-fee", default="0", help="初期費用（円、税抜）")
    parser.add_argument("--change", action="append", default=[], metavar="YYYY-MM:FEE",
                        help="変更契約: 適用月と新しい月額費用（複数可）")
    parser.add_argument("--json", action="store_true", help="JSON で出力")
    parser.add_argument("--pdf", metavar="FILE", help="見積書（解約違約金のお見積り）を PDF で保存する")
    parser.add_argument("--issue", action="store_true",
                        help="見積書を発行して記録する（文書番号を付けてデータベースに記録。会社情報が必要）")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="見積書の発行日（既定: 今日）")
    parser.add_argument("--db", metavar="PATH", default=None,
                        help="データベースファイル（--contract のとき。省略時は設定・既定の場所）")
    parser.set_defaults(func=run)


@dataclass(frozen=True)
class QuoteRequest:
    contract: ContractTerms
    notice: date
    end: date | None
    subject: QuoteSubject | None = None  # a stored contract's (customer, number); None for a prospect


def parse_change(text: str) -> FeeChange:
    month, sep, fee = text.partition(":")
    if not sep:
        raise CliError(f"--change は YYYY-MM:月額 の形式で入力してください: '{text}'")
    return FeeChange(parse_month(month, "変更契約の適用月"), parse_yen(fee, "変更後の月額費用"))


def stored_subject(args: argparse.Namespace) -> QuoteSubject:
    if args.start or args.monthly or args.change or args.initial_end:
        raise CliError("--contract と --start・--monthly・--change・--initial-end は同時に指定できません")
    from app.cli.db import open_for_command
    from app.quote.stored import load_subject

    database, _settings = open_for_command(args.db, create=False)
    try:
        with database:
            return load_subject(database.engine, number=args.contract)
    except QuoteInputError as exc:
        raise CliError(exc.message) from None


def parse_request(args: argparse.Namespace) -> QuoteRequest:
    if args.contract:
        subject = stored_subject(args)
        notice = parse_date(args.notice, "通知到達日")
        if notice < subject.terms.start:
            raise CliError(f"通知到達日（{format_date(notice)}）が本サービス開始日"
                           f"（{format_date(subject.terms.start)}）より前です")
        end = parse_date(args.end, "終了希望日") if args.end else None
        return QuoteRequest(subject.terms, notice, end, subject)
    if not args.start or not args.monthly:
        raise CliError("--start と --monthly（見込み客の開始日と月額費用）、または --contract（契約番号）を指定してください")
    start = parse_date(args.start, "開始日")
    schedule = FeeSchedule(parse_yen(args.monthly, "月額費用"), tuple(parse_change(c) for c in args.change))
    initial_end = parse_date(args.initial_end, "契約期間の満了日") if args.initial_end else None
    try:
        contract = ContractTerms(start, schedule, initial_end, parse_yen(args.initial_fee, "初期費用"))
    except TermsInputError as exc:
        raise CliError(exc.message) from None
    notice = parse_date(args.notice, "通知到達日")
    if notice < start:
        raise CliError(f"通知到達日（{format_date(notice)}）が本サービス開始日（{format_date(start)}）より前です")
    end = parse_date(args.end, "終了希望日") if args.end else None
    return QuoteRequest(contract, notice, end)


def quote_for_end(request: QuoteRequest) -> TerminationQuote | None:
    if request.end is None:
        return None
    try:
        return require_allowed(termination_quote_for_contract(request.contract, request.notice, request.end))
    except TermsInputError as refused:
        assert refused.allowed is not None
        raise CliError(f"{refused.message}（指定可能な日: {refused.allowed.isoformat()}）") from None


def as_json(request: QuoteRequest, options: TerminationOptions, quote: TerminationQuote | None) -> dict[str, Any]:
    contract = request.contract
    return {
        "start": contract.start.isoformat(),
        "initial_term_end": contract.chain().initial_end.isoformat(),
        "term_confirmed": contract.term_confirmed,
        "notice": request.notice.isoformat(),
        "earliest_end": options.earliest_end.isoformat(),
        "latest_end": options.latest_end.isoformat(),
        "profile": options.profile_id,
        "earlier_terms_version": options.earlier_terms_version,
        "penalty_tax": options.penalty_tax_note,
        "options": [
            {
                "key": o.key,
                "label": o.label,
                "available": o.available,
                "notice_by": o.notice_by.isoformat(),
                "last_service_day": o.last_service_day.isoformat(),
                "suggested_end": o.suggested_end.isoformat(),
                "fees_billed": o.fees_billed,
                "fees_tax": o.fees_tax,
                "penalty": o.penalty,
                "penalty_tax": o.penalty_tax,
                "total": o.total,
                "note": o.note,
            }
            for o in options.options
        ],
        "requested": None if quote is None else {
            "end": quote.end.isoformat(),
            "term_end": quote.term_end.isoformat(),
            "remaining_months": quote.remaining_months,
            "penalty": quote.penalty,
            "after_renewal": quote.after_renewal,
        },
    }


def as_text(request: QuoteRequest, options: TerminationOptions, quote: TerminationQuote | None) -> str:
    contract = request.contract
    chain = contract.chain()
    term_note = "" if contract.term_confirmed else "（最低利用期間: 契約期間未確認）"
    lines = [
        f"解約違約金見積　通知到達日 {format_date(request.notice)}",
        f"開始日 {format_date(contract.start)}　月額費用 {yen(contract.schedule.base_fee)}"
        f"　当初契約期間満了日 {format_date(chain.initial_end)}{term_note}",
        f"指定できる終了日: {format_date(options.earliest_end)} 〜 {format_date(options.latest_end)}",
    ]
    if options.earlier_terms_version:
        effective = format_date(default_registry().by_id(options.profile_id).effective)
        lines.append(f"※ 通知日は{effective}改定前です（改定前の約款版）。{effective}版で計算しています。")
    if quote is not None:
        lines.append(
            f"指定の終了日 {format_date(quote.end)}: 違約金 {yen(quote.penalty)}"
            f"（終了月の翌月から{format_date(quote.term_end)}まで {quote.remaining_months}ヶ月分）"
        )
    lines.append("")
    rows = []
    for o in options.options:
        if o.available:
            rows.append([o.label, format_date(o.notice_by), format_date(o.last_service_day),
                         yen(o.fees_billed), yen(o.fees_tax), yen(o.penalty), yen(o.total), o.note])
        else:
            rows.append([o.label, "—", "—", "—", "—", "—", "—", o.note])
    lines.append(render_table(
        ["終了方法", "通知到達期限", "最終利用日", "今後の月額費用", "消費税", "違約金", "合計", "備考"],
        rows, right_align=(3, 4, 5, 6),
    ))
    lines.append("")
    lines.append(f"違約金の消費税: {options.penalty_tax_note}。今後の月額費用は通知月から終了月まで（終了月は全額）。")
    lines.append("通知は到達後、当社の同意なく撤回できません。送付前にこの見積をご確認ください。")
    return "\n".join(lines)


def build_document(request: QuoteRequest, today: date) -> Quote:
    """The quote of the window and the PDF, from the same request."""
    subject = request.subject or QuoteSubject(request.contract)
    try:
        return build_quote(subject, request.notice, issued_on=today, requested_end=request.end)
    except QuoteInputError as exc:
        raise CliError(exc.message) from None


def write_pdf(document: Quote, target: str) -> Path:
    """Render, then write (a quote that cannot be rendered leaves no file); company profile from the settings."""
    from app.notices.quote_document import write_quote
    from app.settings import SettingsError, load_settings, missing_company_fields

    try:
        settings = load_settings()
    except SettingsError as exc:
        raise CliError(str(exc)) from None
    path = Path(target)
    if path.is_dir():
        raise CliError(f"PDF の保存先がフォルダです: {path}")
    try:
        write_quote(document, settings, path)
    except OSError as exc:
        raise CliError(f"PDF を保存できません: {path}（{exc.strerror or exc}）") from None
    missing = missing_company_fields(settings)
    if missing:
        print(f"注意: 会社情報（{'・'.join(missing)}）が未設定のため差出人が空欄です（設定画面で入力してください）",
              file=sys.stderr)
    return path


def issue_pdf(document: Quote, args: argparse.Namespace, today: date) -> Path:
    """Number, store and record the quote like a notice; --pdf also gets a copy. Returns where it is."""
    from app.cli.db import command_context, error_line, open_for_command
    from app.quote.issue import issue_quote
    from app.usecases.documents import documents_dir
    from app.usecases.errors import ValidationError

    database, settings = open_for_command(args.db, create=False)
    try:
        with database:
            ctx = command_context(settings, today)
            issued = issue_quote(database.engine, ctx, settings, document, root=documents_dir(database.path))
    except ValidationError as exc:
        raise CliError(exc.message) from None
    except OSError as exc:
        raise CliError(error_line(exc, args.db)) from None
    print(f"見積書を発行しました: 文書番号 {issued.document_number}（{issued.path}）", file=sys.stderr)
    if not args.pdf:
        return issued.path
    path = Path(args.pdf)
    try:
        path.write_bytes(issued.data)
    except OSError as exc:
        raise CliError(f"PDF を保存できません: {path}（{exc.strerror or exc}）。発行済みの見積書: {issued.path}") from None
    return path


def run(args: argparse.Namespace) -> int:
    request = parse_request(args)
    today = parse_date(args.today, "発行日") if args.today else date.today()  # the CLI edge reads the clock
    try:
        quote = quote_for_end(request)
        options = termination_options(request.contract, request.notice)
    except TermsInputError as exc:  # e.g. a renewal chain too long for the dates given
        raise CliError(exc.message) from None
    document = build_document(request, today)
    if args.issue:
        pdf: Path | None = issue_pdf(document, args, today)
    else:
        pdf = write_pdf(document, args.pdf) if args.pdf else None
    if args.json:
        data = as_json(request, options, quote)
        data["contract"] = document.subject.contract_number or None
        data["cheapest"] = document.cheapest.key if document.cheapest else None
        for item, column in zip(data["options"], document.columns, strict=False):
            item["difference"] = column.difference
        data["pdf"] = str(pdf) if pdf else None
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        if document.subject.contract_number:
            print(f"契約番号 {document.subject.contract_number}　{document.subject.addressee.company}")
            for warning in document.subject.warnings:
                print(f"注意: {warning}")
        print(as_text(request, options, quote))
        if document.cheapest is not None:
            others = [f"{c.label} +{yen(c.difference)}" for c in document.available if not c.cheapest]
            print(f"最も費用の少ない終了方法: {document.cheapest.label}（合計 {yen(document.cheapest.total)}）"
                  + (f"　差額: {'、'.join(others)}" if others else ""))
        if pdf is not None:
            print(f"\n見積書を保存しました: {pdf}")
    return 0
