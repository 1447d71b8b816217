"""The customer's notice of ending (9.3, 9.4) through the use case: SPEC section 4's examples."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from app.models import Charge, ChargeKind, Contract, ContractStatus, Notice, NoticeKind
from app.usecases import termination
from app.usecases.context import UseCaseContext
from app.usecases.errors import DateOutOfRangeError, StateError, ValidationError
from tests.usecases.conftest import new_contract, unchanged

# start 2025-04-15, 50,000/month, initial term to 2026-04-30
EXAMPLES = [
    (date(2025, 9, 10), date(2025, 10, 31), "9.4", 6, 300_000),
    (date(2026, 3, 31), date(2026, 4, 30), "9.3", 0, 0),
    (date(2026, 4, 5), date(2026, 5, 31), "9.4", 11, 550_000),
    (date(2026, 5, 1), date(2026, 6, 1), "9.4", 10, 0),  # notice after the renewal: no penalty
]


@pytest.mark.parametrize(("notice", "end", "ground", "months", "penalty"), EXAMPLES)
def test_spec_examples(engine: Engine, notice: date, end: date, ground: str, months: int, penalty: int) -> None:
    ctx = UseCaseContext("山田 太郎", notice)
    contract_id = new_contract(engine, ctx)
    result = termination.record_termination_notice(engine, ctx, contract_id, notice, end,
                                                   penalty_due=date(2026, 12, 31))
    assert (result.end_ground, result.quote.remaining_months, result.quote.penalty) == (ground, months, penalty)
    with Session(engine) as session:
        contract = session.get(Contract, contract_id)
        notice_row = session.get(Notice, result.notice_id)
        charges = session.exec(select(Charge)).scalars().all()
    assert contract is not None and notice_row is not None
    assert contract.status == ContractStatus.NOTICE_RECEIVED
    assert (contract.notice_date, contract.end_date, contract.end_ground) == (notice, end, ground)
    assert notice_row.kind == (NoticeKind.NON_RENEWAL if ground == "9.3" else NoticeKind.TERMINATION)
    assert (notice_row.requested_end, notice_row.penalty) == (end, penalty)
    if penalty:
        assert [(c.kind, c.amount, c.due_date) for c in charges] == [(ChargeKind.PENALTY, penalty, date(2026, 12, 31))]
        assert result.charge_id == charges[0].id
    else:
        assert charges == [] and result.charge_id is None
    # an end is fixed: no renewal any more, the confidentiality duty runs 2 years after the end
    assert contract.renewal_date is None and contract.non_renewal_deadline is None
    assert contract.confidentiality_end is not None and contract.confidentiality_end > end


def test_penalty_without_due_date_is_kept_on_the_notice(engine: Engine, ctx: UseCaseContext) -> None:
    contract_id = new_contract(engine, ctx)
    result = termination.record_termination_notice(engine, ctx, contract_id, date(2025, 9, 10), date(2025, 10, 31))
    assert result.charge_id is None
    with Session(engine) as session:
        assert session.get(Notice, result.notice_id).penalty == 300_000  # type: ignore[union-attr]
        assert session.exec(select(Charge)).first() is None


def test_penalty_follows_change_contracts(engine: Engine, ctx: UseCaseContext) -> None:
    from app.usecases.change_contracts import add_change_contract

    contract_id = new_contract(engine, ctx)
    add_change_contract(engine, ctx, contract_id, requested_date=date(2025, 6, 1), accepted_date=date(2025, 6, 10),
                        effective_month=date(2025, 7, 1), new_monthly_fee=80_000)
    quote = termination.quote_termination(engine, contract_id, date(2025, 9, 10), date(2025, 10, 31))
    assert quote.penalty == 6 * 80_000


def test_too_early_end_is_refused_naming_the_earliest_end(engine: Engine, ctx: UseCaseContext) -> None:
    contract_id = new_contract(engine, ctx)
    with unchanged(engine), pytest.raises(DateOutOfRangeError, match="2025年10月10日") as caught:
        termination.record_termination_notice(engine, ctx, contract_id, date(2025, 9, 10), date(2025, 10, 9))
    assert caught.value.allowed == date(2025, 10, 10) and caught.value.field == "requested_end"


def test_too_late_end_is_refused_naming_the_latest_end(engine: Engine, ctx: UseCaseContext) -> None:
    contract_id = new_contract(engine, ctx)
    with unchanged(engine), pytest.raises(DateOutOfRangeError, match="2026年4月30日") as caught:
        termination.record_termination_notice(engine, ctx, contract_id, date(2025, 9, 10), date(2026, 5, 31))
    assert caught.value.allowed == date(2026, 4, 30)


def test_other_bad_inputs_change_nothing(engine: Engine, ctx: UseCaseContext) -> None:
    contract_id = new_contract(engine, ctx)
    not_started = new_contract(engine, ctx, start=None, company="株式会社未開始")
    cases = [
        ((contract_id, date(2025, 9, 11), date(2025, 10, 31)), {}, ValidationError),  # notice in the future
        ((contract_id, date(2025, 3, 31), date(2025, 10, 31)), {}, ValidationError),  # before acceptance
        ((contract_id, date(2025, 9, 10), date(2025, 10, 31)), {"penalty_due": date(2025, 9, 1)}, ValidationError),
        ((contract_id, "2025-09-10", date(2025, 10, 31)), {}, ValidationError),
        ((not_started, date(2025, 9, 10), date(2025, 10, 31)), {}, StateError),
        ((999, date(2025, 9, 10), date(2025, 10, 31)), {}, ValidationError),
    ]
    for args, kwargs, error in cases:
        with unchanged(engine), pytest.raises(error):
            termination.record_termination_notice(engine, ctx, *args, **kwargs)


def test_second_notice_is_refused(engine: Engine, ctx: UseCaseContext) -> None:
    contract_id = new_contract(engine, ctx)
    termination.record_termination_notice(engine, ctx, contract_id, date(2025, 9, 10), date(2025, 10, 31))
    with unchanged(engine), pytest.raises(StateError, match="解約通知受領"):
        termination.record_termination_notice(engine, ctx, contract_id, date(2025, 9, 10), date(2025, 11, 30))
