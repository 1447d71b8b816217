"""Hypothesis strategies shared by the quote tests: contracts with change contracts, and notice dates."""
from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from app.terms import ContractTerms, FeeChange, FeeSchedule, add_months, minimum_term_end, month_first

fees = st.integers(min_value=0, max_value=2_000_000)


@st.composite
def contract_terms(draw: st.DrawFn) -> ContractTerms:
    """A start 2020-2030, a notified term end (or none), an initial fee and up to three change contracts."""
    start = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
    extra = draw(st.sampled_from([None, 0, 0, 31, 92, 365]))
    initial_end = None if extra is None else minimum_term_end(start) + timedelta(days=extra)
    months = draw(st.lists(st.integers(min_value=0, max_value=40), max_size=3, unique=True))
    changes = tuple(FeeChange(add_months(month_first(start), m), draw(fees)) for m in sorted(months))
    return ContractTerms(start, FeeSchedule(draw(fees), changes), initial_end, draw(st.sampled_from([0, 0, 150_000])))


@st.composite
def contracts_and_notices(draw: st.DrawFn) -> tuple[ContractTerms, date]:
    terms = draw(contract_terms())
    notice = terms.start + timedelta(days=draw(st.integers(min_value=0, max_value=4 * 365)))
    return terms, notice
