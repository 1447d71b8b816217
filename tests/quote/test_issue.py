"""Issuing a quote records it like a notice: numbered, the PDF stored with its SHA-256, an audit entry;
a refused issue writes neither a row nor a file."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlmodel import Session, select

from app.models import AuditEntry, IssuedDocument
from app.quote import QuoteSubject, build_quote
from app.quote.issue import issue_quote
from app.quote.stored import load_subject
from app.settings import Settings
from app.startup import open_workspace
from app.usecases.context import UseCaseContext
from app.usecases.documents import MissingCompanyProfile, load_pdf
from tests.quote.pdf_text import COMPANY, pdf_text
from tests.quote.stored import NUMBER, contract_database

NOW = datetime(2025, 9, 10, 10, 0, tzinfo=timezone(timedelta(hours=9)))
CTX = UseCaseContext("山田 太郎", NOW.date())


def test_issued_quote_is_numbered_stored_and_audited(tmp_path: Path) -> None:
    workspace = open_workspace(str(contract_database(tmp_path / "secplus.db")), COMPANY, NOW)
    with workspace.database:
        engine = workspace.database.engine
        subject = load_subject(engine, number=NUMBER)
        quote = build_quote(subject, date(2025, 9, 10), issued_on=CTX.today)
        root = tmp_path / "documents"
        first = issue_quote(engine, CTX, COMPANY, quote, root=root)
        second = issue_quote(engine, CTX, COMPANY, quote, root=root)
        assert first.document_number != second.document_number and first.path.is_file()
        assert first.document_number in pdf_text(first.data, tmp_path)
        with Session(engine) as session:
            rows = session.exec(select(IssuedDocument).order_by(IssuedDocument.sequence)).all()
            audit = session.exec(select(AuditEntry).where(AuditEntry.action == "issue_document")).all()
        assert [r.document_number for r in rows] == [first.document_number, second.document_number]
        assert rows[0].file_sha256 == hashlib.sha256(first.path.read_bytes()).hexdigest()
        assert rows[0].contract_id == subject.contract_id and rows[0].amount == quote.cheapest.total  # type: ignore[union-attr]
        assert len(audit) == 2
        assert load_pdf(engine, rows[0].id, root=root) == first.data  # type: ignore[arg-type]
        prospect = build_quote(QuoteSubject(subject.terms), date(2025, 9, 10), issued_on=CTX.today)
        assert issue_quote(engine, CTX, COMPANY, prospect, root=root).path.is_file()  # recorded without a contract


def test_missing_company_profile_refuses_and_writes_nothing(tmp_path: Path) -> None:
    workspace = open_workspace(str(contract_database(tmp_path / "secplus.db")), Settings(), NOW)
    with workspace.database:
        engine = workspace.database.engine
        quote = build_quote(load_subject(engine, number=NUMBER), date(2025, 9, 10), issued_on=CTX.today)
        root = tmp_path / "documents"
        with pytest.raises(MissingCompanyProfile):
            issue_quote(engine, CTX, Settings(), quote, root=root)
        with Session(engine) as session:
            assert session.exec(select(IssuedDocument)).all() == []
        assert not root.exists() or not any(root.rglob("*"))
