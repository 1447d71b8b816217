"""The portfolio at a glance, for the home screen: term ends and revenue at stake per month,
penalties of termination notices received, contracts ending soon, overdue charges with the late
interest accrued to today. Read only; every query is an indexed range.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Engine, func, select

from app.models import Charge, Contract, ContractStatus, Customer, Notice, NoticeDirection, NoticeKind, Payment
from app.terms.calendar import add_months, month_first, month_last
from app.terms.interest import late_interest_periods

LIVE = (ContractStatus.ACTIVE, ContractStatus.NOTICE_RECEIVED)
OVERDUE_LIMIT = 200  # the dashboard lists at most this many overdue charges (oldest first)


@dataclass(frozen=True)
class MonthFigures:
    month: date  # first day of the month
    term_ends: int  # live contracts whose current term ends in the month
    revenue_at_stake: int  # their monthly fees in effect (yen)
    notice_penalties: int  # penalties of termination notices received whose end falls in the month
    ending: int  # contracts whose service ends in the month (notice received, end set)


@dataclass(frozen=True)
class EndingRow:
    contract_id: int
    contract_number: str
    company_name: str
    end_date: date
    monthly_fee: int


@dataclass(frozen=True)
class OverdueRow:
    charge_id: int
    contract_id: int
    contract_number: str
    company_name: str
    description: str
    due_date: date
    balance: int  # tax included, still unpaid
    interest: int  # late interest accrued through today (Art 8.2)


def months_ahead(today: date, months: int = 12) -> list[date]:
    first = month_first(today)
    return [add_months(first, i) for i in range(months)]


def monthly_figures(engine: Engine, today: date, months: int = 12) -> list[MonthFigures]:
    """One entry per month from today's month, `months` long."""
    figures: list[MonthFigures] = []
    with engine.connect() as connection:
        for first in months_ahead(today, months):
            last = month_last(first)
            count, revenue = connection.execute(
                select(func.count(), func.coalesce(func.sum(Contract.current_monthly_fee), 0))
                .where(Contract.current_term_end.between(first, last),  # type: ignore[union-attr]
                       Contract.status.in_(LIVE))  # type: ignore[attr-defined]
            ).one()
            penalties = connection.execute(
                select(func.coalesce(func.sum(Notice.penalty), 0))
                .where(Notice.kind == NoticeKind.TERMINATION, Notice.direction == NoticeDirection.RECEIVED,
                       Notice.requested_end.between(first, last))  # type: ignore[union-attr]
            ).scalar_one()
            ending = connection.execute(
                select(func.count()).select_from(Contract)
                .where(Contract.end_date.between(first, last))  # type: ignore[union-attr]
            ).scalar_one()
            figures.append(MonthFigures(first, int(count), int(revenue), int(penalties), int(ending)))
    return figures


def ending_within(engine: Engine, today: date, days: int, limit: int = 200) -> list[EndingRow]:
    """Contracts whose service ends from today through today + days (termination notices received)."""
    last = today + timedelta(days=days)
    with engine.connect() as connection:
        rows = connection.execute(
            select(Contract.id, Contract.number, Customer.company_name, Contract.end_date,
                   Contract.current_monthly_fee)
            .join(Customer, Customer.id == Contract.customer_id)  # type: ignore[arg-type]
            .where(Contract.end_date.between(today, last))  # type: ignore[union-attr]
            .order_by(Contract.end_date, Contract.id)
            .limit(limit)
        ).all()
    return [EndingRow(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def overdue_charges(engine: Engine, today: date, limit: int = OVERDUE_LIMIT) -> list[OverdueRow]:
    """Charges past their due date and not fully paid, oldest first, with the interest to today."""
    paid = (select(Payment.charge_id, func.sum(Payment.amount).label("paid"))
            .group_by(Payment.charge_id).subquery())  # type: ignore[arg-type]
    with engine.connect() as connection:
        rows = connection.execute(
            select(Charge.id, Charge.contract_id, Contract.number, Customer.company_name, Charge.description,
                   Charge.due_date, Charge.amount, func.coalesce(paid.c.paid, 0))
            .join(Contract, Contract.id == Charge.contract_id)  # type: ignore[arg-type]
            .join(Customer, Customer.id == Contract.customer_id)  # type: ignore[arg-type]
            .outerjoin(paid, paid.c.charge_id == Charge.id)
            .where(Charge.due_date < today, Charge.amount > func.coalesce(paid.c.paid, 0))
            .order_by(Charge.due_date, Charge.id)
            .limit(limit)
        ).all()
        result: list[OverdueRow] = []
        for charge_id, contract_id, number, company, description, due, amount, _paid in rows:
            payments = [(d, a) for d, a in connection.execute(
                select(Payment.paid_date, Payment.amount).where(Payment.charge_id == charge_id))]
            balance = amount - sum(a for _d, a in payments)
            interest = sum(p.interest for p in late_interest_periods(amount, due, payments, today))
            result.append(OverdueRow(charge_id, contract_id, number, company, description, due, balance, interest))
    return result


def status_counts(engine: Engine) -> dict[ContractStatus, int]:
    """How many contracts are in each status (index-only count), every status present."""
    with engine.connect() as connection:
        found = dict(connection.execute(select(Contract.status, func.count()).group_by(Contract.status)).all())
    return {status: int(found.get(status, found.get(status.name, 0))) for status in ContractStatus}
