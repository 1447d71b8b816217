"""Change contracts (Art 10), charges, payments and late interest (8.2, SPEC 6)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from app.models import ChangeContract, ChargeKind, Contract, Payment
from app.usecases import payments
from app.usecases.change_contracts import add_change_contract
from app.usecases.context import UseCaseContext
from app.usecases.errors import StateError, ValidationError
from app.usecases.termination import record_termination_notice
from tests.usecases.conftest import new_contract, unchanged

CHANGE = {"requested_date": date(2025, 6, 1), "accepted_date": date(2025, 6, 10), "effective_month": date(2025, 7, 1),
          "new_monthly_fee": 80_000}


def test_change_contract_sets_the_fee_in_effect(engine: Engine) -> None:
    june = UseCaseContext("山田 太郎", date(2025, 6, 20))
    contract_id = new_contract(engine, june)
    result = add_change_contract(engine, june, contract_id, **CHANGE, one_time_fee=50_000, description="機器追加")
    assert result.warnings == ()
    with Session(engine) as session:
        contract = session.get(Contract, contract_id)
        change = session.get(ChangeContract, result.change_id)
    assert contract is not None and change is not None
    assert contract.current_monthly_fee == 50_000  # July has not come yet ...
    assert contract.refresh_on == date(2025, 7, 1)  # ... so the row is refreshed then
    assert (change.new_monthly_fee, change.one_time_fee, change.description) == (80_000, 50_000, "機器追加")


def test_change_in_a_pro_rated_first_month_is_flagged(engine: Engine, ctx: UseCaseContext) -> None:
    contract_id = new_contract(engine, ctx)  # started 2025-04-15
    result = add_change_contract(engine, ctx, contract_id, requested_date=date(2025, 4, 2),
                                 accepted_date=date(2025, 4, 5), effective_month=date(2025, 4, 1),
                                 new_monthly_fee=60_000)
    assert result.warnings and "日割" in result.warnings[0]


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"effective_month": date(2025, 7, 2)}, "effective_month"),  # not the 1st
        ({"effective_month": date(2025, 5, 1)}, "effective_month"),  # before the acceptance month
        ({"new_monthly_fee": 0}, "new_monthly_fee"),
        ({"new_monthly_fee": 80_000.5}, "new_monthly_fee"),
        ({"one_time_fee": -5}, "one_time_fee"),
        ({"accepted_date": date(2025, 5, 30)}, "accepted_date"),  # before the request
        ({"accepted_date": date(2025, 9, 11)}, "accepted_date"),  # in the future
        ({"requested_date": date(2025, 3, 1), "accepted_date": date(2025, 3, 2),
          "effective_month": date(2025, 3, 1)}, "requested_date"),  # before the contract
    ],
)
def test_change_contract_bad_inputs(engine: Engine, ctx: UseCaseContext, override: dict, field: str) -> None:
    contract_id = new_contract(engine, ctx)
    with unchanged(engine), pytest.raises(ValidationError) as caught:
        add_change_contract(engine, ctx, contract_id, **{**CHANGE, **override})
    assert caught.value.field == field


def test_change_contract_duplicates_and_ended_contracts(engine: Engine, ctx: UseCaseContext) -> None:
    contract_id = new_contract(engine, ctx)
    add_change_contract(engine, ctx, contract_id, **CHANGE)
    with unchanged(engine), pytest.raises(ValidationError, match="既に登録"):
        add_change_contract(engine, ctx, contract_id, **{**CHANGE, "new_monthly_fee": 90_000})
    record_termination_notice(engine, ctx, contract_id, date(2025, 9, 10), date(2025, 10, 31))
    with unchanged(engine), pytest.raises(StateError):
        add_change_contract(engine, ctx, contract_id, **{**CHANGE, "effective_month": date(2025, 9, 1)})


# --- payments ----------------------------------------------------------------------------------

def test_spec_late_interest_example(engine: Engine) -> None:
    ctx = UseCaseContext("山田 太郎", date(2025, 8, 1))
    contract_id = new_contract(engine, ctx)
    charge_id = payments.add_charge(engine, ctx, contract_id, ChargeKind.MONTHLY, 330_000, date(2025, 5, 31))
    payments.record_payment(engine, ctx, charge_id, date(2025, 7, 15), 330_000)
    result = payments.late_interest_due(engine, charge_id, date(2025, 8, 1))
    assert result.amount == 5_940 and result.balance == 0  # 45 days
    assert payments.charge_balance(engine, charge_id) == 0


def test_late_interest_per_period_of_constant_balance(engine: Engine) -> None:
    ctx = UseCaseContext("山田 太郎", date(2025, 9, 10))
    contract_id = new_contract(engine, ctx)
    charge_id = payments.add_charge(engine, ctx, contract_id, ChargeKind.MONTHLY, 365_000, date(2025, 5, 31))
    payments.record_payment(engine, ctx, charge_id, date(2025, 6, 10), 165_000)  # 10 days on 365,000
    payments.record_payment(engine, ctx, charge_id, date(2025, 6, 30), 100_000)  # 20 days on 200,000
    result = payments.late_interest_due(engine, charge_id, date(2025, 7, 10))  # 10 days on 100,000
    assert [(p.balance, p.days, p.interest) for p in result.periods] == [
        (365_000, 10, 1_460), (200_000, 20, 1_600), (100_000, 10, 400)]
    assert result.amount == 3_460 and result.balance == 100_000
    # a payment after `as_of` does not count yet
    payments.record_payment(engine, ctx, charge_id, date(2025, 8, 1), 100_000)
    assert payments.late_interest_due(engine, charge_id, date(2025, 7, 10)).amount == 3_460


def test_paid_on_time_owes_nothing(engine: Engine, ctx: UseCaseContext) -> None:
    contract_id = new_contract(engine, ctx)
    charge_id = payments.add_charge(engine, ctx, contract_id, ChargeKind.INITIAL, 110_000, date(2025, 5, 31))
    payments.record_payment(engine, ctx, charge_id, date(2025, 5, 31), 110_000)
    assert payments.late_interest_due(engine, charge_id, date(2025, 9, 10)).amount == 0


def test_a_penalty_bears_the_statutory_rate_and_collection_costs_none(engine: Engine, ctx: UseCaseContext) -> None:
    contract_id = new_contract(engine, ctx)
    penalty = payments.add_charge(engine, ctx, contract_id, ChargeKind.PENALTY, 300_000, date(2025, 5, 31))
    result = payments.late_interest_due(engine, penalty, date(2025, 9, 10))  # 102 days at 3% (not 14.6%)
    assert [(p.balance, p.days) for p in result.periods] == [(300_000, 102)]
    assert result.amount == 300_000 * 3 * 102 // (100 * 365) == 2_515
    costs = payments.add_charge(engine, ctx, contract_id, ChargeKind.COLLECTION_COST, 20_000, date(2025, 5, 31))
    assert payments.late_interest_due(engine, costs, date(2025, 9, 10)) == payments.LateInterest(0, (), 20_000)


def test_overpayment_is_refused(engine: Engine, ctx: UseCaseContext) -> None:
    contract_id = new_contract(engine, ctx)
    charge_id = payments.add_charge(engine, ctx, contract_id, ChargeKind.MONTHLY, 55_000, date(2025, 5, 31))
    payments.record_payment(engine, ctx, charge_id, date(2025, 5, 30), 50_000)
    with unchanged(engine), pytest.raises(ValidationError, match="残高 5,000円 を超えています") as caught:
        payments.record_payment(engine, ctx, charge_id, date(2025, 6, 1), 5_001)
    assert caught.value.field == "amount"
    payments.record_payment(engine, ctx, charge_id, date(2025, 6, 1), 5_000)
    with unchanged(engine), pytest.raises(ValidationError, match="支払済み"):
        payments.record_payment(engine, ctx, charge_id, date(2025, 6, 2), 1)
    with Session(engine) as session:
        assert [p.amount for p in session.exec(select(Payment).order_by(Payment.id)).scalars()] == [50_000, 5_000]


def test_payment_and_charge_bad_inputs(engine: Engine, ctx: UseCaseContext) -> None:
    contract_id = new_contract(engine, ctx)
    charge_id = payments.add_charge(engine, ctx, contract_id, ChargeKind.MONTHLY, 55_000, date(2025, 5, 31))
    for args in ((charge_id, date(2025, 9, 11), 1_000), (charge_id, date(2025, 6, 1), 0),
                 (charge_id, date(2025, 6, 1), 10.0), (999, date(2025, 6, 1), 1_000)):
        with unchanged(engine), pytest.raises(ValidationError):
            payments.record_payment(engine, ctx, *args)
    for args in ((contract_id, ChargeKind.MONTHLY, 0, date(2025, 5, 31)),
                 (contract_id, "monthly", 1_000, date(2025, 5, 31)),
                 (contract_id, ChargeKind.MONTHLY, 1_000, date(2025, 3, 1)),
                 (999, ChargeKind.MONTHLY, 1_000, date(2025, 5, 31))):
        with unchanged(engine), pytest.raises(ValidationError):
            payments.add_charge(engine, ctx, *args)
