"""Issuing a printed quote: numbered, stored and recorded like a notice (IssuedDocument + audit entry).

The steps (number, temporary file, row and audit entry, rename, commit) are those of every issued
document: `app.usecases.documents.issue_ready`. A failure leaves neither a row nor a file; a
number is never given twice. A prospect's quote is recorded too, without a contract.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from app.formatting import format_date, yen
from app.notices.kinds import DocumentKind
from app.notices.quote_document import render_quote
from app.quote.model import Quote
from app.quote.text import TITLE
from app.settings import Settings
from app.usecases.context import UseCaseContext
from app.usecases.documents import IssuedFile, ReadyDocument, issue_ready, require_company_profile
from app.usecases.errors import StateError

IssuedQuote = IssuedFile


def issue_quote(engine: Engine, ctx: UseCaseContext, settings: Settings, quote: Quote, *, root: Path) -> IssuedQuote:
    """Number, render, store and record the quote (issued on ctx.today). Raises MissingCompanyProfile,
    StateError; nothing is written when it fails."""
    require_company_profile(settings)
    if quote.issued_on != ctx.today:
        raise StateError("見積りの発行日が今日ではありません。画面を開き直してください")
    cheapest = quote.cheapest

    def summary(number: str) -> str:
        who = quote.subject.contract_number or quote.subject.addressee.company or "見込み客"
        text = f"解約違約金のお見積りを発行（文書番号 {number}、{who}、通知到達日 {format_date(quote.notice_date)}"
        return text + (f"、最安 {yen(cheapest.total)}）" if cheapest else "）")

    document = ReadyDocument(
        kind=DocumentKind.PENALTY_QUOTE, contract_id=quote.subject.contract_id, subject=TITLE,
        amount=cheapest.total if cheapest else 0,
        render=lambda number: render_quote(quote, settings, document_number=number), summary=summary,
    )
    return issue_ready(engine, ctx, document, root=root)
