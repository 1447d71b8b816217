"""The home screen's charts: per month, what the contracts and notices say, counted the slow way."""
from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import Engine, select, update
from sqlmodel import col

from app.models import Contract, ContractStatus, Notice, NoticeDirection, NoticeKind
from app.sample.seed import seed_contracts
from app.terms.calendar import month_first
from app.usecases.portfolio import LIVE, MonthFigures, monthly_figures, months_ahead

TODAY = date(2026, 11, 30)


def counted_one_by_one(engine: Engine, today: date, counted: tuple[ContractStatus, ...] = LIVE) -> list[MonthFigures]:
    months = months_ahead(today)
    term_ends: Counter[date] = Counter()
    revenue: Counter[date] = Counter()
    penalties: Counter[date] = Counter()
    ending: Counter[date] = Counter()
    with engine.connect() as connection:
        for term_end, status, fee, end in connection.execute(select(
                col(Contract.current_term_end), col(Contract.status), col(Contract.current_monthly_fee),
                col(Contract.end_date))):
            if term_end is not None and ContractStatus(status) in counted:
                term_ends[month_first(term_end)] += 1
                revenue[month_first(term_end)] += fee
            if end is not None:
                ending[month_first(end)] += 1
        for kind, direction, requested_end, penalty in connection.execute(select(
                col(Notice.kind), col(Notice.direction), col(Notice.requested_end), col(Notice.penalty))):
            if (kind, direction) == (NoticeKind.TERMINATION, NoticeDirection.RECEIVED) and requested_end is not None:
                penalties[month_first(requested_end)] += penalty or 0
    return [MonthFigures(m, term_ends[m], revenue[m], penalties[m], ending[m]) for m in months]


def test_monthly_figures_are_what_each_contract_and_notice_says(engine: Engine) -> None:
    seed_contracts(engine, 300, today=date(2026, 6, 1), rng_seed=11, actor="seed")
    with engine.begin() as connection:  # ended by the provider before its term end (16): never at stake
        ahead = connection.execute(select(col(Contract.id)).where(
            col(Contract.current_term_end) > TODAY, col(Contract.status) == ContractStatus.ACTIVE).limit(3)).scalars().all()
        connection.execute(update(Contract).where(col(Contract.id).in_(ahead))
                           .values(status=ContractStatus.TERMINATED_BY_PROVIDER))
    figures = monthly_figures(engine, TODAY)
    assert figures == counted_one_by_one(engine, TODAY)
    assert sum(f.term_ends for f in figures) > 0 and sum(f.revenue_at_stake for f in figures) > 0
    assert figures != counted_one_by_one(engine, TODAY, tuple(ContractStatus))  # ended contracts are left out
