"""The quote screen: typed like a user, the table and the picture follow at once; the contract's 見積
action opens it on the stored contract; presenter mode hides the internal notes; issuing records."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlmodel import Session, select

from app.formatting import yen
from app.models import AuditEntry, IssuedDocument
from app.settings import Settings
from app.startup import Workspace, open_workspace
from app.terms import ContractTerms, FeeChange, FeeSchedule, termination_options
from tests.quote.pdf_text import COMPANY
from tests.quote.stored import NUMBER, contract_database
from tests.terms.spec_examples import PENALTY_FEE, PENALTY_INITIAL_END, PENALTY_START
from tests.ui.screen_fixtures import hub_on
from ui.hub import Hub
from ui.main_window import MainWindow
from ui.screens.quote import QuoteScreen
from ui.workers import running_tasks

JST = timezone(timedelta(hours=9))
NOW = datetime(2025, 9, 10, 10, 0, tzinfo=JST)
SETTINGS = COMPANY.with_changes(user_name="山田 太郎", backup_count=2)
STORED = ContractTerms(PENALTY_START, FeeSchedule(PENALTY_FEE, (FeeChange(date(2026, 1, 1), 70_000),)),
                       PENALTY_INITIAL_END)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    path = contract_database(tmp_path / "secplus.db")
    opened = open_workspace(str(path), SETTINGS, NOW)
    yield opened
    opened.database.close()


@pytest.fixture
def hub(workspace: Workspace) -> Hub:
    return hub_on(workspace, SETTINGS, NOW)


@pytest.fixture
def window(qtbot: QtBot, hub: Hub) -> MainWindow:
    window = MainWindow(hub, version="test")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def type_into(edit: QLineEdit, text: str) -> None:
    """Replace the text as a user would: select all, then type key by key (ASCII dates and digits)."""
    edit.setFocus()
    edit.selectAll()
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    QTest.keyClicks(edit, text)


def column(screen: QuoteScreen, key: str) -> int:
    state = screen.presenter.state
    assert state is not None and state.table is not None
    return state.table.keys.index(key)


def cell_text(screen: QuoteScreen, row: int, col: int) -> str:
    item = screen.table.item(row, col)
    assert item is not None
    return item.text()


def test_prospect_typed_in_shows_the_options_and_recomputes_on_each_key(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.show_screen("quote")
    assert isinstance(screen, QuoteScreen)
    type_into(screen.edits["start"], "2025-04-15")
    type_into(screen.edits["monthly"], "50000")
    type_into(screen.edits["initial_end"], "2026-04-30")
    type_into(screen.notice_edit, "2026-04-05")
    terms = ContractTerms(PENALTY_START, FeeSchedule(PENALTY_FEE), PENALTY_INITIAL_END)
    options = termination_options(terms, date(2026, 4, 5))
    total_row = 5
    for option in options.options:
        if option.available:
            assert cell_text(screen, total_row, column(screen, option.key)) == yen(option.total)
    cheapest = column(screen, "after_renewal")
    assert screen.table.horizontalHeaderItem(cheapest).text().startswith("【最安】")  # type: ignore[union-attr]
    timeline = screen.timeline.timeline()
    assert timeline is not None and {o.key for o in timeline.exit_options} >= {"earliest", "after_renewal"}
    QTest.keyClick(screen.notice_edit, Qt.Key.Key_PageDown)  # one month earlier: before the deadline
    assert screen.notice_edit.text() == "2026-03-05"
    assert screen.presenter.state is not None and screen.presenter.state.quote is not None
    assert screen.presenter.state.quote.notice_date == date(2026, 3, 5)
    assert screen.timeline.timeline().notice == date(2026, 3, 5)  # type: ignore[union-attr]


def test_bad_input_shows_a_message_and_no_exception(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.show_screen("quote")
    assert isinstance(screen, QuoteScreen)
    type_into(screen.edits["start"], "2025-04-15")
    type_into(screen.edits["monthly"], "-5")
    assert "負の金額" in screen.errors["monthly"].text() and screen.errors["monthly"].isVisible()
    assert not screen.issue_button.isEnabled()
    type_into(screen.edits["monthly"], "50000")
    type_into(screen.notice_edit, "2025-09-10")
    type_into(screen.end_edit, "2025-10-01")
    assert "2025年10月10日" in screen.errors["end"].text()
    type_into(screen.end_edit, "2025-10-31")
    assert not screen.errors["end"].isVisible()
    assert cell_text(screen, 3, column(screen, "user")).startswith("300,000円")


def test_contract_action_opens_the_stored_contract_and_issuing_records_it(qtbot: QtBot, window: MainWindow,
                                                                          hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    window.run_contract_action("quote", 1)
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=10_000)
    screen = window.created_screens()["quote"]
    assert isinstance(screen, QuoteScreen) and NUMBER in screen.title.text()
    assert not screen.prospect_box.isVisible()
    assert "値引き交渉中" in screen.internal.text() and screen.internal.isVisible()
    options = termination_options(STORED, date(2025, 9, 10))
    for option in options.options:
        assert cell_text(screen, 5, column(screen, option.key)) == yen(option.total)

    window.activateWindow()
    screen.notice_edit.setFocus()
    QTest.keyClick(screen.notice_edit, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert screen.presenter.presenter_mode and not screen.internal.isVisible() and not screen.buttons.isVisible()
    assert window.isFullScreen()
    QTest.keyClick(screen.notice_edit, Qt.Key.Key_Escape)
    assert not screen.presenter.presenter_mode and screen.internal.isVisible()

    shown: list[bytes] = []
    monkeypatch.setattr(screen, "_show_pdf", lambda data, caption, printable: shown.append(data))
    screen.issue_button.click()
    qtbot.waitUntil(lambda: running_tasks() == 0 and bool(shown), timeout=10_000)
    with Session(hub.engine) as session:
        documents = session.exec(select(IssuedDocument)).all()
        audit = session.exec(select(AuditEntry).where(AuditEntry.action == "issue_document")).all()
    assert len(documents) == 1 and documents[0].contract_id == 1 and documents[0].kind == "penalty_quote"
    assert len(audit) == 1 and NUMBER in audit[0].summary
    assert documents[0].document_number.encode() in shown[0] or shown[0].startswith(b"%PDF")


def test_generated_contracts_on_screen_equal_app_terms(qtbot: QtBot, hub: Hub) -> None:
    """The painted table's texts for contracts with fee changes, straight from app.terms (hypothesis)."""
    from hypothesis import given, settings

    from app.quote import QuoteSubject
    from tests.quote.strategies import contracts_and_notices

    host = QuoteScreen(hub, MainWindow(hub, version="test"))
    qtbot.addWidget(host)

    @settings(max_examples=25)
    @given(contracts_and_notices())
    def check(case: tuple[ContractTerms, date]) -> None:
        terms, notice = case
        host.presenter.set_subject(QuoteSubject(terms))
        host.presenter.set_notice(notice)
        for option in termination_options(terms, notice).options:
            if option.available:
                assert cell_text(host, 5, column(host, option.key)) == yen(option.total)
                assert cell_text(host, 3, column(host, option.key)).startswith(yen(option.penalty))

    check()


def test_export_writes_the_options_with_the_same_totals(tmp_path: Path, qtbot: QtBot, window: MainWindow,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    window.run_contract_action("quote", 1)
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=10_000)
    screen = window.created_screens()["quote"]
    assert isinstance(screen, QuoteScreen)
    target = tmp_path / "options.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    screen.export_button.click()
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    totals = [row[header.index("合計")] for row in rows[1:]]
    assert totals == [o.total for o in termination_options(STORED, date(2025, 9, 10)).options]


def test_issuing_without_the_company_profile_asks_for_it_and_writes_nothing(
        qtbot: QtBot, window: MainWindow, hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.dialogs.company_profile as company_profile

    hub.update_settings(Settings(user_name="山田 太郎", backup_count=2))
    window.run_contract_action("quote", 1)
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=10_000)
    screen = window.created_screens()["quote"]
    assert isinstance(screen, QuoteScreen) and screen.issue_button.isEnabled()
    asked: list[bool] = []
    monkeypatch.setattr(company_profile, "ensure_company_profile", lambda parent, hub: asked.append(True) or False)
    screen.issue_button.click()
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=10_000)
    assert asked == [True]
    with Session(hub.engine) as session:
        assert session.exec(select(IssuedDocument)).all() == []
