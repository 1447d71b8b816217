"""The contract's recording dialogs: typed like a user, buttons pressed, then the database and the
audit log checked; refused input writes nothing."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from app.models import (
    ChangeContract,
    Charge,
    ChargeKind,
    Contract,
    ContractStatus,
    CureNotice,
    Customer,
    Notice,
    Payment,
    Prerequisite,
)
from app.usecases import payments, screening
from app.usecases.form_data import ChargeBrief, contract_brief
from tests.terms.spec_examples import CALENDAR
from tests.ui.forms.conftest import ACTOR, audit_actions, rows, type_into
from tests.usecases.conftest import new_application, new_contract, unchanged
from ui.dialogs.base import FormDialog
from ui.dialogs.cure import CureDoneDialog, CureNoticeDialog
from ui.dialogs.payment import PaymentDialog
from ui.dialogs.provider_termination import ProviderTerminationDialog
from ui.dialogs.service_start import ServiceStartDialog
from ui.dialogs.termination_notice import TerminationNoticeDialog
from ui.hub import Hub
from ui.presenters import contract_forms
from ui.screens.change_contract_form import ChangeContractDialog
from ui.screens.customer_edit import CustomerEditDialog


class Answers:
    """Stands in for the confirmation and guard questions; remembers what was asked."""

    def __init__(self, yes: bool = True) -> None:
        self.yes = yes
        self.asked: list[str] = []

    def confirm(self, _parent: object, text: str) -> bool:
        self.asked.append(text)
        return self.yes


def prepared(dialog: FormDialog, qtbot: QtBot, answers: Answers) -> FormDialog:
    qtbot.addWidget(dialog)
    dialog.kit.confirm_with = answers.confirm
    dialog.kit.ask = lambda _parent: answers.yes
    dialog.show()
    return dialog


def field(dialog: FormDialog, name: str) -> QLineEdit:
    widget = dialog.kit.fields[name]
    assert isinstance(widget, QLineEdit)
    return widget


def fill(dialog: FormDialog, **texts: str) -> None:
    for name, text in texts.items():
        type_into(field(dialog, name), text)


@pytest.fixture
def contract_id(ui_engine: Engine, hub: Hub) -> int:
    return new_contract(ui_engine, hub.context())  # start 2025-04-15, 50,000/month, minimum term to 2026-04-30


def termination(hub: Hub, contract_id: int) -> TerminationNoticeDialog:
    return TerminationNoticeDialog(hub, contract_brief(hub.engine, contract_id))


# --- termination notice ---------------------------------------------------------------------------

@pytest.mark.parametrize(("end", "named"), [
    ("2025/10/9", "最も早い終了日は2025年10月10日です（指定可能な日: 2025-10-10）"),
    ("2026/5/31", "2026年4月30日（契約期間の満了日）までです（指定可能な日: 2026-04-30）"),
])
def test_termination_outside_the_allowed_range_names_the_date_and_writes_nothing(
        qtbot: QtBot, hub: Hub, ui_engine: Engine, contract_id: int, end: str, named: str) -> None:
    answers = Answers()
    dialog = prepared(termination(hub, contract_id), qtbot, answers)
    fill(dialog, notice_date="2025/9/10", requested_end=end)
    assert dialog.preview is not None and any(named in text for text in dialog.preview.texts())
    with unchanged(ui_engine):
        dialog.action_button.click()
    assert named in dialog.kit.error_text("requested_end")
    assert answers.asked == [] and dialog.isVisible()


def test_termination_in_range_asks_then_records_notice_penalty_and_end(
        qtbot: QtBot, hub: Hub, ui_engine: Engine, contract_id: int) -> None:
    answers = Answers(yes=False)
    dialog = prepared(termination(hub, contract_id), qtbot, answers)
    fill(dialog, notice_date="令和7年9月10日", requested_end="2025-10-31", penalty_due="2025/11/30")
    assert dialog.preview is not None and any("300,000円" in t for t in dialog.preview.texts())
    with unchanged(ui_engine):
        dialog.action_button.click()  # the user said no
    assert "300,000円" in answers.asked[0] and "第9条第4項" in answers.asked[0]
    answers.yes = True
    dialog.action_button.click()
    [notice] = rows(ui_engine, Notice)
    assert (notice.penalty, notice.requested_end) == (300_000, date(2025, 10, 31))
    [contract] = rows(ui_engine, Contract)
    assert contract.status == ContractStatus.NOTICE_RECEIVED and contract.end_date == date(2025, 10, 31)
    [charge] = rows(ui_engine, Charge)
    assert charge.amount == 300_000 and charge.kind == ChargeKind.PENALTY
    assert audit_actions(ui_engine)[-3:] == ["record_termination_notice", "add_charge", "set_contract_end"]
    assert not dialog.isVisible()


# --- change contract --------------------------------------------------------------------------------

def change(hub: Hub, contract_id: int) -> ChangeContractDialog:
    return ChangeContractDialog(hub, contract_brief(hub.engine, contract_id))


def test_change_contract_shows_the_months_around_it_and_records_the_quoted_fee(
        qtbot: QtBot, hub: Hub, ui_engine: Engine, contract_id: int) -> None:
    answers = Answers()
    dialog = prepared(change(hub, contract_id), qtbot, answers)
    fill(dialog, effective_month="令和7年11月", new_monthly_fee="６０，０００", one_time_fee="¥30,000",
         description="設定の変更（ポリシー追加）")
    texts = dialog.preview.texts() if dialog.preview is not None else []
    assert "2025年9月 月額費用 50,000円" in texts
    assert "2025年11月 変更契約（当月全額） 60,000円" in texts
    assert "2025年11月 設定の変更（ポリシー追加） 30,000円" in texts
    assert "2025年12月 月額費用 60,000円" in texts
    dialog.action_button.click()
    [row] = rows(ui_engine, ChangeContract)
    assert (row.effective_month, row.new_monthly_fee, row.one_time_fee) == (date(2025, 11, 1), 60_000, 30_000)
    assert answers.asked == []  # nothing to flag
    assert audit_actions(ui_engine)[-1] == "add_change_contract"


def test_change_contract_naming_excluded_work_is_flagged_before_saving(
        qtbot: QtBot, hub: Hub, ui_engine: Engine, contract_id: int) -> None:
    answers = Answers(yes=False)
    dialog = prepared(change(hub, contract_id), qtbot, answers)
    fill(dialog, effective_month="2025-10", new_monthly_fee="55000", description="機器の移動と故障原因の解析")
    assert dialog.preview is not None and sum("適用除外" in t for t in dialog.preview.texts()) == 2
    with unchanged(ui_engine):
        dialog.action_button.click()
    assert "第6条(6)" in answers.asked[0] and "第6条(2)" in answers.asked[0]
    assert rows(ui_engine, ChangeContract) == []
    # no initial fee is added by itself
    assert not any(line.kind == "one_time" for line in dialog.preview.preview.billing)  # type: ignore[union-attr]


def test_change_in_the_pro_rated_first_month_is_flagged(qtbot: QtBot, hub: Hub, ui_engine: Engine) -> None:
    contract = new_contract(ui_engine, hub.context(), start=date(2025, 9, 5), accepted=date(2025, 9, 1))
    dialog = prepared(change(hub, contract), qtbot, Answers(yes=False))
    fill(dialog, effective_month="2025/9", new_monthly_fee="60000")
    assert dialog.preview is not None and any("日割" in t and "要確認" in t for t in dialog.preview.texts())


# --- customer edit ------------------------------------------------------------------------------------

def test_customer_edit_saves_with_its_audit_entry(qtbot: QtBot, hub: Hub, ui_engine: Engine,
                                                  contract_id: int) -> None:
    [customer] = rows(ui_engine, Customer)
    dialog = prepared(CustomerEditDialog(hub, int(customer.id or 0)), qtbot, Answers())
    assert field(dialog, "company_name").text() == "株式会社テスト商事"
    fill(dialog, company_name="株式会社テスト商事ホールディングス", address="大阪府大阪市北区1-2-3",
         postal_code="530-0001")
    dialog.action_button.click()
    [customer] = rows(ui_engine, Customer)
    assert customer.company_name == "株式会社テスト商事ホールディングス" and customer.postal_code == "530-0001"
    assert audit_actions(ui_engine)[-1] == "update_customer"


# --- cure notice and cure ------------------------------------------------------------------------------

def test_cure_notice_then_cured(qtbot: QtBot, hub: Hub, ui_engine: Engine, contract_id: int) -> None:
    dialog = prepared(CureNoticeDialog(hub, contract_brief(ui_engine, contract_id)), qtbot, Answers())
    fill(dialog, dispatched_date="2025/9/1", breach="月額費用の未払い（7月分）")
    assert "2025年10月1日" in dialog.notes.text() and "2025年10月2日から" in dialog.notes.text()
    dialog.action_button.click()
    [cure] = rows(ui_engine, CureNotice)
    assert cure.cure_deadline == date(2025, 10, 1) and not cure.closed
    done = prepared(CureDoneDialog(hub, contract_brief(ui_engine, contract_id)), qtbot, Answers())
    fill(done, cured_date="2025/9/9")
    done.action_button.click()
    [cure] = rows(ui_engine, CureNotice)
    assert cure.closed and cure.cured_date == date(2025, 9, 9)
    assert audit_actions(ui_engine)[-2:] == ["record_cure_notice", "record_cure"]


def test_cure_period_shows_the_spec_numbers() -> None:
    [(dispatched,), deadline] = [(args, expected) for _s, f, args, expected in CALENDAR if f == "cure_deadline"][0]
    [(_,), termination_from] = [(args, expected) for _s, f, args, expected in CALENDAR
                                if f == "cure_termination_from"][0]
    lines = contract_forms.cure_lines(dispatched.isoformat())
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in lines[0]
    assert f"{termination_from.year}年{termination_from.month}月{termination_from.day}日から" in lines[1]


# --- provider's termination --------------------------------------------------------------------------------

def test_provider_termination_asks_before_ending(qtbot: QtBot, hub: Hub, ui_engine: Engine, contract_id: int) -> None:
    answers = Answers(yes=False)
    dialog = prepared(ProviderTerminationDialog(hub, contract_brief(ui_engine, contract_id)), qtbot, answers)
    grounds = dialog.kit.fields["ground"]
    assert isinstance(grounds, QComboBox)
    index = grounds.findData("16.1")
    grounds.setCurrentIndex(index)
    grounds.activated.emit(index)
    fill(dialog, termination_date="2025/9/10")
    with unchanged(ui_engine):
        dialog.action_button.click()  # declined
    answers.yes = True
    with unchanged(ui_engine):
        dialog.action_button.click()  # 16.1 needs an open cure notice whose period ran out
    assert "是正催告" in dialog.kit.form_error.text()
    index = grounds.findData("16.2(1)")
    grounds.setCurrentIndex(index)
    grounds.activated.emit(index)
    assert "350,000円" in dialog.notes.text()  # 7 months, October 2025 to April 2026, after the end month
    dialog.action_button.click()
    [contract] = rows(ui_engine, Contract)
    assert contract.status == ContractStatus.TERMINATED_BY_PROVIDER and contract.end_ground == "16.2(1)"


# --- payment ---------------------------------------------------------------------------------------------

def test_partial_payment_with_interest_to_date(qtbot: QtBot, hub: Hub, ui_engine: Engine, contract_id: int) -> None:
    [(balance, due, paid), expected] = [(args, e) for _s, f, args, e in CALENDAR if f == "late_interest"][0]
    payments.add_charge(ui_engine, hub.context(), contract_id, ChargeKind.MONTHLY, balance, due)
    dialog = prepared(PaymentDialog(hub, contract_brief(ui_engine, contract_id)), qtbot, Answers())
    assert field(dialog, "amount").text() == f"{balance:,}"
    fill(dialog, paid_date=paid.isoformat(), amount="100,000")
    assert f"{expected:,}円" in dialog.notes.text() and "230,000円" in dialog.notes.text()
    dialog.action_button.click()
    [payment] = rows(ui_engine, Payment)
    assert (payment.amount, payment.paid_date) == (100_000, paid)
    second = prepared(PaymentDialog(hub, contract_brief(ui_engine, contract_id)), qtbot, Answers())
    assert field(second, "amount").text() == "230,000"  # the balance after the partial payment


def test_interest_lines_show_every_spec_late_interest_example() -> None:
    for _s, function, (balance, due, paid), expected in [c for c in CALENDAR if c[1] == "late_interest"]:
        charge = ChargeBrief(1, ChargeKind.MONTHLY, "月額費用", "", balance, due, ())
        assert f"{expected:,}円" in contract_forms.interest_lines(charge, paid.isoformat(), "")[0], function


# --- service start -------------------------------------------------------------------------------------------

def test_service_start_is_refused_until_all_four_prerequisites(qtbot: QtBot, hub: Hub, ui_engine: Engine) -> None:
    application = new_application(ui_engine, hub.context())
    screening.record_prerequisite_check(ui_engine, hub.context(), application,
                                        {n: Prerequisite.MET for n in (1, 2, 3)})
    contract = screening.accept_application(ui_engine, hub.context(), application, date(2025, 9, 1),
                                            override_note="先行承諾")
    dialog = prepared(ServiceStartDialog(hub, contract_brief(ui_engine, contract)), qtbot, Answers())
    assert not dialog.action_button.isEnabled() and "(4)" in dialog.notes.text()


def test_service_start_records_with_the_preview_numbers(qtbot: QtBot, hub: Hub, ui_engine: Engine) -> None:
    contract = new_contract(ui_engine, hub.context(), start=None, accepted=date(2025, 4, 1))
    dialog = prepared(ServiceStartDialog(hub, contract_brief(ui_engine, contract)), qtbot, Answers())
    fill(dialog, start_date="2025/4/15")
    assert dialog.preview is not None and dialog.preview.preview is not None
    assert dialog.preview.preview.first_month == 26_700
    assert dialog.preview.preview.minimum_term_end == date(2026, 4, 30)
    dialog.action_button.click()
    [row] = [c for c in rows(ui_engine, Contract) if c.id == contract]
    assert row.start_date == date(2025, 4, 15)


# --- invalid input in every field changes nothing -----------------------------------------------------------

Factory = Callable[[Hub, int], FormDialog]
CASES: list[tuple[str, Factory, dict[str, str], str, str]] = [
    ("termination", lambda h, c: termination(h, c), {"requested_end": "2025/10/31"}, "notice_date", "2025/9/31"),
    ("termination", lambda h, c: termination(h, c), {"requested_end": "2025/10/31"}, "notice_date", "2025/9/11"),
    ("termination", lambda h, c: termination(h, c), {}, "requested_end", "来月末"),
    ("termination", lambda h, c: termination(h, c), {"requested_end": "2025/10/31"}, "penalty_due", "R7.2.30"),
    ("change", lambda h, c: change(h, c), {"effective_month": "2025-11", "new_monthly_fee": "60000"},
     "requested_date", "2025/2/29"),
    ("change", lambda h, c: change(h, c), {"effective_month": "2025-11", "new_monthly_fee": "60000"},
     "accepted_date", "2025/9/11"),
    ("change", lambda h, c: change(h, c), {"new_monthly_fee": "60000"}, "effective_month", "十一月"),
    ("change", lambda h, c: change(h, c), {"new_monthly_fee": "60000"}, "effective_month", "2025-03"),
    ("change", lambda h, c: change(h, c), {"effective_month": "2025-11"}, "new_monthly_fee", "6万"),
    ("change", lambda h, c: change(h, c), {"effective_month": "2025-11", "new_monthly_fee": "60000"},
     "one_time_fee", "-1"),
    ("change", lambda h, c: change(h, c), {"effective_month": "2025-11", "new_monthly_fee": "60000"},
     "description", "あ" * 2001),
    ("cure", lambda h, c: CureNoticeDialog(h, contract_brief(h.engine, c)), {"breach": "未払い"},
     "dispatched_date", "2025/9/99"),
    ("cure", lambda h, c: CureNoticeDialog(h, contract_brief(h.engine, c)), {}, "breach", ""),
    ("provider", lambda h, c: ProviderTerminationDialog(h, contract_brief(h.engine, c)), {},
     "termination_date", "2025/02/30"),
    ("provider", lambda h, c: ProviderTerminationDialog(h, contract_brief(h.engine, c)), {},
     "sum_due", "2025/9/1"),  # before the termination date
    ("start", lambda h, c: ServiceStartDialog(h, contract_brief(h.engine, c)), {}, "start_date", "2025/4/31"),
    ("start", lambda h, c: ServiceStartDialog(h, contract_brief(h.engine, c)), {"start_date": "2025/4/15"},
     "term_end", "2026/3/31"),
    ("customer", lambda h, c: CustomerEditDialog(h, 1), {}, "company_name", ""),
    ("customer", lambda h, c: CustomerEditDialog(h, 1), {}, "postal_code", "1234567"),
    ("customer", lambda h, c: CustomerEditDialog(h, 1), {}, "email", "no-at-sign"),
    ("customer", lambda h, c: CustomerEditDialog(h, 1), {}, "phone", "0" * 51),
]


@pytest.mark.parametrize(("kind", "factory", "valid", "name", "bad"), CASES,
                         ids=[f"{c[0]}-{c[3]}-{i}" for i, c in enumerate(CASES)])
def test_invalid_input_in_every_dialog_field_changes_nothing(
        qtbot: QtBot, hub: Hub, ui_engine: Engine, kind: str, factory: Factory, valid: dict[str, str], name: str,
        bad: str) -> None:
    start = None if kind == "start" else date(2025, 4, 15)
    contract = new_contract(ui_engine, hub.context(), start=start)
    dialog = prepared(factory(hub, contract), qtbot, Answers())
    fill(dialog, **valid, **{name: bad})
    with unchanged(ui_engine):
        dialog.action_button.click()
    assert dialog.kit.error_text(name) or dialog.kit.form_error.text(), (kind, name)
    assert dialog.isVisible()


def test_closing_with_unsaved_input_asks_first(qtbot: QtBot, hub: Hub, contract_id: int) -> None:
    answers = Answers(yes=False)
    dialog = prepared(change(hub, contract_id), qtbot, answers)
    fill(dialog, new_monthly_fee="70000")
    dialog.cancel_button.click()
    assert dialog.isVisible()  # the user chose to stay
    dialog.kit.stack.undo()
    dialog.cancel_button.click()
    assert not dialog.isVisible()  # nothing unsaved after the undo: no question
    assert ACTOR


def test_a_locked_database_gets_a_message_and_keeps_the_input(qtbot: QtBot, hub: Hub, ui_engine: Engine,
                                                             contract_id: int) -> None:
    import sqlite3

    dialog = prepared(change(hub, contract_id), qtbot, Answers())
    fill(dialog, effective_month="2025-11", new_monthly_fee="60000")
    other = sqlite3.connect(str(ui_engine.url.database), timeout=0)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        ui_engine.dispose()
        with ui_engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA busy_timeout = 100")
        dialog.action_button.click()
    finally:
        other.rollback()
        other.close()
    assert "使用中" in dialog.kit.form_error.text() and dialog.isVisible()
    assert field(dialog, "new_monthly_fee").text() in ("60,000", "60000")
    assert rows(ui_engine, ChangeContract) == []
    dialog.action_button.click()  # the lock is gone: the same input saves
    assert len(rows(ui_engine, ChangeContract)) == 1


def test_a_charge_registered_from_the_payment_dialog_can_be_paid(qtbot: QtBot, hub: Hub, ui_engine: Engine,
                                                                 contract_id: int) -> None:
    dialog = prepared(PaymentDialog(hub, contract_brief(ui_engine, contract_id)), qtbot, Answers())
    assert isinstance(dialog, PaymentDialog) and not dialog.action_button.isEnabled()
    charge_dialog = dialog.open_charge_dialog()
    charge_dialog.kit.ask = lambda _parent: True
    assert "年14.6%の遅延利息" in charge_dialog.notes.text()  # the rates of the profile in force, not literals
    assert "解約違約金" in charge_dialog.notes.text() and "法定利率（現在 年3%）" in charge_dialog.notes.text()
    fill(charge_dialog, amount="５５，０００", due_date="2025/8/31", description="2025年8月分 月額費用")
    with unchanged(ui_engine):
        type_into(field(charge_dialog, "due_date"), "2025/3/31")  # before the acceptance
        charge_dialog.action_button.click()
    assert "承諾日" in charge_dialog.kit.error_text("due_date")
    type_into(field(charge_dialog, "due_date"), "2025/8/31")
    charge_dialog.action_button.click()
    [charge] = rows(ui_engine, Charge)
    assert (charge.amount, charge.kind) == (55_000, ChargeKind.MONTHLY)
    assert dialog.action_button.isEnabled() and field(dialog, "amount").text() == "55,000"
    fill(dialog, paid_date="2025/9/10")
    assert "遅延利息" in dialog.notes.text() and "220円" in dialog.notes.text()  # 55,000 × 14.6% × 10 / 365
    dialog.action_button.click()
    [payment] = rows(ui_engine, Payment)
    assert payment.amount == 55_000


def test_the_charge_note_takes_its_rates_from_the_profile_in_force(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace
    from fractions import Fraction

    from app import terms

    profile = terms.profile_for(date(2026, 11, 30))
    monkeypatch.setattr(terms, "profile_for", lambda _day: replace(profile, late_rate_percent=Fraction(21, 2)))
    note = contract_forms.charge_interest_note(date(2026, 11, 30))
    assert "年10.5%の遅延利息（第8条第2項）" in note and "14.6" not in note
    assert note.startswith("初期費用・月額費用・変更契約の一時費用の遅延には")
