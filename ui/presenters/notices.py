"""The 通知・印刷 screen without Qt: what is due, what was sent, and the work the screen runs.

The screen calls `load(...)` in a worker and shows `NoticesData`; it turns the user's choice
(selected due rows, a batch kind, one contract and kind) into `IssueRequest`s here, and runs
`issue(...)` in a worker with its Progress. Tests drive these functions directly.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from app.formatting import format_date, yen
from app.notices import due
from app.notices.builders import BuildOptions
from app.labels import DOCUMENT_KIND_LABELS, DOCUMENT_KIND_SHORT
from app.notices.kinds import DocumentKind
from app.notices.sources import load_facts
from app.settings import Settings, missing_company_fields
from app.usecases import documents
from app.usecases.context import UseCaseContext
from app.usecases.documents import DocumentRow, Grouping, IssueRequest, IssueResult, Progress

# the kinds this screen prints (the penalty quote is printed from the 見積 screen)
PRINTABLE = (DocumentKind.RENEWAL, DocumentKind.TERMINATION_ACCEPTANCE, DocumentKind.CURE,
             DocumentKind.LATE_INTEREST, DocumentKind.CHANGE)
GROUPINGS = {"one_file": "1つのPDFにまとめる", "per_customer": "顧客ごとに1ファイル"}

BATCH_RENEWAL_MONTH = "renewal_month"
BATCH_DEADLINE = "deadline"
BATCH_OVERDUE = "overdue"
BATCHES = {
    BATCH_RENEWAL_MONTH: "契約期間が指定の月に満了する契約の更新案内",
    BATCH_DEADLINE: "更新しない旨の申出期限が指定日数以内の契約の更新案内",
    BATCH_OVERDUE: "支払期日を過ぎた未入金のある契約の遅延利息請求",
}


@dataclass(frozen=True)
class DueLine:
    item: due.DueItem
    day_text: str
    kind_text: str
    days_left: int

    @property
    def tone(self) -> str:
        return "overdue" if self.days_left < 0 else ("soon" if self.days_left <= 7 else "")


@dataclass(frozen=True)
class SentLine:
    row: DocumentRow
    date_text: str
    amount_text: str


@dataclass(frozen=True)
class NoticesData:
    today: date
    due: list[DueLine]
    sent: list[SentLine]
    contract_caption: str = ""  # "SP-2025-00001 株式会社テスト商事" when one contract is shown


def load(engine: Engine, today: date, days: int, style: str, contract_id: int | None = None) -> NoticesData:
    """What is due within `days` and the documents sent (of one contract when given)."""
    caption = ""
    with Session(engine) as session:
        items = due.due_to_send(session, today, days)
        if contract_id is not None:
            facts = load_facts(session, [contract_id]).get(contract_id)
            caption = f"{facts.number}　{facts.addressee.company}" if facts is not None else ""
    if contract_id is not None:
        items = [i for i in items if i.contract_id == contract_id]
    due_lines = [DueLine(i, format_date(i.day, style), DOCUMENT_KIND_SHORT[i.kind], (i.day - today).days) for i in items]
    sent = [SentLine(r, format_date(r.issue_date, style), yen(r.amount) if r.amount else "")
            for r in documents.list_documents(engine, contract_id=contract_id)]
    return NoticesData(today, due_lines, sent, caption)


def requests_for(lines: list[DueLine]) -> list[IssueRequest]:
    return [IssueRequest(line.item.kind, line.item.contract_id, line.item.options) for line in lines]


def batch_requests(engine: Engine, batch: str, today: date, *, month: date | None = None,
                   days: int = 30) -> list[IssueRequest]:
    """The requests of a batch chosen by kind (see BATCHES)."""
    with Session(engine) as session:
        if batch == BATCH_RENEWAL_MONTH:
            if month is None:
                raise ValueError("month required")
            targets = due.renewal_targets(session, month)
            kind = DocumentKind.RENEWAL
        elif batch == BATCH_DEADLINE:
            targets = due.deadline_targets(session, today, days)
            kind = DocumentKind.RENEWAL
        else:
            targets = due.overdue_targets(session, today)
            kind = DocumentKind.LATE_INTEREST
    return [IssueRequest(kind, t.contract_id, t.options) for t in targets]


def issue(engine: Engine, ctx: UseCaseContext, settings: Settings, requests: list[IssueRequest], root: Path,
          grouping: str, progress: Progress, batch: str = "") -> IssueResult:
    return documents.issue_documents(engine, ctx, settings, requests, root=root, grouping=Grouping(grouping),
                                     progress=progress, batch=batch)


def preview(engine: Engine, ctx: UseCaseContext, settings: Settings, kind: DocumentKind, contract_id: int,
            options: BuildOptions = BuildOptions()) -> bytes:
    return documents.preview_letter(engine, ctx, settings, kind, contract_id, options)


def result_text(result: IssueResult) -> str:
    if not result.documents:
        return "発行した通知書はありません"
    numbers = result.documents[0].number
    if len(result.documents) > 1:
        numbers += f" ～ {result.documents[-1].number}"
    text = f"{len(result.documents):,}通を発行しました（文書番号 {numbers}、ファイル {len(result.files):,}件）"
    if result.skipped:
        text += f"。対象外 {len(result.skipped):,}件（{result.skipped[0][1]} など）"
    return text


def missing_profile(settings: Settings) -> list[str]:
    return missing_company_fields(settings)


def kind_title(kind: DocumentKind) -> str:
    return DOCUMENT_KIND_LABELS[kind]


__all__ = ["BATCHES", "BuildOptions", "DueLine", "GROUPINGS", "IssueRequest", "IssueResult", "NoticesData",
           "PRINTABLE", "SentLine", "batch_requests", "issue", "load", "missing_profile", "preview",
           "requests_for", "result_text"]
