"""申込 screen: typing like a user (Japanese through setText + textEdited), pressing its buttons,
then checking the database and the audit log."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from app.models import Application, ApplicationStatus, Contract, Customer, ManagedDevice, Prerequisite
from app.usecases.customers import CustomerInput
from app.usecases import screening
from tests.ui.forms.conftest import TODAY, audit_actions, audit_after, rows, type_into
from tests.usecases.conftest import unchanged
from ui.hub import Hub
from ui.screens.application_form import ApplicationFormScreen


@pytest.fixture
def screen(qtbot: QtBot, hub: Hub) -> Iterator[ApplicationFormScreen]:
    widget = ApplicationFormScreen(hub)
    widget.kit.confirm_with = lambda _parent, _text: True
    widget.kit.ask = lambda _parent: True
    qtbot.addWidget(widget)
    widget.refresh()
    widget.new_item()
    yield widget


def line(screen: ApplicationFormScreen, name: str) -> QLineEdit:
    widget = screen.kit.fields[name]
    assert isinstance(widget, QLineEdit)
    return widget


def fill_application(screen: ApplicationFormScreen, **overrides: str) -> None:
    values = {"company_name": "株式会社みらい商会", "company_kana": "ミライショウカイ", "contact_person": "田中 一郎",
              "postal_code": "100-0001", "address": "東京都千代田区千代田1-1", "email": "tanaka@example.jp",
              "received_date": "2025/9/1", "requested_start": "令和7年10月15日", "monthly_fee": "５０，０００円",
              "initial_fee": "￥100,000", **overrides}
    for name, text in values.items():
        type_into(line(screen, name), text)


def choose(screen: ApplicationFormScreen, name: str, index: int) -> None:
    combo = screen.kit.fields[name]
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def tick(screen: ApplicationFormScreen, name: str, checked: bool = True) -> None:
    box = screen.kit.fields[name]
    assert isinstance(box, QCheckBox)
    if box.isChecked() != checked:
        box.click()  # as a mouse click: toggles and emits clicked


ANSWER_INDEX = {Prerequisite.UNCHECKED: 0, Prerequisite.MET: 1, Prerequisite.UNMET: 2}


def test_submit_records_the_application_and_a_new_customer(screen: ApplicationFormScreen, ui_engine: Engine) -> None:
    fill_application(screen)
    assert screen.preview.preview is not None and screen.preview.preview.first_month == 27_500
    screen.submit_button.click()
    [application] = rows(ui_engine, Application)
    assert (application.monthly_fee, application.initial_fee) == (50_000, 100_000)
    assert application.requested_start.isoformat() == "2025-10-15"
    [customer] = rows(ui_engine, Customer)
    assert customer.company_name == "株式会社みらい商会" and customer.address == "東京都千代田区千代田1-1"
    assert audit_actions(ui_engine) == ["create_customer", "submit_application"]
    assert not screen.kit.dirty
    assert "受付" in screen.status_label.text()


def test_an_existing_customer_is_found_as_you_type(screen: ApplicationFormScreen, ui_engine: Engine,
                                                   hub: Hub, qtbot: QtBot) -> None:
    screening.submit_application(ui_engine, hub.context(), CustomerInput("株式会社ひかり電機", "ヒカリデンキ"), TODAY,
                                 monthly_fee=30_000)
    type_into(line(screen, "company_name"), "ひかり")
    screen._search.timeout.emit()  # the search runs after a short pause in typing, off the GUI thread
    qtbot.waitUntil(lambda: screen.matches.count() == 1, timeout=5_000)
    assert "株式会社ひかり電機" in screen.matches.item(0).text()
    screen.matches.itemClicked.emit(screen.matches.item(0))
    assert line(screen, "company_name").text() == "株式会社ひかり電機"
    assert not line(screen, "company_name").isEnabled()
    type_into(line(screen, "monthly_fee"), "40000")
    screen.submit_button.click()
    assert len(rows(ui_engine, Customer)) == 1
    assert sorted(a.monthly_fee for a in rows(ui_engine, Application)) == [30_000, 40_000]


@pytest.mark.parametrize(("field", "text"), [
    ("received_date", "2025/9/31"),
    ("received_date", "2025/9/11"),  # after today
    ("received_date", ""),
    ("requested_start", "R7.13.1"),
    ("requested_start", "2025/8/1"),  # before the application arrived
    ("monthly_fee", "abc"),
    ("monthly_fee", "0"),
    ("monthly_fee", "1,00"),
    ("initial_fee", "-5"),
    ("initial_fee", "12.5"),
    ("company_name", ""),
    ("postal_code", "1000001"),
    ("email", "tanaka.example.jp"),
])
def test_invalid_input_in_each_field_changes_nothing(screen: ApplicationFormScreen, ui_engine: Engine,
                                                    field: str, text: str) -> None:
    fill_application(screen, **{field: text})
    with unchanged(ui_engine):
        screen.submit_button.click()
    assert screen.kit.error_text(field), field
    assert rows(ui_engine, Application) == []


def test_accepting_with_an_unconfirmed_prerequisite_needs_the_override_and_its_note(
        screen: ApplicationFormScreen, ui_engine: Engine) -> None:
    fill_application(screen)
    screen.submit_button.click()
    for number in (1, 2, 3):
        choose(screen, f"answer_{number}", ANSWER_INDEX[Prerequisite.MET])
    type_into(line(screen, "note_1"), "現地調査で確認")
    type_into(line(screen, "confirmed_by"), "佐藤 花子")
    type_into(line(screen, "confirmed_on"), "2025-09-09")
    assert not screen.accept_button.isEnabled()  # answers typed but not recorded
    screen.check_button.click()
    assert audit_after(ui_engine, "record_prerequisite_check")["confirmed_by"] == "佐藤 花子"
    assert "(4)" in screen.warnings_label.text()
    assert not screen.accept_button.isEnabled() and "理由" in screen.accept_hint.text()
    tick(screen, "override")
    assert screen.accept_button.isEnabled()
    with unchanged(ui_engine):
        screen.accept_button.click()  # no note
    assert "理由" in screen.kit.error_text("override_note")
    assert rows(ui_engine, Contract) == []
    type_into(line(screen, "override_note"), "設置場所の要件は来週確認予定。お客様の強い要望により先行承諾")
    screen.accept_button.click()
    [contract] = rows(ui_engine, Contract)
    assert contract.start_date is None
    after = audit_after(ui_engine, "accept_application")
    assert after["unconfirmed_prerequisites"] == [4] and "先行承諾" in after["override_note"]
    # the service start waits for prerequisite (4)
    assert not screen.start_button.isEnabled() and "(1)〜(4)" in screen.start_hint.text()


def test_all_confirmed_accept_then_service_start_and_devices(screen: ApplicationFormScreen,
                                                            ui_engine: Engine) -> None:
    fill_application(screen)
    screen.add_device_row()
    for column, text in enumerate(("UTM", "FG-100F", "SN123", "東京本社")):
        screen.devices.item(0, column).setText(text)
    screen.submit_button.click()
    for number in (1, 2, 3, 4):
        choose(screen, f"answer_{number}", ANSWER_INDEX[Prerequisite.MET])
    screen.check_button.click()
    assert not screen.kit.fields["override"].isEnabled()
    screen.accept_button.click()
    [contract] = rows(ui_engine, Contract)
    [device] = rows(ui_engine, ManagedDevice)
    assert (device.contract_id, device.model, device.site_address) == (contract.id, "FG-100F", "東京本社")
    assert screen.start_button.isEnabled()
    type_into(line(screen, "start_date"), "2025/10/15")
    type_into(line(screen, "term_end"), "2026/9/30")  # before the minimum term end 2026-10-31
    with unchanged(ui_engine):
        screen.start_button.click()
    assert "2026年10月31日" in screen.kit.error_text("term_end")
    type_into(line(screen, "term_end"), "")
    screen.start_button.click()
    [contract] = rows(ui_engine, Contract)
    assert contract.start_date.isoformat() == "2025-10-15" and not contract.term_confirmed
    assert audit_actions(ui_engine)[-1] == "record_service_start"


def test_refuse_needs_a_reason_and_a_confirmation(screen: ApplicationFormScreen, ui_engine: Engine) -> None:
    fill_application(screen)
    screen.submit_button.click()
    with unchanged(ui_engine):
        screen.refuse_button.click()
    assert "事由" in screen.kit.error_text("reasons")
    tick(screen, "reason_1")
    tick(screen, "reason_5")
    screen.kit.confirm_with = lambda _parent, _text: False
    with unchanged(ui_engine):
        screen.refuse_button.click()  # the user said no
    screen.kit.confirm_with = lambda _parent, _text: True
    screen.refuse_button.click()
    [application] = rows(ui_engine, Application)
    assert application.status == ApplicationStatus.REFUSED and application.refusal_reasons == "1,5"
    assert not screen.accept_button.isEnabled() and not screen.refuse_button.isEnabled()


def test_undo_redo_enter_and_the_unsaved_guard(screen: ApplicationFormScreen, ui_engine: Engine,
                                               qtbot: QtBot) -> None:
    fee = line(screen, "monthly_fee")
    type_into(fee, "50000")
    type_into(line(screen, "requested_start"), "2025/10/15")
    type_into(fee, "60000")
    assert screen.preview.preview is not None and screen.preview.preview.first_month == 33_000
    screen.kit.stack.undo()
    assert fee.text() == "50,000" and screen.preview.preview.first_month == 27_500
    screen.kit.stack.redo()
    assert fee.text() == "60000"
    screen.show()
    fee.setFocus()
    QTest.keyClick(fee, Qt.Key.Key_Return)  # Enter moves on; it never submits
    assert rows(ui_engine, Application) == []
    QTest.keyClick(fee, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the form's undo, not the field's
    assert fee.text() == "50,000"
    assert screen.kit.dirty
    screen.kit.ask = lambda _parent: False
    assert not screen.can_leave()
    screen.new_item()
    assert fee.text() == "50,000"  # kept: the user chose to stay
    screen.kit.ask = lambda _parent: True
    screen.new_item()
    assert fee.text() == "" and not screen.kit.dirty


SCREENING_CASES = [
    ("confirmed_on", "2025/9/31", "check"),
    ("confirmed_on", "2025/9/11", "check"),  # after today
    ("confirmed_by", "あ" * 101, "check"),
    ("note_1", "あ" * 501, "check"),
    ("decision_date", "2025/13/1", "accept"),
    ("decision_date", "2025/8/31", "accept"),  # before the application arrived
    ("decision_date", "", "accept"),
    ("refusal_note", "あ" * 2001, "refuse"),
    ("start_date", "R7.2.30", "start"),
    ("start_date", "2025/8/31", "start"),  # before the acceptance
    ("term_end", "2026/9/30", "start"),  # before the minimum term end
]


@pytest.mark.parametrize(("field", "text", "step"), SCREENING_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(SCREENING_CASES)])
def test_invalid_screening_input_changes_nothing(screen: ApplicationFormScreen, ui_engine: Engine, field: str,
                                                 text: str, step: str) -> None:
    fill_application(screen)
    screen.submit_button.click()
    for number in (1, 2, 3, 4):
        choose(screen, f"answer_{number}", ANSWER_INDEX[Prerequisite.MET])
    if step != "check":
        screen.check_button.click()
    if step == "start":
        screen.accept_button.click()
        type_into(line(screen, "start_date"), "2025/10/15")
    if step == "refuse":
        tick(screen, "reason_2")
    type_into(line(screen, field), text)
    button = {"check": screen.check_button, "accept": screen.accept_button, "refuse": screen.refuse_button,
              "start": screen.start_button}[step]
    assert button.isEnabled()
    with unchanged(ui_engine):
        button.click()
    assert screen.kit.error_text(field) or screen.kit.form_error.text(), field


def test_submit_before_the_database_is_open_says_so(qtbot: QtBot) -> None:
    from datetime import datetime

    from app.settings import Settings
    from app.usecases.context import JST

    waiting = Hub(Settings(user_name="山田 太郎"), clock=lambda: datetime(2025, 9, 10, 10, 0, tzinfo=JST))
    screen = ApplicationFormScreen(waiting)
    qtbot.addWidget(screen)
    screen.kit.ask = lambda _parent: True
    screen.refresh()
    fill_application(screen)
    screen.submit_button.click()
    assert "データベースを開いています" in screen.kit.form_error.text()


def test_a_bad_device_row_stops_the_acceptance_before_anything_is_written(screen: ApplicationFormScreen,
                                                                         ui_engine: Engine) -> None:
    fill_application(screen)
    screen.submit_button.click()
    for number in (1, 2, 3, 4):
        choose(screen, f"answer_{number}", ANSWER_INDEX[Prerequisite.MET])
    screen.check_button.click()
    screen.add_device_row()
    for column, text in enumerate(("UTM", "FG-100F", "S" * 101, "本社")):
        screen.devices.item(0, column).setText(text)
    with unchanged(ui_engine):
        screen.accept_button.click()
    assert "100文字" in screen.kit.error_text("devices")
    assert rows(ui_engine, Contract) == []
