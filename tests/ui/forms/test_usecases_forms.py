"""The use cases the forms added: customer edit (with audit and search index) and contracts whose
end date passed becoming 終了."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.models import AuditEntry, Contract, ContractStatus, Customer
from app.usecases import termination
from app.usecases.context import UseCaseContext
from app.usecases.contract_list import list_contracts
from app.usecases.customer_edit import find_customers, load_customer, update_customer
from app.usecases.customers import CustomerInput
from app.usecases.errors import ValidationError
from app.usecases.lifecycle import close_ended_contracts
from tests.usecases.conftest import new_contract, unchanged


def audit(engine: Engine, action: str) -> list[AuditEntry]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEntry).where(AuditEntry.action == action)).all())


def test_customer_edit_writes_the_change_and_its_audit_entry(engine: Engine, ctx: UseCaseContext) -> None:
    contract_id = new_contract(engine, ctx)
    with Session(engine) as session:
        customer_id = session.get(Contract, contract_id).customer_id  # type: ignore[union-attr]
    before = load_customer(engine, customer_id)
    edited = CustomerInput(**{**before.to_row(), "company_name": "株式会社新社名", "company_kana": "シンシャメイ",
                              "address": "東京都千代田区1-1"})
    assert update_customer(engine, ctx, customer_id, edited) is True
    with Session(engine) as session:
        row = session.get(Customer, customer_id)
        assert row is not None and row.company_name == "株式会社新社名" and row.address == "東京都千代田区1-1"
    [entry] = audit(engine, "update_customer")
    assert json.loads(entry.before_json)["company_name"] == "株式会社テスト商事"
    assert json.loads(entry.after_json)["company_name"] == "株式会社新社名"
    assert "department" not in json.loads(entry.after_json)  # only what changed
    assert [r.id for r in list_contracts(engine, text="新社名").rows] == [contract_id]
    assert find_customers(engine, "しんしゃ")[0].id == customer_id  # kana typed in hiragana


def test_customer_edit_unchanged_or_invalid_writes_nothing(engine: Engine, ctx: UseCaseContext) -> None:
    contract_id = new_contract(engine, ctx)
    with Session(engine) as session:
        customer_id = session.get(Contract, contract_id).customer_id  # type: ignore[union-attr]
    data = load_customer(engine, customer_id)
    with unchanged(engine):
        assert update_customer(engine, ctx, customer_id, data) is False
    with unchanged(engine), pytest.raises(ValidationError) as error:
        update_customer(engine, ctx, customer_id, CustomerInput(**{**data.to_row(), "postal_code": "1000001"}))
    assert error.value.field == "postal_code"


def test_contracts_past_their_end_date_become_ended(engine: Engine, ctx: UseCaseContext) -> None:
    ending = new_contract(engine, ctx)
    running = new_contract(engine, ctx, company="株式会社続行")
    termination.record_termination_notice(engine, ctx, ending, date(2025, 9, 10), date(2025, 10, 31))
    later = UseCaseContext("山田 太郎", date(2025, 10, 31))
    assert close_ended_contracts(engine, later) == 0  # the end day itself is still a service day
    after = UseCaseContext("山田 太郎", date(2025, 11, 1))
    assert close_ended_contracts(engine, after) == 1
    with Session(engine) as session:
        assert session.get(Contract, ending).status == ContractStatus.ENDED  # type: ignore[union-attr]
        assert session.get(Contract, running).status == ContractStatus.ACTIVE  # type: ignore[union-attr]
    [entry] = audit(engine, "contract_ended")
    assert entry.contract_id == ending and "2025年10月31日" in entry.summary
    with unchanged(engine):
        assert close_ended_contracts(engine, after) == 0  # idempotent: a second run writes nothing


def test_prerequisite_confirmation_records_who_when_and_notes(engine: Engine, ctx: UseCaseContext) -> None:
    from app.models import Prerequisite
    from app.usecases import screening
    from tests.usecases.conftest import new_application

    application_id = new_application(engine, ctx)
    with unchanged(engine), pytest.raises(ValidationError) as error:
        screening.record_prerequisite_check(engine, ctx, application_id, {1: Prerequisite.MET},
                                            confirmed_on=date(2025, 9, 11))
    assert error.value.field == "confirmed_on"
    screening.record_prerequisite_check(engine, ctx, application_id, {1: Prerequisite.MET, 2: Prerequisite.UNMET},
                                        confirmed_by="佐藤 花子", confirmed_on=date(2025, 9, 9),
                                        notes={1: "現地で確認", 2: "VPN 未開通", 3: "対象外"})
    after = json.loads(audit(engine, "record_prerequisite_check")[0].after_json)
    assert after["confirmed_by"] == "佐藤 花子" and after["confirmed_on"] == "2025-09-09"
    assert after["notes"] == {"1": "現地で確認", "2": "VPN 未開通"}  # only for the answers given
    assert after["prereq_site_power"] == "met" and after["prereq_remote_access"] == "unmet"


def test_the_start_up_run_acts_as_the_system_when_no_name_is_set(engine: Engine, ctx: UseCaseContext) -> None:
    from app.usecases.lifecycle import SYSTEM_ACTOR, close_ended_on

    ending = new_contract(engine, ctx)
    termination.record_termination_notice(engine, ctx, ending, date(2025, 9, 10), date(2025, 10, 31))
    assert close_ended_on(engine, date(2026, 1, 5), actor=" ") == 1
    [entry] = audit(engine, "contract_ended")
    assert entry.actor == SYSTEM_ACTOR


def test_open_applications_are_the_undecided_and_the_accepted_not_started(engine: Engine,
                                                                          ctx: UseCaseContext) -> None:
    from app.models import Prerequisite
    from app.usecases import screening
    from app.usecases.form_data import open_applications
    from tests.usecases.conftest import new_application

    undecided = new_application(engine, ctx, company="株式会社未審査")
    waiting = new_application(engine, ctx, company="株式会社開始待ち")
    screening.record_prerequisite_check(engine, ctx, waiting, {n: Prerequisite.MET for n in (1, 2, 3, 4)})
    screening.accept_application(engine, ctx, waiting, date(2025, 3, 2))
    refused = new_application(engine, ctx, company="株式会社謝絶")
    screening.refuse_application(engine, ctx, refused, date(2025, 3, 2), [2])
    new_contract(engine, ctx, company="株式会社稼働中")  # started: no longer an open application
    assert sorted(b.company_name for b in open_applications(engine)) == ["株式会社未審査", "株式会社開始待ち"]
    assert {b.id for b in open_applications(engine)} == {undecided, waiting}
