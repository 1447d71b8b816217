"""Derived date columns: equal to a fresh computation with app.terms, kept fresh by refresh_lapsed."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlmodel import Session

from app import terms
from app.models import ChangeContract, Contract, ContractStatus, CureNotice
from app.usecases.contract_terms import contract_facts
from app.usecases.derived import DERIVED_COLUMNS, STRICT_DEADLINE_MAX_LEAD, compute_derived, refresh_lapsed
from app.sample.seed import seed_contracts

TODAY = date(2026, 11, 28)
ONE_DAY = timedelta(days=1)



def compute_derived_of(contract: Contract, changes: Any, cures: Any, reading: Any, today: date) -> dict[str, Any]:
    return compute_derived(contract_facts(contract, changes, cures), reading, today)

def expected_from_terms(contract: Contract, cures: list[CureNotice], today: date) -> dict[str, Any]:
    """The date columns written out directly from app.terms (an independent restatement)."""
    values: dict[str, Any] = dict.fromkeys(
        ("current_term_end", "renewal_date", "non_renewal_deadline", "non_renewal_deadline_strict",
         "confidentiality_end"))
    if contract.start_date is not None and contract.end_date is None:
        end = terms.term_end_on(contract.start_date, contract.initial_term_end, today)
        values.update(current_term_end=end, renewal_date=end + ONE_DAY,
                      non_renewal_deadline=terms.notice_deadline(end),
                      non_renewal_deadline_strict=terms.strict_notice_deadline(end))
    if contract.end_date is not None:
        values["confidentiality_end"] = terms.confidentiality_end(contract.end_date)
        if contract.start_date is not None:
            values["current_term_end"] = terms.term_end_on(contract.start_date, contract.initial_term_end,
                                                           contract.end_date)
    open_cures = [c.cure_deadline for c in cures if not c.closed]
    values["cure_deadline"] = min(open_cures) if open_cures else None
    upcoming = [v for k, v in values.items() if k in ("renewal_date", "non_renewal_deadline", "cure_deadline",
                                                       "confidentiality_end") and v is not None and v >= today]
    values["next_deadline"] = min(upcoming, default=None)
    return values


def load_all(engine: Engine) -> tuple[list[Contract], dict[int, list[ChangeContract]], dict[int, list[CureNotice]]]:
    with Session(engine) as session:
        contracts = list(session.exec(select(Contract).order_by(Contract.id)).scalars())
        changes: dict[int, list[ChangeContract]] = defaultdict(list)
        for change in session.exec(select(ChangeContract)).scalars():
            changes[change.contract_id].append(change)
        cures: dict[int, list[CureNotice]] = defaultdict(list)
        for cure in session.exec(select(CureNotice)).scalars():
            cures[cure.contract_id].append(cure)
    return contracts, changes, cures


def test_seeded_contracts_store_what_app_terms_computes(engine: Engine) -> None:
    seed_contracts(engine, 400, today=TODAY, rng_seed=7)
    contracts, changes, cures = load_all(engine)
    assert len(contracts) == 400
    kinds = set()
    for contract in contracts:
        stored = {k: getattr(contract, k) for k in DERIVED_COLUMNS}
        open_cures = [c for c in cures[contract.id] if not c.closed]
        assert stored == compute_derived_of(contract, changes[contract.id], open_cures, None, TODAY), contract.number
        direct = expected_from_terms(contract, cures[contract.id], TODAY)
        assert {k: stored[k] for k in direct} == direct, contract.number
        kinds.add((ContractStatus(contract.status), contract.start_date is None, bool(open_cures)))
    # the sample covers running, ended, noticed, not-yet-started and cure-notice contracts
    assert {(ContractStatus.ACTIVE, False, False), (ContractStatus.ACTIVE, True, False),
            (ContractStatus.ENDED, False, False), (ContractStatus.NOTICE_RECEIVED, False, False)} <= kinds
    assert any(open_cure for _, _, open_cure in kinds)


def test_refresh_lapsed_brings_every_row_up_to_date(engine: Engine) -> None:
    seed_contracts(engine, 300, today=TODAY, rng_seed=3)
    later = TODAY + timedelta(days=400)
    refreshed = refresh_lapsed(engine, later)
    assert refreshed > 0
    assert refresh_lapsed(engine, later) == 0  # nothing left to do: one indexed query
    contracts, changes, cures = load_all(engine)
    for contract in contracts:
        stored = {k: getattr(contract, k) for k in DERIVED_COLUMNS if k != "derived_as_of"}
        fresh = compute_derived_of(contract, changes[contract.id], [c for c in cures[contract.id] if not c.closed],
                                None, later)
        fresh.pop("derived_as_of")
        assert stored == fresh, contract.number
        assert contract.refresh_on is None or contract.refresh_on > later


# --- the pure function ----------------------------------------------------------------------

days = st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 12, 31))


@st.composite
def contracts(draw: st.DrawFn) -> tuple[Contract, list[ChangeContract], list[CureNotice], date]:
    start = draw(days)
    accepted = start - timedelta(days=draw(st.integers(0, 40)))
    initial_end = draw(st.sampled_from([None, terms.minimum_term_end(start),
                                        terms.period_end(terms.minimum_term_end(start) + ONE_DAY, 12)]))
    today = draw(st.dates(min_value=accepted, max_value=date(2030, 12, 31)))
    end = draw(st.one_of(st.none(), st.dates(min_value=start, max_value=date(2030, 12, 31))))
    contract = Contract(id=1, number="SP-2025-00001", customer_id=1, accepted_date=accepted, start_date=start,
                        initial_term_end=initial_end, monthly_fee=draw(st.integers(30, 3000)) * 100, end_date=end)
    changes = [
        ChangeContract(id=i + 1, contract_id=1, requested_date=m, accepted_date=m,
                       effective_month=terms.month_first(m), new_monthly_fee=draw(st.integers(30, 3000)) * 100)
        for i, m in enumerate(sorted(draw(st.lists(st.dates(min_value=start, max_value=date(2030, 12, 31)),
                                                   max_size=3, unique_by=terms.month_first))))
    ]
    cures = [CureNotice(id=i + 1, contract_id=1, dispatched_date=d, breach="x", cure_deadline=terms.cure_deadline(d),
                        closed=draw(st.booleans()))
             for i, d in enumerate(draw(st.lists(st.dates(min_value=accepted, max_value=today), max_size=2)))]
    return contract, changes, cures, today


@settings(max_examples=300, deadline=None)
@given(contracts())
def test_values_hold_until_refresh_on(case: tuple[Contract, list[ChangeContract], list[CureNotice], date]) -> None:
    contract, changes, cures, today = case
    values = compute_derived_of(contract, changes, cures, None, today)
    assert values["refresh_on"] is None or values["refresh_on"] > today
    assert values["next_deadline"] is None or values["next_deadline"] >= today
    if values["non_renewal_deadline"] is not None:
        strict = values["non_renewal_deadline_strict"]
        assert strict <= values["non_renewal_deadline"] <= strict + STRICT_DEADLINE_MAX_LEAD
    assert values["current_monthly_fee"] == terms.FeeSchedule(
        contract.monthly_fee, tuple((c.effective_month, c.new_monthly_fee) for c in changes)
    ).fee_for_month(min(today, contract.end_date) if contract.end_date else today)
    # nothing moves before refresh_on: the day before it gives the same values
    if values["refresh_on"] is not None and values["refresh_on"] - ONE_DAY > today:
        before = compute_derived_of(contract, changes, cures, None, values["refresh_on"] - ONE_DAY)
        before.pop("derived_as_of")
        values.pop("derived_as_of")
        assert before == values
    elif values["refresh_on"] is None:
        far = compute_derived_of(contract, changes, cures, None, today + timedelta(days=3000))
        assert far["next_deadline"] is None


def test_strict_deadline_lead_bound_holds_for_every_day() -> None:
    day, leads = date(2020, 1, 1), set()
    while day <= date(2032, 12, 31):
        lead = terms.notice_deadline(day, reading="month") - terms.strict_notice_deadline(day)
        assert timedelta(0) <= lead <= STRICT_DEADLINE_MAX_LEAD, day
        leads.add(lead.days)
        day += ONE_DAY
    assert max(leads) < STRICT_DEADLINE_MAX_LEAD.days  # the bound is not merely touched
