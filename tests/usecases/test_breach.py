"""Cure notices (16.1), termination by the provider (15, 16) and ending by the customer."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from app import terms
from app.models import Charge, ChargeKind, Contract, ContractStatus, CureNotice, Notice, NoticeKind
from app.usecases import breach, contracts
from app.usecases.context import UseCaseContext
from app.usecases.errors import DateOutOfRangeError, StateError, ValidationError
from tests.usecases.conftest import new_contract, unchanged

CTX = UseCaseContext("山田 太郎", date(2026, 5, 1))


def test_cure_notice_sets_the_cure_deadline(engine: Engine) -> None:
    contract_id = new_contract(engine, CTX)
    cure_id = breach.record_cure_notice(engine, CTX, contract_id, date(2026, 3, 2), "月額費用の支払遅滞")
    with Session(engine) as session:
        cure = session.get(CureNotice, cure_id)
        contract = session.get(Contract, contract_id)
    assert cure is not None and contract is not None
    assert cure.cure_deadline == date(2026, 4, 1)  # SPEC 5: dispatch 2026-03-02 -> 2026-04-01
    assert contract.cure_deadline == date(2026, 4, 1)


def test_16_1_before_the_cure_period_ran_out_names_the_first_day(engine: Engine) -> None:
    contract_id = new_contract(engine, CTX)
    breach.record_cure_notice(engine, CTX, contract_id, date(2026, 3, 2), "月額費用の支払遅滞")
    with unchanged(engine), pytest.raises(DateOutOfRangeError, match="2026年4月2日からです") as caught:
        breach.terminate_by_provider(engine, CTX, contract_id, "16.1", date(2026, 4, 1))
    assert caught.value.allowed == date(2026, 4, 2) and caught.value.field == "termination_date"

    result = breach.terminate_by_provider(engine, CTX, contract_id, "16.1", date(2026, 4, 2),
                                          sum_due=date(2026, 5, 31))
    # start 2025-04-15: initial term to 2026-04-30; renewed term 2026-05-01..2027-04-30 does not apply
    assert result.amount == 0  # terminated in the term's last month: no months after it
    with Session(engine) as session:
        contract = session.get(Contract, contract_id)
        cure = session.exec(select(CureNotice)).scalar_one()
        notice = session.get(Notice, result.notice_id)
    assert contract is not None and notice is not None
    assert contract.status == ContractStatus.TERMINATED_BY_PROVIDER
    assert (contract.end_date, contract.end_ground) == (date(2026, 4, 2), "16.1")
    assert cure.closed and contract.cure_deadline is None
    assert notice.kind == NoticeKind.PROVIDER_TERMINATION


def test_16_1_needs_an_open_cure_notice(engine: Engine) -> None:
    contract_id = new_contract(engine, CTX)
    with unchanged(engine), pytest.raises(StateError, match="是正催告の記録が必要"):
        breach.terminate_by_provider(engine, CTX, contract_id, "16.1", date(2026, 4, 2))
    cure_id = breach.record_cure_notice(engine, CTX, contract_id, date(2026, 3, 2), "管理者登録の無断変更")
    breach.record_cure(engine, CTX, cure_id, date(2026, 3, 20))
    with unchanged(engine), pytest.raises(StateError):
        breach.terminate_by_provider(engine, CTX, contract_id, "16.1", date(2026, 4, 2))


@pytest.mark.parametrize("ground", ["16.2(1)", "16.2(7)", "15.4"])
def test_16_3_sum_for_16_2_and_15_4(engine: Engine, ground: str) -> None:
    contract_id = new_contract(engine, CTX)
    day = date(2025, 10, 20)
    result = breach.terminate_by_provider(engine, CTX, contract_id, ground, day, sum_due=date(2025, 11, 30))
    expected = terms.provider_termination_sum(date(2025, 4, 15), terms.FeeSchedule(50_000), day)
    assert result.amount == expected == 6 * 50_000  # November through April
    with Session(engine) as session:
        charge = session.exec(select(Charge)).scalar_one()
    assert (charge.kind, charge.amount, charge.due_date) == (ChargeKind.PROVIDER_TERMINATION, expected,
                                                              date(2025, 11, 30))


def test_15_3_computes_no_money(engine: Engine) -> None:
    contract_id = new_contract(engine, CTX)
    result = breach.terminate_by_provider(engine, CTX, contract_id, "15.3", date(2025, 10, 20),
                                          sum_due=date(2025, 11, 30))
    assert result.amount == 0 and result.charge_id is None


def test_provider_termination_bad_inputs(engine: Engine) -> None:
    contract_id = new_contract(engine, CTX)
    cases = [
        (("9.4", date(2025, 10, 20)), {}, ValidationError),
        (("16.2(11)", date(2025, 10, 20)), {}, ValidationError),
        (("16.2(1)", date(2025, 3, 1)), {}, ValidationError),  # before acceptance
        (("16.2(1)", date(2025, 10, 20)), {"sum_due": date(2025, 10, 1)}, ValidationError),
    ]
    for args, kwargs, error in cases:
        with unchanged(engine), pytest.raises(error):
            breach.terminate_by_provider(engine, CTX, contract_id, *args, **kwargs)
    breach.terminate_by_provider(engine, CTX, contract_id, "16.2(1)", date(2025, 10, 20))
    with unchanged(engine), pytest.raises(StateError, match="解除"):
        breach.terminate_by_provider(engine, CTX, contract_id, "16.2(2)", date(2025, 10, 21))


def test_cure_bad_inputs(engine: Engine) -> None:
    contract_id = new_contract(engine, CTX)
    for args in ((contract_id, date(2026, 5, 2), "x"), (contract_id, date(2026, 3, 2), " "), (999, date(2026, 3, 2), "x"),
                 (contract_id, date(2025, 3, 1), "x")):
        with unchanged(engine), pytest.raises(ValidationError):
            breach.record_cure_notice(engine, CTX, *args)
    cure_id = breach.record_cure_notice(engine, CTX, contract_id, date(2026, 3, 2), "設置場所の無断移転")
    for day in (date(2026, 3, 1), date(2026, 5, 2)):
        with unchanged(engine), pytest.raises(ValidationError):
            breach.record_cure(engine, CTX, cure_id, day)
    breach.record_cure(engine, CTX, cure_id, date(2026, 3, 10))
    with unchanged(engine), pytest.raises(StateError):
        breach.record_cure(engine, CTX, cure_id, date(2026, 3, 11))


def test_customer_ends_on_16_2_without_money(engine: Engine) -> None:
    contract_id = new_contract(engine, CTX)
    breach.record_cure_notice(engine, CTX, contract_id, date(2026, 3, 2), "月額費用の支払遅滞")
    notice_id = contracts.end_contract(engine, CTX, contract_id, date(2026, 4, 10), "16.2(9)", note="信頼関係の毀損")
    with Session(engine) as session:
        contract = session.get(Contract, contract_id)
        notice = session.get(Notice, notice_id)
        assert session.exec(select(Charge)).first() is None
        assert session.exec(select(CureNotice)).scalar_one().closed
    assert contract is not None and notice is not None
    assert (contract.status, contract.end_date, contract.end_ground) == (ContractStatus.ENDED, date(2026, 4, 10),
                                                                        "16.2(9)")
    assert "第16条第2項第9号" in notice.note
    with unchanged(engine), pytest.raises(StateError):
        contracts.end_contract(engine, CTX, contract_id, date(2026, 4, 11), "15.3")


@pytest.mark.parametrize(("ground", "day"), [("16.1", date(2026, 4, 10)), ("9.4", date(2026, 4, 10)),
                                             ("15.3", date(2026, 5, 2))])
def test_customer_end_bad_inputs(engine: Engine, ground: str, day: date) -> None:
    contract_id = new_contract(engine, CTX)
    with unchanged(engine), pytest.raises(ValidationError):
        contracts.end_contract(engine, CTX, contract_id, day, ground)
