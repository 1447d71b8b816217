"""Batches: one file or one per customer, skipped contracts, cancel, and a SIGKILL mid-batch."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.models import AuditEntry, IssuedDocument
from app.notices import due
from app.notices.kinds import DocumentKind
from app.usecases.documents import Cancelled, Grouping, IssueRequest, issue_documents
from tests.notices import scenarios
from tests.notices.conftest import ctx_on, pdf_text, settings_for, spec_contract
from tests.usecases.conftest import new_contract, unchanged

TODAY = date(2026, 3, 2)
REPO = Path(__file__).resolve().parents[2]


def contracts(engine: Engine, n: int) -> list[int]:
    ids = []
    for i in range(n):
        ids.append(new_contract(engine, ctx_on(date(2025, 4, 15)), start=date(2025, 4, 15), fee=50_000 + 1000 * i,
                                initial_end=date(2026, 4, 30), company=f"株式会社テスト{i:02d}", kana=f"テスト{i:02d}"))
    return ids


def renewal_requests(engine: Engine) -> list[IssueRequest]:
    with Session(engine) as session:
        targets = due.renewal_targets(session, date(2026, 4, 1))
    return [IssueRequest(DocumentKind.RENEWAL, t.contract_id, t.options) for t in targets]


def test_batch_in_one_file_names_each_documents_pages(engine: Engine, root: Path) -> None:
    ids = contracts(engine, 3)
    ended = scenarios.with_termination(engine)  # not renewing: not a target, skipped if asked
    requests = renewal_requests(engine)
    assert [r.contract_id for r in requests] == ids
    requests.append(IssueRequest(DocumentKind.RENEWAL, ended))
    result = issue_documents(engine, ctx_on(TODAY), settings_for(), requests, root=root)
    assert len(result.files) == 1 and len(result.documents) == 3
    assert [d.first_page for d in result.documents] == [1, 2, 3]
    assert result.skipped and result.skipped[0][0] == ended
    from app.usecases.documents import stored_pdf

    second = stored_pdf(engine, result.documents[1].id, root=root)
    assert second.shared and (second.first_page, second.page_count) == (2, 1)
    assert second.data == result.files[0].read_bytes()
    text = pdf_text(result.files[0])
    for fee in ("55,000円", "56,100円", "57,200円"):  # 50,000 / 51,000 / 52,000 with 10% tax
        assert fee in text


def test_batch_per_customer(engine: Engine, root: Path) -> None:
    contracts(engine, 3)
    result = issue_documents(engine, ctx_on(TODAY), settings_for(), renewal_requests(engine), root=root,
                             grouping=Grouping.PER_CUSTOMER)
    assert len(result.files) == 3 and all(p.exists() for p in result.files)


class CancelAfter:
    def __init__(self, reports: int) -> None:
        self.reports = reports
        self.seen = 0

    def report(self, done: int, total: int, text: str = "") -> None:
        self.seen += 1

    @property
    def cancelled(self) -> bool:
        return self.seen >= self.reports


@pytest.mark.parametrize("grouping", [Grouping.ONE_FILE, Grouping.PER_DOCUMENT])
def test_a_cancelled_batch_records_nothing_and_leaves_no_file(engine: Engine, root: Path, grouping: Grouping) -> None:
    contracts(engine, 6)
    requests = renewal_requests(engine)
    progress = CancelAfter(6)  # half way through rendering
    with unchanged(engine), pytest.raises(Cancelled):
        issue_documents(engine, ctx_on(TODAY), settings_for(), requests, root=root, grouping=grouping,
                        progress=progress)
    assert progress.seen >= 6
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]
    # the numbers were not used: the next batch starts at 1
    result = issue_documents(engine, ctx_on(TODAY), settings_for(), requests, root=root)
    assert result.documents[0].number == "SP2026-000001"


def test_sigkill_mid_batch_reuses_no_number_and_every_record_has_its_pdf(db_url: str, engine: Engine,
                                                                         root: Path) -> None:
    contracts(engine, 8)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-m", "tests.notices.batch_child", db_url, str(root)], cwd=REPO,
                             stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    committed = 0
    rendering_after_commit = 0
    for line in child.stdout:
        if line.startswith("committed"):
            committed += 1
            rendering_after_commit = 0
        elif line.startswith("rendering") and committed >= 3:
            rendering_after_commit += 1
            if rendering_after_commit == 3:
                break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    with Session(engine) as session:
        docs = session.exec(select(IssuedDocument)).all()
        issued_audit = session.exec(select(AuditEntry).where(AuditEntry.action == "issue_document")).all()
    assert len(docs) >= 3 * 8 and len(docs) % 8 == 0  # whole batches only
    assert len(issued_audit) == len(docs)
    numbers = [d.document_number for d in docs]
    assert len(set(numbers)) == len(numbers)
    for doc in docs:
        data = (root / doc.file_name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == doc.file_sha256
    # the next batch continues after the last recorded number and cleans up the dead child's files
    before = max(d.sequence for d in docs)
    result = issue_documents(engine, ctx_on(TODAY), settings_for(), renewal_requests(engine), root=root)
    assert min(d.number for d in result.documents) == f"SP2026-{before + 1:06d}"
    assert not list(root.rglob("*.part"))


def test_deadline_and_overdue_targets(engine: Engine) -> None:
    spec = spec_contract(engine)
    late = scenarios.with_unpaid_penalty(engine)
    with Session(engine) as session:
        assert [t.contract_id for t in due.deadline_targets(session, date(2026, 3, 2), 30)] == [spec]
        assert due.deadline_targets(session, date(2026, 3, 2), 28) == []
        assert [t.contract_id for t in due.overdue_targets(session, date(2025, 12, 1))] == [late]
        assert due.overdue_targets(session, date(2025, 11, 30)) == []


def test_numbers_taken_by_another_program_meanwhile_are_not_reused(engine: Engine, root: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import app.usecases.documents as documents_module

    first, second = contracts(engine, 2)
    real_render = documents_module._render
    calls: list[int] = []

    def render_while_another_program_issues(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 1:  # the other program records its notice while we render ours
            issue_documents(engine, ctx_on(TODAY), settings_for(), [IssueRequest(DocumentKind.RENEWAL, second)],
                            root=root)
        return real_render(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(documents_module, "_render", render_while_another_program_issues)
    result = issue_documents(engine, ctx_on(TODAY), settings_for(), [IssueRequest(DocumentKind.RENEWAL, first)],
                             root=root)
    # ours was rendered as 000001, which the other program recorded first: built again as 000002
    assert len(calls) == 3 and result.documents[0].number == "SP2026-000002"
    with Session(engine) as session:
        rows = {d.document_number: d.contract_id for d in session.exec(select(IssuedDocument)).all()}
    assert rows == {"SP2026-000001": second, "SP2026-000002": first}
    text = pdf_text(root / result.documents[0].file_name)
    assert "SP2026-000002" in text and "SP2026-000001" not in text
    assert not list(root.rglob("*.part"))


def test_leftovers_of_a_crash_go_at_the_next_issue_by_the_contexts_clock(engine: Engine, root: Path) -> None:
    from datetime import datetime, timedelta, timezone

    from app.usecases.context import UseCaseContext

    [contract] = contracts(engine, 1)
    issued = datetime(2026, 3, 2, 10, 0, tzinfo=timezone(timedelta(hours=9)))
    folder = root / "2026"
    folder.mkdir(parents=True)
    old, fresh, dead_part = folder / "SP2026-999998.pdf", folder / "SP2026-999999.pdf", folder / ".x.999999999.part"
    for path in (old, fresh, dead_part):
        path.write_bytes(b"%PDF-1.4 left over")
    eleven_minutes_before = (issued - timedelta(minutes=11)).timestamp()
    os.utime(old, (eleven_minutes_before, eleven_minutes_before))
    os.utime(fresh, (issued.timestamp(), issued.timestamp()))
    ctx = UseCaseContext("山田 太郎", TODAY, clock=lambda: issued)
    issue_documents(engine, ctx, settings_for(), [IssueRequest(DocumentKind.RENEWAL, contract)], root=root)
    assert not old.exists() and not dead_part.exists()
    assert fresh.exists()  # perhaps another program's, between its rename and its commit
