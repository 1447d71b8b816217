"""Issuing a printed quote: numbered, stored and recorded like a notice (IssuedDocument + audit entry).

The same order as app.usecases.documents: the number is allocated and the PDF rendered to a
temporary name inside the transaction, the row and its audit entry written, the file renamed into
place, then the commit. A failure leaves neither a row nor a file; a number is never given twice.
A prospect's quote is recorded too, without a contract.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from app.formatting import yen
from app.models import IssuedDocument
from app.notices.builders import document_number
from app.notices.kinds import DocumentKind
from app.notices.quote_document import render_quote
from app.notices.templates import common_values
from app.quote.model import Quote
from app.quote.text import TITLE
from app.settings import Settings
from app.store import session_scope
from app.usecases.audit import write_audit
from app.usecases.context import UseCaseContext
from app.usecases.documents import require_company_profile
from app.usecases.errors import StateError


@dataclass(frozen=True)
class IssuedQuote:
    document_id: int
    document_number: str
    path: Path
    data: bytes


def issue_quote(engine: Engine, ctx: UseCaseContext, settings: Settings, quote: Quote, *, root: Path) -> IssuedQuote:
    """Number, render, store and record the quote (issued on ctx.today). Raises MissingCompanyProfile,
    StateError; nothing is written when it fails."""
    require_company_profile(settings)
    if quote.issued_on != ctx.today:
        raise StateError("見積りの発行日が今日ではありません。画面を開き直してください")
    temp: Path | None = None
    final: Path | None = None
    try:
        with session_scope(engine) as session:
            sequence = int(session.exec(select(func.max(IssuedDocument.sequence))).one() or 0) + 1
            number = document_number(common_values()["number_prefix"], ctx.today, sequence)
            data = render_quote(quote, settings, document_number=number)
            final = root / str(ctx.today.year) / f"{number}.pdf"
            final.parent.mkdir(parents=True, exist_ok=True)
            temp = final.with_name(f".{final.stem}.{os.getpid()}.part")
            with open(temp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            cheapest = quote.cheapest
            row = IssuedDocument(
                sequence=sequence, document_number=number, kind=DocumentKind.PENALTY_QUOTE.value,
                contract_id=quote.subject.contract_id, issue_date=ctx.today, subject=TITLE,
                amount=cheapest.total if cheapest else 0, file_name=final.relative_to(root).as_posix(),
                file_sha256=hashlib.sha256(data).hexdigest(), first_page=1, page_count=1, actor=ctx.actor,
                created_at=ctx.now(),
            )
            who = quote.subject.contract_number or quote.subject.addressee.company or "見込み客"
            summary = f"解約違約金のお見積りを発行（文書番号 {number}、{who}、通知到達日 {quote.notice_date.isoformat()}"
            summary += f"、最安 {yen(cheapest.total)}）" if cheapest else "）"
            document_id = write_audit(session, ctx, action="issue_document", row=row, before=None,
                                      contract_id=quote.subject.contract_id, summary=summary)
            session.flush()
            os.replace(temp, final)
            temp = None
    except IntegrityError as exc:
        _remove(temp, final)
        raise StateError("同時に別の文書が発行されたため文書番号を確保できませんでした。もう一度実行してください") from exc
    except BaseException:
        _remove(temp, final)
        raise
    return IssuedQuote(document_id, number, final, data)


def _remove(*paths: Path | None) -> None:
    for path in paths:
        if path is not None:
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
