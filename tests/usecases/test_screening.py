"""Screening (Art 2-4, 7): the state machine as data, and the use cases over it."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from app.models import Application, ApplicationStatus, AuditEntry, Contract, Customer, Prerequisite
from app.usecases import contracts, screening
from app.usecases.context import UseCaseContext
from app.usecases.customers import CustomerInput
from app.usecases.errors import StateError, ValidationError
from app.usecases.prerequisites import PREREQUISITES
from app.usecases.screening import TRANSITIONS, Action, assess, next_status
from tests.usecases.conftest import ALL_MET, new_application, new_contract, unchanged

S = ApplicationStatus
P = Prerequisite


# --- the state machine, without a database -------------------------------------------------

def test_transitions_are_the_documented_ones() -> None:
    assert next_status(S.RECEIVED, Action.CHECK) is S.SCREENING
    assert next_status(S.SCREENING, Action.ACCEPT) is S.ACCEPTED
    assert next_status(S.SCREENING, Action.REFUSE) is S.REFUSED
    assert next_status(S.RECEIVED, Action.WITHDRAW) is S.WITHDRAWN
    assert next_status(S.ACCEPTED, Action.CHECK) is S.ACCEPTED  # prerequisites confirmed after an override


@pytest.mark.parametrize("status", [S.REFUSED, S.WITHDRAWN])
def test_decided_applications_allow_nothing(status: ApplicationStatus) -> None:
    assert TRANSITIONS[status] == {}
    for action in Action:
        with pytest.raises(StateError):
            next_status(status, action)


def test_accepting_needs_screening_first() -> None:
    with pytest.raises(StateError, match="受付の申込には「承諾」はできません"):
        next_status(S.RECEIVED, Action.ACCEPT)


def test_every_status_has_transitions_and_targets_are_statuses() -> None:
    assert set(TRANSITIONS) == set(ApplicationStatus)
    for targets in TRANSITIONS.values():
        assert all(isinstance(t, ApplicationStatus) for t in targets.values())


def test_assess_unmet_suggests_reason_1_and_needs_override() -> None:
    application = Application(customer_id=1, received_date=date(2025, 3, 1), status=S.SCREENING,
                              prereq_site_power=P.MET, prereq_remote_access=P.UNMET,
                              prereq_admin_registered=P.UNCHECKED, prereq_site_in_japan=P.MET)
    result = assess(application)
    assert result.unmet == (2,)
    assert result.unchecked == (3,)
    assert result.needs_override and not result.can_start_service
    assert result.suggested_reasons == (1,)
    assert any("(2)" in w and "満たしていません" in w for w in result.warnings)
    assert any("(3)" in w and "未確認" in w for w in result.warnings)


def test_assess_all_met() -> None:
    application = Application(customer_id=1, received_date=date(2025, 3, 1), status=S.SCREENING,
                              **{PREREQUISITES[n][0]: P.MET for n in (1, 2, 3, 4)})
    result = assess(application)
    assert not result.needs_override and result.can_start_service
    assert result.suggested_reasons == () and result.warnings == ()
    assert set(result.allowed) == {Action.CHECK, Action.ACCEPT, Action.REFUSE, Action.WITHDRAW}


# --- use cases -----------------------------------------------------------------------------

def test_submit_creates_customer_application_and_audit(engine: Engine, ctx: UseCaseContext) -> None:
    application_id = new_application(engine, ctx)
    with Session(engine) as session:
        application = session.get(Application, application_id)
        assert application is not None and application.status == S.RECEIVED
        customer = session.get(Customer, application.customer_id)
        assert customer is not None and customer.company_name == "株式会社テスト商事"
        actions = [a.action for a in session.exec(select(AuditEntry).order_by(AuditEntry.id)).scalars()]
    assert actions == ["create_customer", "submit_application"]


def test_submit_for_an_existing_customer(engine: Engine, ctx: UseCaseContext) -> None:
    first = new_application(engine, ctx)
    with Session(engine) as session:
        customer_id = session.get(Application, first).customer_id  # type: ignore[union-attr]
    second = screening.submit_application(engine, ctx, customer_id, date(2025, 5, 1), monthly_fee=30_000)
    with Session(engine) as session:
        assert session.get(Application, second).customer_id == customer_id  # type: ignore[union-attr]
        assert len(session.exec(select(Customer)).all()) == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"customer": CustomerInput("  ")}, "company_name"),
        ({"customer": CustomerInput("株式会社A", postal_code="1234567")}, "postal_code"),
        ({"customer": CustomerInput("株式会社A", email="no-at-sign")}, "email"),
        ({"customer": CustomerInput("株式会社A", honorific="殿")}, "honorific"),
        ({"customer": 999}, None),
        ({"received_date": date(2025, 9, 11)}, "received_date"),  # not arrived yet
        ({"monthly_fee": 0}, "monthly_fee"),
        ({"monthly_fee": 50_000.0}, "monthly_fee"),  # never a float
        ({"initial_fee": -1}, "initial_fee"),
        ({"requested_start": date(2025, 2, 1)}, "requested_start"),  # before arrival
    ],
)
def test_submit_bad_input_changes_nothing(engine: Engine, ctx: UseCaseContext, kwargs: dict, field: str | None) -> None:
    new_application(engine, ctx)  # something in the database to keep
    args = {"customer": CustomerInput("株式会社A"), "received_date": date(2025, 3, 1), "monthly_fee": 50_000}
    args.update(kwargs)
    with unchanged(engine), pytest.raises(ValidationError) as caught:
        screening.submit_application(engine, ctx, args.pop("customer"), args.pop("received_date"), **args)
    assert caught.value.field == field


def test_checks_move_to_screening_and_accept_forms_the_contract(engine: Engine, ctx: UseCaseContext) -> None:
    application_id = new_application(engine, ctx)
    result = screening.record_prerequisite_check(engine, ctx, application_id, ALL_MET)
    assert result.status is S.SCREENING and result.can_start_service
    contract_id = screening.accept_application(engine, ctx, application_id, date(2025, 4, 1))
    with Session(engine) as session:
        contract = session.get(Contract, contract_id)
        application = session.get(Application, application_id)
    assert contract is not None and application is not None
    assert contract.number == "SP-2025-00001" and contract.accepted_date == date(2025, 4, 1)
    assert contract.start_date is None and contract.monthly_fee == 50_000 and contract.initial_fee == 100_000
    assert application.status == S.ACCEPTED and application.decided_by == "山田 太郎"
    assert application.override_note == ""


def test_contract_numbers_count_per_year(engine: Engine, ctx: UseCaseContext) -> None:
    numbers = []
    for accepted in (date(2025, 4, 1), date(2025, 5, 1), date(2024, 12, 1)):
        contract_id = new_contract(engine, ctx, start=None, accepted=accepted)
        with Session(engine) as session:
            numbers.append(session.get(Contract, contract_id).number)  # type: ignore[union-attr]
    assert numbers == ["SP-2025-00001", "SP-2025-00002", "SP-2024-00001"]


def test_accept_with_unconfirmed_prerequisite_needs_a_note(engine: Engine, ctx: UseCaseContext) -> None:
    application_id = new_application(engine, ctx)
    screening.record_prerequisite_check(engine, ctx, application_id, {1: P.MET, 2: P.MET, 3: P.UNMET})
    with unchanged(engine), pytest.raises(ValidationError, match=r"前提条件\(3\)、\(4\)が確認できていません") as caught:
        screening.accept_application(engine, ctx, application_id, date(2025, 4, 1), override_note="  ")
    assert caught.value.field == "override_note"

    contract_id = screening.accept_application(engine, ctx, application_id, date(2025, 4, 1),
                                               override_note="設置作業時に管理者登録を確認する")
    with Session(engine) as session:
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "accept_application")).scalar_one()
        assert session.get(Application, application_id).override_note == "設置作業時に管理者登録を確認する"  # type: ignore[union-attr]
    after = json.loads(entry.after_json)
    assert after["override_note"] == "設置作業時に管理者登録を確認する"
    assert after["unconfirmed_prerequisites"] == [3, 4]
    assert entry.contract_id == contract_id and "前提条件未確認" in entry.summary

    # the service start is refused until all four are met, then allowed
    with unchanged(engine), pytest.raises(ValidationError, match=r"サービスを開始できません.*\(3\).*\(4\)"):
        contracts.record_service_start(engine, ctx, contract_id, date(2025, 4, 15))
    screening.record_prerequisite_check(engine, ctx, application_id, {3: P.MET, 4: P.MET})
    contracts.record_service_start(engine, ctx, contract_id, date(2025, 4, 15))
    with Session(engine) as session:
        assert session.get(Contract, contract_id).start_date == date(2025, 4, 15)  # type: ignore[union-attr]


def test_accept_bad_inputs_change_nothing(engine: Engine, ctx: UseCaseContext) -> None:
    received = new_application(engine, ctx)
    with unchanged(engine), pytest.raises(StateError):
        screening.accept_application(engine, ctx, received, date(2025, 4, 1))  # still 'received'
    screening.record_prerequisite_check(engine, ctx, received, ALL_MET)
    cases = [
        ({"accepted_date": date(2025, 2, 28)}, "decision_date"),  # before the application arrived
        ({"accepted_date": date(2025, 9, 11)}, "decision_date"),  # in the future
        ({"contract_number": ""}, "contract_number"),
    ]
    for kwargs, field in cases:
        args = {"accepted_date": date(2025, 4, 1), **kwargs}
        with unchanged(engine), pytest.raises(ValidationError) as caught:
            screening.accept_application(engine, ctx, received, args.pop("accepted_date"), **args)
        assert caught.value.field == field
    new_contract(engine, ctx, start=None)  # takes SP-2025-00001
    with unchanged(engine), pytest.raises(ValidationError, match="既に使われています"):
        screening.accept_application(engine, ctx, received, date(2025, 4, 1), contract_number="SP-2025-00001")
    with unchanged(engine), pytest.raises(ValidationError, match="見つかりません"):
        screening.accept_application(engine, ctx, 999, date(2025, 4, 1))


def test_refuse_needs_art_4_reasons(engine: Engine, ctx: UseCaseContext) -> None:
    application_id = new_application(engine, ctx)
    for reasons, pattern in (([], "一つ以上"), ([6], r"\(1\)〜\(5\)"), ([0, 1], r"\(1\)〜\(5\)")):
        with unchanged(engine), pytest.raises(ValidationError, match=pattern) as caught:
            screening.refuse_application(engine, ctx, application_id, date(2025, 3, 5), reasons)
        assert caught.value.field == "refusal_reasons"
    screening.refuse_application(engine, ctx, application_id, date(2025, 3, 5), [3, 1, 1], note="申告内容に相違")
    with Session(engine) as session:
        application = session.get(Application, application_id)
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "refuse_application")).scalar_one()
    assert application is not None and application.status == S.REFUSED
    assert application.refusal_reasons == "1,3" and application.refusal_note == "申告内容に相違"
    assert "第4条(1)(3)" in entry.summary
    with unchanged(engine), pytest.raises(StateError, match="謝絶の申込には"):
        screening.record_prerequisite_check(engine, ctx, application_id, ALL_MET)


def test_withdraw(engine: Engine, ctx: UseCaseContext) -> None:
    application_id = new_application(engine, ctx)
    screening.withdraw_application(engine, ctx, application_id, date(2025, 3, 2))
    with Session(engine) as session:
        assert session.get(Application, application_id).status == S.WITHDRAWN  # type: ignore[union-attr]
    with unchanged(engine), pytest.raises(StateError):
        screening.withdraw_application(engine, ctx, application_id, date(2025, 3, 2))


@pytest.mark.parametrize("answers", [{}, {5: P.MET}, {1: "met"}])
def test_prerequisite_check_bad_input(engine: Engine, ctx: UseCaseContext, answers: dict) -> None:
    application_id = new_application(engine, ctx)
    with unchanged(engine), pytest.raises(ValidationError):
        screening.record_prerequisite_check(engine, ctx, application_id, answers)


def test_context_needs_an_actor() -> None:
    with pytest.raises(ValidationError, match="担当者名"):
        UseCaseContext("  ", date(2025, 1, 1))
