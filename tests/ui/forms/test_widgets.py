"""The form widgets as a user meets them: Japanese typed key by key (text events, as an IME commits
them), the calendar pick, yen with full-width digits, the preview panel with the SPEC numbers,
and the contract view's actions opening the dialogs."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from app.formatting import yen
from app.models import Application, Customer, Notice
from tests.terms.spec_examples import CALENDAR
from tests.ui.forms.conftest import rows, type_into
from tests.usecases.conftest import new_contract
from ui.dialogs.termination_notice import TerminationNoticeDialog
from ui.hub import Hub
from ui.screens.application_form import ApplicationFormScreen
from ui.widgets.date_edit import DateEdit
from ui.widgets.form_undo import FormKit
from ui.widgets.money_edit import MoneyEdit


def type_text_events(widget: QWidget, text: str) -> None:
    """One key event per character with its text, as an input method delivers committed text."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


def test_japanese_typed_key_by_key_reaches_the_database(qtbot: QtBot, hub: Hub, ui_engine: Engine) -> None:
    screen = ApplicationFormScreen(hub)
    qtbot.addWidget(screen)
    screen.new_item()
    screen.show()
    name = screen.kit.fields["company_name"]
    assert isinstance(name, QLineEdit)
    name.setFocus()
    type_text_events(name, "株式会社あおば")
    assert name.text() == "株式会社あおば"
    for field, text in (("monthly_fee", "３００００"), ("requested_start", "令和7年11月1日")):
        widget = screen.kit.fields[field]
        widget.setFocus()
        type_text_events(widget, text)
    assert screen.preview.preview is not None and screen.preview.preview.first_month == 30_000
    screen.kit.stack.undo()  # the start date typed key by key is one undo step
    assert screen.kit.fields["requested_start"].text() == ""  # type: ignore[union-attr]
    screen.kit.stack.redo()
    screen.submit_button.click()
    [customer] = rows(ui_engine, Customer)
    [application] = rows(ui_engine, Application)
    assert customer.company_name == "株式会社あおば" and application.monthly_fee == 30_000


@pytest.mark.parametrize(("fee", "start", "expected"),
                         [args + (expected,) for _s, f, args, expected in CALENDAR if f == "first_month_charge"])
def test_the_panel_shows_the_spec_first_month_and_minimum_term(qtbot: QtBot, hub: Hub, fee: int, start: date,
                                                               expected: int) -> None:
    screen = ApplicationFormScreen(hub)
    qtbot.addWidget(screen)
    type_into(screen.kit.fields["requested_start"], f"{start.year}/{start.month}/{start.day}")  # type: ignore[arg-type]
    type_into(screen.kit.fields["monthly_fee"], f"{fee:,}")  # type: ignore[arg-type]
    assert f"初月の料金 {yen(expected)}" in screen.preview.texts()
    [minimum] = [e for _s, f, args, e in CALENDAR if f == "minimum_term_end" and args == (start,)] or [None]
    if minimum is not None:
        assert f"最低利用期間の満了日 {minimum.year}年{minimum.month}月{minimum.day}日" in screen.preview.texts()


def test_calendar_pick_is_an_edit_like_typing(qtbot: QtBot) -> None:
    form = QWidget()
    qtbot.addWidget(form)
    kit = FormKit(form)
    edit = DateEdit("開始日")
    edit.setParent(form)
    kit.track("start", "開始日", edit)
    edit.open_calendar()
    assert edit.calendar is not None
    edit.calendar.clicked.emit(QDate(2025, 4, 15))
    assert edit.text() == "2025/4/15" and edit.value() == date(2025, 4, 15)
    assert kit.dirty
    kit.stack.undo()
    assert edit.text() == "" and edit.value() is None
    for typed in ("2025-04-15", "令和7年4月15日", "R7.4.15", "２０２５／４／１５"):
        edit.setText(typed)
        assert edit.value() == date(2025, 4, 15), typed
    edit.setText("2025/4/31")
    assert "存在しません" in edit.validation_error()


def test_money_field_reads_yen_signs_commas_and_full_width(qtbot: QtBot) -> None:
    edit = MoneyEdit("月額費用", required=True, positive=True)
    qtbot.addWidget(edit)
    for typed in ("50000", "50,000", "￥50,000", "¥５０，０００", "５００００円"):
        edit.setText(typed)
        assert edit.value() == 50_000, typed
    edit.setText("５００００円")
    edit.editingFinished.emit()
    assert edit.text() == "50,000"
    for typed, words in (("", "入力"), ("0", "1円以上"), ("5万", "整数"), ("1,0000", "カンマ")):
        edit.setText(typed)
        assert words in edit.validation_error(), typed


def test_contract_view_actions_open_the_forms(qtbot: QtBot, hub: Hub, ui_engine: Engine) -> None:
    from ui.main_window import CONTRACT_ACTIONS, MainWindow

    contract_id = new_contract(ui_engine, hub.context())
    window = MainWindow(hub, version="test")
    qtbot.addWidget(window)
    wired = {a.key for a in CONTRACT_ACTIONS if a.target is not None}
    assert {"customer_edit", "change_contract", "termination_notice", "cure_notice", "provider_termination",
            "payment", "service_start"} <= wired
    window.run_contract_action("termination_notice", contract_id)
    dialogs = [w for w in window.findChildren(TerminationNoticeDialog)]
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    dialogs[0].kit.ask = lambda _parent: True
    dialogs[0].reject()
    assert not dialogs[0].isVisible()


def test_navigation_away_from_unsaved_input_asks(qtbot: QtBot, hub: Hub) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(hub, version="test")
    qtbot.addWidget(window)
    screen = window.show_screen("applications")
    assert isinstance(screen, ApplicationFormScreen)
    type_into(screen.kit.fields["monthly_fee"], "50000")  # type: ignore[arg-type]
    screen.kit.ask = lambda _parent: False
    window.show_screen("contracts")
    assert window.current_key() == "applications"
    screen.kit.ask = lambda _parent: True
    window.show_screen("contracts")
    assert window.current_key() == "contracts"


def focus_chain(start: QWidget, among: list[QWidget]) -> list[QWidget]:
    """The fields in the order Tab visits them (the focus chain, from `start`)."""
    seen: list[QWidget] = [start]
    widget = start.nextInFocusChain()
    while widget is not start and widget is not None:
        if widget in among and widget not in seen:
            seen.append(widget)
        widget = widget.nextInFocusChain()
    return seen


def test_tab_follows_the_page(qtbot: QtBot, hub: Hub) -> None:
    screen = ApplicationFormScreen(hub)
    qtbot.addWidget(screen)
    order = ["company_name", "company_kana", "department", "contact_person", "honorific", "postal_code", "address",
             "phone", "email", "received_date", "requested_start", "monthly_fee", "initial_fee"]
    fields = [screen.kit.fields[name] for name in order]
    assert focus_chain(fields[0], list(fields)) == fields


def test_enter_in_a_dialog_field_never_saves(qtbot: QtBot, hub: Hub, ui_engine: Engine) -> None:
    from app.usecases.form_data import contract_brief

    contract_id = new_contract(ui_engine, hub.context())
    dialog = TerminationNoticeDialog(hub, contract_brief(ui_engine, contract_id))
    qtbot.addWidget(dialog)
    dialog.kit.confirm_with = lambda _parent, _text: True
    dialog.kit.ask = lambda _parent: True
    dialog.show()
    end = dialog.kit.fields["requested_end"]
    type_into(end, "2025/10/31")  # type: ignore[arg-type]
    QTest.keyClick(end, Qt.Key.Key_Return)
    QTest.keyClick(end, Qt.Key.Key_Enter)
    assert dialog.isVisible() and not dialog.saved and rows(ui_engine, Notice) == []
    assert focus_chain(dialog.kit.fields["notice_date"], list(dialog.kit.fields.values())) == list(
        dialog.kit.fields.values())


@pytest.mark.parametrize("key", ["customer_edit", "change_contract", "termination_notice", "cure_notice",
                                 "provider_termination", "payment", "service_start"])
def test_every_contract_action_opens_its_dialog_without_blocking(qtbot: QtBot, hub: Hub, ui_engine: Engine,
                                                                  key: str) -> None:
    from ui.dialogs.base import FormDialog
    from ui.main_window import MainWindow

    contract_id = new_contract(ui_engine, hub.context())
    window = MainWindow(hub, version="test")
    qtbot.addWidget(window)
    window.run_contract_action(key, contract_id)
    dialogs = [d for d in window.findChildren(FormDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].kit.ask = lambda _parent: True
    dialogs[0].reject()


def test_with_an_open_cure_notice_the_cure_dialog_offers_the_cure(qtbot: QtBot, hub: Hub, ui_engine: Engine) -> None:
    from app.usecases import breach
    from ui.dialogs.cure import CureDoneDialog, open_cure_notice
    from ui.main_window import MainWindow

    contract_id = new_contract(ui_engine, hub.context())
    breach.record_cure_notice(ui_engine, hub.context(), contract_id, date(2025, 9, 1), "未払い")
    window = MainWindow(hub, version="test")
    qtbot.addWidget(window)
    dialog = open_cure_notice(window, contract_id)
    done = dialog.open_cured()  # type: ignore[attr-defined]
    assert isinstance(done, CureDoneDialog) and done.isVisible() and not dialog.isVisible()
    done.kit.ask = lambda _parent: True
    done.reject()
