"""The settings' notice-reading override ("clear-month") reaches the stored deadlines and the validation."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.models import Contract
from app.usecases import termination
from app.usecases.context import UseCaseContext
from app.usecases.derived import recompute_derived
from app.usecases.errors import DateOutOfRangeError
from tests.usecases.conftest import new_contract, unchanged

STRICT = UseCaseContext("山田 太郎", date(2026, 3, 31), reading="clear-month")


def deadline(engine: Engine, contract_id: int) -> tuple[date | None, date | None]:
    with Session(engine) as session:
        contract = session.get(Contract, contract_id)
        assert contract is not None
        return contract.non_renewal_deadline, contract.non_renewal_deadline_strict


def test_stored_deadline_follows_the_reading(engine: Engine) -> None:
    contract_id = new_contract(engine, UseCaseContext("山田 太郎", date(2025, 9, 10)))  # term to 2026-04-30
    assert deadline(engine, contract_id) == (date(2026, 3, 31), date(2026, 3, 29))
    assert recompute_derived(engine, date(2025, 9, 10), reading="clear-month") == 1
    assert deadline(engine, contract_id) == (date(2026, 3, 29), date(2026, 3, 29))
    recompute_derived(engine, date(2025, 9, 10))
    assert deadline(engine, contract_id) == (date(2026, 3, 31), date(2026, 3, 29))


def test_notice_too_late_under_the_strict_reading(engine: Engine) -> None:
    contract_id = new_contract(engine, STRICT)
    with unchanged(engine), pytest.raises(DateOutOfRangeError, match="2026年5月1日") as caught:
        termination.record_termination_notice(engine, STRICT, contract_id, date(2026, 3, 31), date(2026, 4, 30))
    assert caught.value.allowed == date(2026, 5, 1)
    month = UseCaseContext("山田 太郎", date(2026, 3, 31))
    result = termination.record_termination_notice(engine, month, contract_id, date(2026, 3, 31), date(2026, 4, 30))
    assert result.end_ground == "9.3"
