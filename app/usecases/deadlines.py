"""What falls due: non-renewal deadlines (warned from the strict reading's day), renewal dates,
cure deadlines and ends of the confidentiality duty, from the indexed derived columns. A read never writes.
"""
from __future__ import annotations

import datetime as datetime_module
import heapq
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, func, select

from app.formatting import format_date
from app.models import Contract, Customer
from app.usecases.derived import STRICT_DEADLINE_MAX_LEAD
from app.usecases.errors import ValidationError

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
            notes.append(f"厳格な読み方では{format_date(strict)}までに到達が必要です")
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
