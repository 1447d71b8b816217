"""Derived dates of a contract, stored in indexed columns for the deadline queries.

`compute_derived` is a pure function of the contract's facts (contract_terms.ContractFacts: its
terms, fee schedule, fixed end and open cure deadlines), the notice reading and `today`, built
on `app.terms`.

The stored values are a cache with a validity range: computed as of `derived_as_of`, they
hold for every day from it up to the day before `refresh_on` (None: for good). A query about
a day X uses the stored values of the rows valid on X (`valid_on`) and computes the others
in memory (`derived_values`), so a read never writes and the answer for X never depends on
which days were asked before. The writers keep the cache warm: the use cases call
`apply_derived` whenever an input changes, and the program's start calls `refresh_lapsed`
with the real date, which recomputes the rows not valid on it (found through the indexed
`refresh_on` and `derived_as_of` columns).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, bindparam, exists, or_, update
from sqlmodel import Session, col, select

from app import terms
from app.terms.profile import NoticeReading
from app.models import ChangeContract, Contract, CureNotice
from app.store.engine import session_scope
from app.usecases.contract_list import rebuild_search_index
from app.usecases.contract_terms import ContractFacts, contract_facts, load_contract_facts

ONE_DAY = timedelta(days=1)

DERIVED_COLUMNS = (
    "current_term_end",
    "renewal_date",
    "non_renewal_deadline",
    "non_renewal_deadline_strict",
    "cure_deadline",
    "confidentiality_end",
    "next_deadline",
    "current_monthly_fee",
    "refresh_on",
    "derived_as_of",
)

# The strict ("clear-month") deadline lies at most this far before the profile's deadline (4 days
# at most for one-month notice, checked for every day by a test); the deadline query relies on it
# to find warnings through the index on the strict column.
STRICT_DEADLINE_MAX_LEAD = timedelta(days=7)


def compute_derived(facts: ContractFacts, reading: NoticeReading | None, today: date) -> dict[str, Any]:
    """The derived column values of a contract with these facts as of `today`.

    `reading` is the notice reading for the non-renewal deadline (None: the profile's); the
    strict ("clear-month") deadline is always stored beside it for warnings.
    """
    end, schedule = facts.end, facts.schedule
    term_end = renewal = deadline = strict = confidentiality = None
    if facts.terms is not None:
        chain = facts.terms.chain()
        if end is None:  # running: the term containing today renews unless notice arrives in time
            term_end = chain.term_containing(today).last_day
            renewal = term_end + ONE_DAY
            strict = terms.strict_notice_deadline(term_end)
            deadline = terms.notice_deadline(term_end, reading=reading)
        else:  # an end is fixed: the term the service ends in
            term_end = chain.term_containing(end).last_day
    if end is not None:
        confidentiality = terms.confidentiality_end(end)
    cure = min(facts.open_cure_deadlines, default=None)

    fee_day = min(today, end) if end is not None else today
    fee = schedule.fee_for_month(fee_day)

    upcoming = [d for d in (deadline, renewal, cure, confidentiality) if d is not None and d >= today]
    next_deadline = min(upcoming, default=None)
    # the first day on which a recomputation would give different values
    moves = [d + ONE_DAY for d in (next_deadline, term_end if end is None else None) if d is not None]
    # a fee change takes effect in its month (or the next one for a decrease, by profile): refresh on both
    for change in schedule.changes:
        for month in (change.effective_month, terms.add_months(change.effective_month, 1)):
            if month > fee_day and (end is None or month <= end):
                moves.append(month)
    return {
        "current_term_end": term_end,
        "renewal_date": renewal,
        "non_renewal_deadline": deadline,
        "non_renewal_deadline_strict": strict,
        "cure_deadline": cure,
        "confidentiality_end": confidentiality,
        "next_deadline": next_deadline,
        "current_monthly_fee": fee,
        "refresh_on": min(moves, default=None),
        "derived_as_of": today,
    }


_FACT_ROWS = (ChangeContract, CureNotice)  # the rows besides the contract that its facts are read from
_HAS_FACT_ROWS = select(exists().where(col(ChangeContract.contract_id) == bindparam("contract_id"))
                        | exists().where(col(CureNotice.contract_id) == bindparam("contract_id")))


def _facts(session: Session, contract: Contract) -> ContractFacts:
    """The contract's facts; without loading its change contracts and cure notices when it has none
    (one cheap EXISTS instead of two ORM queries: most contracts have none)."""
    if contract.id is None:  # not written yet: nothing can refer to it
        return contract_facts(contract, (), ())
    if any(isinstance(row, _FACT_ROWS) for row in (*session.new, *session.dirty, *session.deleted)):
        session.flush()  # the queries below see the change contracts and cure notices just changed
    with session.no_autoflush:
        has_rows = session.connection().execute(_HAS_FACT_ROWS, {"contract_id": contract.id}).scalar()
        return load_contract_facts(session, contract) if has_rows else contract_facts(contract, (), ())


def apply_derived(session: Session, contract: Contract, today: date, reading: NoticeReading | None = None) -> None:
    """Recompute `contract`'s derived columns inside the caller's transaction.

    A contract not yet written (no id) has no change contracts or cure notices (they refer to its id):
    its facts need no query. The contract's own changes are written with the session's next flush."""
    values = compute_derived(_facts(session, contract), reading, today)
    for key, value in values.items():
        if getattr(contract, key) != value:  # an instrumented setattr costs µs: most values do not move
            setattr(contract, key, value)
    session.add(contract)


def valid_on(day: date) -> ColumnElement[bool]:
    """The rows whose stored derived values hold on `day`."""
    return and_(col(Contract.derived_as_of) <= day,
                or_(col(Contract.refresh_on).is_(None), col(Contract.refresh_on) > day))


def not_valid_on(day: date) -> ColumnElement[bool]:
    """The rows whose stored derived values do not hold on `day` (each term on an indexed column)."""
    return or_(col(Contract.refresh_on) <= day, col(Contract.derived_as_of) > day,
               col(Contract.derived_as_of).is_(None))


def derived_values(session: Session, contracts: Sequence[Contract], today: date,
                   reading: NoticeReading | None) -> dict[int, dict[str, Any]]:
    """The derived values of `contracts` as of `today`, by contract id (their change contracts and
    open cure notices read in two queries; nothing is written)."""
    ids = [c.id for c in contracts]
    changes: dict[int | None, list[ChangeContract]] = defaultdict(list)
    for change in session.exec(select(ChangeContract).where(col(ChangeContract.contract_id).in_(ids))).all():
        changes[change.contract_id].append(change)
    cures: dict[int | None, list[CureNotice]] = defaultdict(list)
    for cure in session.exec(
        select(CureNotice).where(col(CureNotice.contract_id).in_(ids), col(CureNotice.closed).is_(False))
    ).all():
        cures[cure.contract_id].append(cure)
    return {int(c.id or 0): compute_derived(contract_facts(c, changes[c.id], cures[c.id]), reading, today)
            for c in contracts}


def _recompute(session: Session, contracts: Sequence[Contract], today: date, reading: NoticeReading | None) -> None:
    stale = [c.id for c in contracts if c.derived_as_of is None]  # rows from before revision 0003
    if stale:
        rebuild_search_index(session, [i for i in stale if i is not None])
    rows = [{"id": i, **values} for i, values in derived_values(session, contracts, today, reading).items()]
    session.expunge_all()
    session.execute(update(Contract), rows)


def refresh_lapsed(engine: Engine, today: date, *, reading: NoticeReading | None = None, batch: int = 2000) -> int:
    """Recompute the contracts whose stored derived values do not hold on `today` (they moved on,
    or were computed for a later day); returns how many. Called by the program's start with the
    real date, never by a query.

    Cheap when nothing lapsed (indexed range queries). Each batch is its own transaction:
    the values are a recomputation, so a batch interrupted half-way is simply redone. Rows never
    computed (from a database older than revision 0003) also get their search text and bigrams.
    """
    done = 0
    while True:
        with session_scope(engine) as session:
            contracts = session.exec(
                select(Contract).where(not_valid_on(today)).limit(batch)  # no ORDER BY: the index ranges
            ).all()
            if not contracts:
                return done
            _recompute(session, contracts, today, reading)
            done += len(contracts)


def recompute_derived(engine: Engine, today: date, *, reading: NoticeReading | None = None, batch: int = 2000) -> int:
    """Recompute every contract's derived values (after the notice reading setting changed)."""
    done, last_id = 0, 0
    while True:
        with session_scope(engine) as session:
            contracts = session.exec(
                select(Contract).where(col(Contract.id) > last_id).order_by(col(Contract.id)).limit(batch)
            ).all()
            if not contracts:
                return done
            last_id = int(contracts[-1].id or 0)
            _recompute(session, contracts, today, reading)
            done += len(contracts)
