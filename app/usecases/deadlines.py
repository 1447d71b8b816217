"""What falls due: non-renewal deadlines (warned from the strict reading's day), renewal dates,
cure deadlines, ends of the confidentiality duty, and the ends fixed by a customer's notice
received (解約予定日: a 9.4 termination or 9.3 non-renewal notice, its contract still running),
as of any day.

A read never writes. Rows whose stored derived dates hold on the day asked (derived.valid_on)
are read through the indexes on those dates; the few others (lapsed since the program last
started, or computed for a later day) are computed in memory with the same rule. So the answer
for a day is the same whatever was asked before.
"""
from __future__ import annotations

import datetime as datetime_module
import heapq
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, func, select
from sqlmodel import Session, col

from app.formatting import format_date
from app.models import Contract, ContractStatus, Customer
from app.terms.profile import NoticeReading
from app.usecases.contract_list import status_in
from app.usecases.derived import STRICT_DEADLINE_MAX_LEAD, derived_values, not_valid_on, valid_on
from app.usecases.errors import ValidationError

NON_RENEWAL = "更新拒絶期限"
RENEWAL = "更新日"
CURE = "是正期限"
CONFIDENTIALITY = "機密保持終了"
NOTICE_END = "解約予定日"  # the end a customer's notice received fixed (Contract.end_date, status 解約通知受領)
DEADLINE_KINDS = (NON_RENEWAL, RENEWAL, CURE, CONFIDENTIALITY, NOTICE_END)
DERIVED_KINDS = (NON_RENEWAL, RENEWAL, CURE, CONFIDENTIALITY)  # dated by derived columns (they can lapse)
# the column holding each kind's date (derived, but for the end date: a recorded fact that never lapses)
_DATE_COLUMN = {NON_RENEWAL: "non_renewal_deadline", RENEWAL: "renewal_date", CURE: "cure_deadline",
                CONFIDENTIALITY: "confidentiality_end", NOTICE_END: "end_date"}
_NOTICE_GROUNDS = {"9.3": "更新しない旨の申出（第9条第3項）", "9.4": "解約通知（第9条第4項）"}

MAX_DAYS = 3660  # a window of ten years at most


@dataclass(frozen=True)
class DeadlineRow:
    kind: str  # one of DEADLINE_KINDS
    date: datetime_module.date
    contract_id: int
    contract_number: str
    company_name: str
    strict_date: datetime_module.date | None  # non-renewal: the day by which notice is in time on every reading
    warning: str  # '' or a Japanese warning for the dashboard


def notice_end_note(notice_date: date | None, ground: str | None) -> str:
    """Which notice fixed the end: '2025年9月10日到達の解約通知（第9条第4項）'."""
    notice = _NOTICE_GROUNDS.get(ground or "", "解約通知")
    return f"{format_date(notice_date)}到達の{notice}" if notice_date is not None else notice


def _warning(kind: str, day: date, strict: date | None) -> str:
    notes = []
    if kind == NON_RENEWAL:
        if strict is not None and strict < day:
            notes.append(f"厳格な読み方では{format_date(strict)}までに到達が必要です")
        if day.weekday() >= 5:
            notes.append("期限が土日のため、郵送では前営業日までに到達するようご注意ください")
    return "。".join(notes)


def _window(today: date, days: object) -> date:
    """The last day of the window `today` .. `today + days`, or ValidationError."""
    if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= MAX_DAYS:
        raise ValidationError(f"日数は0から{MAX_DAYS:,}までの整数で入力してください", "days")
    try:
        return today + timedelta(days=days)
    except OverflowError:
        raise ValidationError("基準日から数えた日付が扱える範囲（9999年12月31日まで）を超えます", "days") from None


def is_due(kind: str, values: Mapping[str, Any], today: date, last: date) -> bool:
    """Whether a contract with these derived `values` (as of `today`) lists `kind` in the window.

    A non-renewal deadline is due as soon as its strict-reading day falls in the window (and
    until the deadline itself has passed), so the dashboard warns from the strict day. A notice's end
    is due while its contract still runs under the notice (解約通知受領).
    """
    if kind == NOTICE_END:
        return values.get("status") == ContractStatus.NOTICE_RECEIVED and _in(values.get("end_date"), today, last)
    if kind == NON_RENEWAL:
        strict, deadline = values["non_renewal_deadline_strict"], values["non_renewal_deadline"]
        return (strict is not None and deadline is not None
                and today - STRICT_DEADLINE_MAX_LEAD <= strict <= last and deadline >= today)
    day = values[_DATE_COLUMN[kind]]
    return day is not None and today <= day <= last


def _in(day: object, today: date, last: date) -> bool:
    return isinstance(day, date) and today <= day <= last


def _conditions(kind: str, today: date, last: date) -> list[ColumnElement[bool]]:
    """`is_due` in SQL: an indexed range on one derived column (the end date for a notice's end)."""
    if kind == NOTICE_END:
        return [col(Contract.end_date).between(today, last),  # the few ends in the window, not every notice
                status_in([ContractStatus.NOTICE_RECEIVED], use_index=False)]
    if kind == NON_RENEWAL:
        strict = col(Contract.non_renewal_deadline_strict)
        return [strict.between(today - STRICT_DEADLINE_MAX_LEAD, last), col(Contract.non_renewal_deadline) >= today]
    return [col(getattr(Contract, _DATE_COLUMN[kind])).between(today, last)]


def _count_statements(kind: str, today: date, last: date) -> list[Any]:
    """`_conditions` as index-only counts: a strict day in the window implies the deadline (never
    earlier) is too; only a strict day just passed (a few days) needs its deadline checked row by row."""
    if kind != NON_RENEWAL:
        return [select(func.count()).select_from(Contract).where(*_conditions(kind, today, last))]
    strict = col(Contract.non_renewal_deadline_strict)
    return [
        select(func.count()).select_from(Contract).where(strict.between(today, last)),
        select(func.count()).select_from(Contract).where(
            strict.between(today - STRICT_DEADLINE_MAX_LEAD, today - timedelta(days=1)),
            col(Contract.non_renewal_deadline) >= today),
    ]


def _order(kind: str) -> tuple[Any, ...]:
    """Each kind's index order (an SQLite index holds the rowid after its column)."""
    column = Contract.non_renewal_deadline_strict if kind == NON_RENEWAL else getattr(Contract, _DATE_COLUMN[kind])
    return (col(column), col(Contract.id))


_KIND_ORDER = {kind: i for i, kind in enumerate(DEADLINE_KINDS)}


def _deadline_key(row: DeadlineRow) -> tuple[date, int, int]:
    """The day to act by (the strict day for a non-renewal deadline), the kind, the contract id."""
    return (row.strict_date or row.date, _KIND_ORDER[row.kind], row.contract_id)


def _row(kind: str, contract_id: int, number: str, company: str, day: date, strict: date | None) -> DeadlineRow:
    strict_day = strict if kind == NON_RENEWAL else None
    return DeadlineRow(kind, day, contract_id, number, company, strict_day, _warning(kind, day, strict_day))


def _not_valid(session: Session, today: date) -> list[tuple[Contract, str]]:
    """The contracts whose stored values do not hold on `today`, with their company names (few:
    those lapsed since the program last started, or computed for a later day)."""
    return [(contract, company) for contract, company in session.execute(
        select(Contract, col(Customer.company_name))
        .join(Customer, col(Customer.id) == col(Contract.customer_id))
        .where(not_valid_on(today))
    )]


def _not_stored(session: Session, today: date, last: date, reading: NoticeReading | None,
                found: list[tuple[Contract, str]] | None = None) -> list[DeadlineRow]:
    """The due rows of the contracts whose stored values do not hold on `today`, computed in memory."""
    if found is None:
        found = _not_valid(session, today)
    if not found:
        return []
    companies = {int(contract.id or 0): company for contract, company in found}
    computed = derived_values(session, [contract for contract, _ in found], today, reading)
    rows = []
    for contract, _ in found:
        cid = int(contract.id or 0)
        values = computed[cid]
        for kind in DERIVED_KINDS:  # a notice's end is read from its stored fact, stale or not
            if is_due(kind, values, today, last):
                rows.append(_row(kind, cid, contract.number, companies[cid], values[_DATE_COLUMN[kind]],
                                 values["non_renewal_deadline_strict"]))
    return rows


def due_within(engine: Engine, today: date, days: int, *, reading: NoticeReading | None = None, offset: int = 0,
               limit: int | None = None) -> list[DeadlineRow]:
    """Deadlines from `today` through `today + days`, earliest first (by the strict day for non-renewal
    deadlines), then by kind and contract. With `limit`, one page of them: each kind is read in index
    order up to offset + limit rows and the kinds are merged. `reading`: the notice reading for rows
    computed now (the settings' override; None: the profile's)."""
    last = _window(today, days)
    if limit is not None and (not isinstance(limit, int) or limit <= 0 or not isinstance(offset, int) or offset < 0):
        raise ValidationError("表示範囲が正しくありません", "limit")
    per_kind: list[list[DeadlineRow]] = []
    with Session(engine) as session:  # read only: never committed
        connection = session.connection()  # plain rows, no ORM loading
        for kind in DERIVED_KINDS:
            statement = (
                select(col(Contract.id), col(Contract.number), col(Customer.company_name),
                       col(getattr(Contract, _DATE_COLUMN[kind])), col(Contract.non_renewal_deadline_strict))
                .join(Customer, col(Customer.id) == col(Contract.customer_id))
                .where(*_conditions(kind, today, last), valid_on(today))
            )
            statement = statement.order_by(*_order(kind))  # the index order is the merge order
            if limit is not None:
                statement = statement.limit(offset + limit)
            per_kind.append([_row(kind, *r) for r in connection.execute(statement)])
        ends = (select(col(Contract.id), col(Contract.number), col(Customer.company_name), col(Contract.end_date),
                       col(Contract.notice_date), col(Contract.end_ground))
                .join(Customer, col(Customer.id) == col(Contract.customer_id))
                .where(*_conditions(NOTICE_END, today, last)).order_by(*_order(NOTICE_END)))
        if limit is not None:
            ends = ends.limit(offset + limit)
        per_kind.append([DeadlineRow(NOTICE_END, end, int(cid or 0), number, company, None,
                                     notice_end_note(notice, ground))
                         for cid, number, company, end, notice, ground in connection.execute(ends) if end is not None])
        per_kind.append(sorted(_not_stored(session, today, last, reading), key=_deadline_key))
    merged = list(heapq.merge(*per_kind, key=_deadline_key))
    return merged[offset:] if limit is None else merged[offset:offset + limit]


def count_due_within(engine: Engine, today: date, days: int, *,
                     reading: NoticeReading | None = None) -> dict[str, int]:
    """How many deadlines of each kind `due_within` lists: index-only counts of the stored dates,
    less the rows whose stored dates do not hold on `today`, plus those rows computed afresh."""
    last = _window(today, days)
    counts: dict[str, int] = {}
    with Session(engine) as session:  # read only: never committed
        stale = _not_valid(session, today)
        for kind in DEADLINE_KINDS:
            stored = sum(int(session.execute(s).scalar_one()) for s in _count_statements(kind, today, last))
            stored_but_stale = sum(1 for contract, _ in stale if kind in DERIVED_KINDS
                                   and is_due(kind, contract.model_dump(), today, last))
            counts[kind] = stored - stored_but_stale
        for row in _not_stored(session, today, last, reading, stale):
            counts[row.kind] += 1
    return counts
