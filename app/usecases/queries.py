"""Read-only queries for the screens: the contract list, what falls due, a contract's history.

User text never becomes SQL: filters are bound parameters (LIKE with escaping) and sort keys
come from a whitelist. The SQL is portable (SQLite and PostgreSQL).
"""
from __future__ import annotations

import datetime as datetime_module
import heapq
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.engine import Connection

from app.models import (
    AuditEntry,
    ChangeContract,
    Charge,
    Contract,
    ContractSearchGram,
    ContractStatus,
    CureNotice,
    Customer,
    Notice,
    NoticeKind,
    Payment,
)
from app.store import session_scope
from app.usecases.context import JST
from app.usecases.contracts import STATUS_LABELS
from app.usecases.derived import STRICT_DEADLINE_MAX_LEAD
from app.usecases.errors import ValidationError, ja_date, yen
from app.usecases.search import can_use_index, grams_of, normalize

MAX_PAGE = 1000


@dataclass(frozen=True)
class ContractRow:
    id: int
    number: str
    company_name: str
    status: ContractStatus
    status_label: str
    start_date: date | None
    monthly_fee: int  # in effect (change contracts applied)
    next_deadline: date | None
    end_date: date | None


@dataclass(frozen=True)
class Page:
    rows: list[ContractRow]
    total: int


SORT_KEYS: dict[str, Any] = {
    "number": Contract.number,
    "company": Customer.company_kana,
    "status": Contract.status,
    "start": Contract.start_date,
    "monthly_fee": Contract.current_monthly_fee,
    "next_deadline": Contract.next_deadline,
    "end": Contract.end_date,
}


# A bigram with more contracts than this is no faster than scanning: scan instead.
GRAM_CANDIDATE_LIMIT = 20_000


def _words(text: str) -> list[str]:
    return [normalize(word) for word in text.split()]


def _text_conditions(words: list[str]) -> list[Any]:
    """One LIKE per word (all must match), on the normalised search column."""
    return [Contract.search_text.contains(word, autoescape=True) for word in words]  # type: ignore[attr-defined]


def _driving_gram(session: Connection, words: list[str]) -> str | None:
    """The rarest indexed bigram of the words, or None when scanning is as good."""
    best, best_count = None, GRAM_CANDIDATE_LIMIT
    for word in words:
        if not can_use_index(word):
            continue
        for gram in sorted(grams_of(word)):
            capped = select(ContractSearchGram.contract_id).where(ContractSearchGram.gram == gram).limit(best_count)
            count = session.execute(select(func.count()).select_from(capped.subquery())).scalar_one()
            if count < best_count:
                best, best_count = gram, count
            if count == 0:
                return gram
    return best


def _row_columns() -> tuple[Any, ...]:
    return (Contract.id, Contract.number, Customer.company_name, Contract.status, Contract.start_date,
            Contract.current_monthly_fee, Contract.next_deadline, Contract.end_date)


def _to_row(r: Any) -> ContractRow:
    status = ContractStatus(r[3])
    return ContractRow(r[0], r[1], r[2], status, STATUS_LABELS[status], r[4], r[5], r[6], r[7])




def _page_from_index(session: Connection, gram: str, words: list[str], sort: str, descending: bool, offset: int,
                     limit: int) -> Page:
    """Matches from the contracts holding `gram`, sorted in Python like the SQL path sorts them."""
    key = SORT_KEYS[sort]
    query = (select(Contract.id, key).select_from(ContractSearchGram)
             .join(Contract, Contract.id == ContractSearchGram.contract_id))  # type: ignore[arg-type]
    if sort == "company":
        query = query.join(Customer, Customer.id == Contract.customer_id)  # type: ignore[arg-type]
    matches = session.execute(query.where(ContractSearchGram.gram == gram, *_text_conditions(words))).all()
    if sort == "status":  # enums are stored, and so sorted by SQL, by name
        present = sorted(((k.name, i) for i, k in matches if k is not None), reverse=descending)
    else:
        present = sorted(((k, i) for i, k in matches if k is not None), reverse=descending)
    absent = sorted((i for i, k in matches if k is None), reverse=descending)  # no value sorts last
    ordered = [i for _, i in present] + absent
    wanted = ordered[offset:offset + limit]
    rows = session.execute(
        select(*_row_columns()).join(Customer, Customer.id == Contract.customer_id)  # type: ignore[arg-type]
        .where(Contract.id.in_(wanted))  # type: ignore[union-attr]
    ).all()
    by_id = {r[0]: r for r in rows}
    return Page([_to_row(by_id[i]) for i in wanted], len(matches))


def list_contracts(
    engine: Engine,
    text: str = "",
    sort: str = "number",
    descending: bool = False,
    offset: int = 0,
    limit: int = 100,
) -> Page:
    """One page of contracts whose number, company name, kana or contact person contain every word of
    `text`, sorted by a whitelisted key (no value last), then by id."""
    if sort not in SORT_KEYS:
        raise ValidationError(f"並べ替えの項目が正しくありません: {sort}", "sort")
    if not (isinstance(offset, int) and isinstance(limit, int)) or offset < 0 or not 0 < limit <= MAX_PAGE:
        raise ValidationError("表示範囲が正しくありません", "limit")
    words = _words(text)
    with engine.connect() as session:  # read only: a plain connection, no ORM session
        gram = _driving_gram(session, words)
        if gram is not None:
            return _page_from_index(session, gram, words, sort, descending, offset, limit)
        conditions = _text_conditions(words)
        key = SORT_KEYS[sort]
        order = key.desc() if descending else key.asc()
        tiebreak = Contract.id.desc() if descending else Contract.id.asc()  # type: ignore[union-attr]
        query = (
            select(*_row_columns())
            .join(Customer, Customer.id == Contract.customer_id)  # type: ignore[arg-type]
            .where(*conditions)
            .order_by(order.nulls_last(), tiebreak)
            .offset(offset)
            .limit(limit)
        )
        total = session.execute(select(func.count()).select_from(Contract).where(*conditions)).scalar_one()
        rows = [_to_row(r) for r in session.execute(query)]
    return Page(rows, int(total))


# --- what falls due ---------------------------------------------------------------------------

NON_RENEWAL = "更新拒絶期限"
RENEWAL = "更新日"
CURE = "是正期限"
CONFIDENTIALITY = "機密保持終了"
DEADLINE_KINDS = (NON_RENEWAL, RENEWAL, CURE, CONFIDENTIALITY)


@dataclass(frozen=True)
class DeadlineRow:
    kind: str  # one of DEADLINE_KINDS
    date: datetime_module.date
    contract_id: int
    contract_number: str
    company_name: str
    strict_date: datetime_module.date | None  # non-renewal: the day by which notice is in time on every reading
    warning: str  # '' or a Japanese warning for the dashboard


def _warning(kind: str, day: date, strict: date | None) -> str:
    notes = []
    if kind == NON_RENEWAL:
        if strict is not None and strict < day:
            notes.append(f"厳格な読み方では{ja_date(strict)}までに到達が必要です")
        if day.weekday() >= 5:
            notes.append("期限が土日のため、郵送では前営業日までに到達するようご注意ください")
    return "。".join(notes)


def _check_days(days: object) -> int:
    if not isinstance(days, int) or isinstance(days, bool) or days < 0:
        raise ValidationError("日数は0以上の整数で入力してください", "days")
    return days


def _due_statements(today: date, last: date) -> list[tuple[str, Any, list[Any], tuple[Any, ...]]]:
    """(kind, date column, conditions, order) per kind; each an indexed range on one derived column.

    A non-renewal deadline is due as soon as its strict-reading day falls in the window (and
    until the deadline itself has passed), so the dashboard warns from the strict day.
    """
    strict, deadline = Contract.non_renewal_deadline_strict, Contract.non_renewal_deadline
    statements: list[tuple[str, Any, list[Any], tuple[Any, ...]]] = [
        (NON_RENEWAL, deadline,
         [strict.between(today - STRICT_DEADLINE_MAX_LEAD, last), deadline >= today],  # type: ignore[union-attr,operator]
         (strict, Contract.id)),
    ]
    for kind, column in ((RENEWAL, Contract.renewal_date), (CURE, Contract.cure_deadline),
                         (CONFIDENTIALITY, Contract.confidentiality_end)):
        statements.append((kind, column, [column.between(today, last)], (column, Contract.id)))  # type: ignore[union-attr]
    return statements


def _deadline_key(row: DeadlineRow) -> tuple[date, int, int]:
    """The day to act by (the strict day for a non-renewal deadline), the kind, the contract id:
    each kind's index order (an SQLite index holds the rowid after its column)."""
    return (row.strict_date or row.date, DEADLINE_KINDS.index(row.kind), row.contract_id)


def due_within(engine: Engine, today: date, days: int, *, offset: int = 0, limit: int | None = None) -> list[DeadlineRow]:
    """Deadlines from `today` through `today + days`, earliest first (by the strict day for non-renewal
    deadlines), then by kind and contract, from the indexed derived columns. With `limit`, one page of
    them: each kind is read in index order up to offset + limit rows and the kinds are merged."""
    _check_days(days)
    if limit is not None and (not isinstance(limit, int) or limit <= 0 or not isinstance(offset, int) or offset < 0):
        raise ValidationError("表示範囲が正しくありません", "limit")
    last = today + timedelta(days=days)
    per_kind: list[list[DeadlineRow]] = []
    with engine.connect() as connection:
        for kind, column, conditions, order in _due_statements(today, last):
            statement = (
                select(Contract.id, Contract.number, Customer.company_name, column, Contract.non_renewal_deadline_strict)
                .join(Customer, Customer.id == Contract.customer_id)  # type: ignore[arg-type]
                .where(*conditions)
            )
            if limit is not None:
                statement = statement.order_by(*order).limit(offset + limit)
            rows = []
            for cid, number, company, day, strict in connection.execute(statement):
                strict_day = strict if kind == NON_RENEWAL else None
                rows.append(DeadlineRow(kind, day, cid, number, company, strict_day, _warning(kind, day, strict_day)))
            per_kind.append(rows)
    merged = list(heapq.merge(*(sorted(rows, key=_deadline_key) for rows in per_kind), key=_deadline_key))
    return merged[offset:] if limit is None else merged[offset:offset + limit]


def count_due_within(engine: Engine, today: date, days: int) -> dict[str, int]:
    """How many deadlines of each kind `due_within` lists (index-only counts)."""
    last = today + timedelta(days=_check_days(days))
    strict, deadline = Contract.non_renewal_deadline_strict, Contract.non_renewal_deadline
    counts: dict[str, int] = {}
    with engine.connect() as connection:
        def count(*conditions: Any) -> int:
            return int(connection.execute(select(func.count()).select_from(Contract).where(*conditions)).scalar_one())

        # strict day in the window (then the deadline, never earlier, is too); or strict day just
        # passed and the deadline not yet (a short range, checked row by row)
        counts[NON_RENEWAL] = count(strict.between(today, last)) + count(  # type: ignore[union-attr]
            strict.between(today - STRICT_DEADLINE_MAX_LEAD, today - timedelta(days=1)),  # type: ignore[union-attr]
            deadline >= today)  # type: ignore[operator]
        for kind, column in ((RENEWAL, Contract.renewal_date), (CURE, Contract.cure_deadline),
                             (CONFIDENTIALITY, Contract.confidentiality_end)):
            counts[kind] = count(column.between(today, last))  # type: ignore[union-attr]
    return counts


# --- a contract's history ---------------------------------------------------------------------

@dataclass(frozen=True)
class HistoryItem:
    day: date  # when it happened (a notice's arrival, a payment's date; for audit entries the day recorded)
    at: datetime | None  # audit entries: when it was recorded
    source: str  # "audit", "notice", "change_contract", "charge", "payment", "cure_notice"
    source_id: int
    summary: str
    actor: str = ""


NOTICE_LABELS = {
    NoticeKind.TERMINATION: "解約通知",
    NoticeKind.NON_RENEWAL: "更新しない旨の申出",
    NoticeKind.RENEWAL: "更新のご案内",
    NoticeKind.TERMINATION_ACCEPTANCE: "解約受付通知",
    NoticeKind.PENALTY_QUOTE: "解約違約金見積",
    NoticeKind.CURE: "是正催告",
    NoticeKind.LATE_INTEREST: "遅延利息請求",
    NoticeKind.PROVIDER_TERMINATION: "解除通知",
    NoticeKind.OTHER: "通知",
}
_SOURCE_ORDER = {"change_contract": 0, "notice": 1, "cure_notice": 2, "charge": 3, "payment": 4, "audit": 5}


def contract_history(engine: Engine, contract_id: int) -> list[HistoryItem]:
    """Everything about one contract in date order: events by their own dates, plus the audit log."""
    items: list[HistoryItem] = []
    with session_scope(engine) as session:
        if session.get(Contract, contract_id) is None:
            raise ValidationError(f"契約（ID {contract_id}）が見つかりません")
        contract = session.get(Contract, contract_id)
        audit = [AuditEntry.contract_id == contract_id]
        if contract is not None and contract.application_id is not None:  # the screening before the contract
            audit.append((AuditEntry.entity == "application") & (AuditEntry.entity_id == contract.application_id))
        for a in session.scalars(select(AuditEntry).where(or_(*audit))):
            at = a.at.astimezone(JST)
            items.append(HistoryItem(at.date(), at, "audit", a.id, a.summary or a.action, a.actor))
        for n in session.scalars(select(Notice).where(Notice.contract_id == contract_id)):
            arrow = "受領" if n.direction == "received" else "発送"
            extra = f"、終了日 {ja_date(n.requested_end)}" if n.requested_end else ""
            extra += f"、{yen(n.penalty)}" if n.penalty else ""
            items.append(HistoryItem(n.notice_date, None, "notice", n.id,
                                     f"{NOTICE_LABELS[NoticeKind(n.kind)]}（{arrow}）{extra}"))
        for c in session.scalars(select(ChangeContract).where(ChangeContract.contract_id == contract_id)):
            items.append(HistoryItem(c.accepted_date, None, "change_contract", c.id,
                                     f"変更契約: {c.effective_month.year}年{c.effective_month.month}月から月額 "
                                     f"{yen(c.new_monthly_fee)} {c.description}".rstrip()))
        for k in session.scalars(select(CureNotice).where(CureNotice.contract_id == contract_id)):
            items.append(HistoryItem(k.dispatched_date, None, "cure_notice", k.id,
                                     f"是正催告（是正期限 {ja_date(k.cure_deadline)}）: {k.breach}"))
        charges = {c.id: c for c in session.scalars(select(Charge).where(Charge.contract_id == contract_id))}
        for charge in charges.values():
            items.append(HistoryItem(charge.due_date, None, "charge", int(charge.id or 0),
                                     f"支払期日: {charge.description} {yen(charge.amount)}"))
        if charges:
            for p in session.scalars(select(Payment).where(Payment.charge_id.in_(list(charges)))):  # type: ignore[attr-defined]
                paid_for = charges[p.charge_id]
                late = "（期日後）" if p.paid_date > paid_for.due_date else ""
                items.append(HistoryItem(p.paid_date, None, "payment", int(p.id or 0),
                                         f"入金: {yen(p.amount)}（{paid_for.description}）{late}"))
    items.sort(key=lambda i: (i.day, _SOURCE_ORDER[i.source], i.source_id))
    return items
