"""The 通知・印刷 screen: due list, issue with the preview, cancel, company profile asked first."""
from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.models import IssuedDocument
from app.settings import Settings
from app.usecases.context import JST
from tests.notices.conftest import COMPANY, spec_contract
from tests.usecases.conftest import new_contract
from tests.notices.conftest import ctx_on
from ui.dialogs.company_profile import CompanyProfileDialog
from ui.hub import Hub
from ui.presenters import notices as presenter
from ui.screens import notices as screen_module
from ui.screens.notices import NoticesScreen
from ui.workers import running_tasks

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=JST)


@pytest.fixture
def ui_engine(sqlite_engine: Engine) -> Engine:
    return sqlite_engine


def make_screen(qtbot: QtBot, engine: Engine, tmp_path: Path, settings: Settings) -> NoticesScreen:
    hub = Hub(settings, clock=lambda: NOW)
    hub.set_workspace(SimpleNamespace(database=SimpleNamespace(engine=engine, path=tmp_path / "notices.db"),  # type: ignore[arg-type]
                                      settings=settings))
    parent = QWidget()
    qtbot.addWidget(parent)
    screen = NoticesScreen(hub, parent)
    parent.resize(1200, 700)
    parent.show()
    screen.refresh()
    qtbot.waitUntil(lambda: running_tasks() == 0 and screen.data is not None, timeout=10_000)
    return screen


def wait(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=20_000)


def documents(engine: Engine) -> list[IssuedDocument]:
    with Session(engine) as session:
        return list(session.exec(select(IssuedDocument)).all())


def test_due_renewal_is_issued_previewed_and_listed(qtbot: QtBot, ui_engine: Engine, tmp_path: Path) -> None:
    cid = spec_contract(ui_engine)
    screen = make_screen(qtbot, ui_engine, tmp_path, Settings(user_name="山田 太郎", **COMPANY))
    assert [line.item.contract_id for line in screen.due_model.rows] == [cid]
    assert screen.due_model.rows[0].kind_text == "更新案内"
    # a click on the row shows a 見本 that cannot be printed
    screen.due_table.selectionModel().setCurrentIndex(screen.due_model.index(0, 0),
                                                      QItemSelectionModel.SelectionFlag.ClearAndSelect
                                                      | QItemSelectionModel.SelectionFlag.Rows)
    wait(qtbot)
    assert screen.preview.page_count() == 1 and not screen.preview.print_button.isEnabled()
    qtbot.mouseClick(screen.issue_selected_button, Qt.MouseButton.LeftButton)
    wait(qtbot)
    docs = documents(ui_engine)
    assert [d.document_number for d in docs] == ["SP2026-000001"]
    assert "1通を発行しました" in screen.message.text()
    assert screen.preview.print_button.isEnabled() and screen.preview.page_count() == 1
    assert (tmp_path / "documents" / docs[0].file_name).exists()
    qtbot.waitUntil(lambda: running_tasks() == 0 and len(screen.sent_model.rows) == 1, timeout=10_000)
    assert screen.sent_model.rows[0].row.number == "SP2026-000001"
    assert screen.due_model.rows == []  # sent: no longer due
    screen.grab().save(str(tmp_path / "screen.png"))


def test_cancel_records_nothing(qtbot: QtBot, ui_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(3):
        new_contract(ui_engine, ctx_on(date(2025, 4, 15)), start=date(2025, 4, 15), initial_end=date(2026, 4, 30),
                     company=f"株式会社テスト{i}", kana=f"テスト{i}")
    real_issue = presenter.issue

    def slow_issue(*args: Any) -> Any:
        progress = args[6]
        deadline = time.monotonic() + 10
        while not progress.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        return real_issue(*args)

    monkeypatch.setattr(presenter, "issue", slow_issue)
    screen = make_screen(qtbot, ui_engine, tmp_path, Settings(user_name="山田 太郎", **COMPANY))
    screen.month_edit.setText("2026-04")
    qtbot.mouseClick(screen.batch_button, Qt.MouseButton.LeftButton)
    assert screen.progress_row.isVisibleTo(screen) and screen.cancel_button.isEnabled()
    qtbot.mouseClick(screen.cancel_button, Qt.MouseButton.LeftButton)
    wait(qtbot)
    assert "中止しました" in screen.message.text()
    assert documents(ui_engine) == []
    assert not screen.progress_row.isVisibleTo(screen)


def test_missing_company_profile_is_asked_for_and_nothing_printed_blank(
        qtbot: QtBot, ui_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec_contract(ui_engine)
    asked: list[bool] = []
    monkeypatch.setattr(screen_module, "ensure_company_profile", lambda parent, hub: asked.append(True) or False)
    screen = make_screen(qtbot, ui_engine, tmp_path, Settings(user_name="山田 太郎"))
    screen.due_table.selectAll()
    qtbot.mouseClick(screen.issue_selected_button, Qt.MouseButton.LeftButton)
    wait(qtbot)
    assert asked == [True]
    assert "会社情報が未設定" in screen.message.text() and documents(ui_engine) == []


def test_company_profile_dialog_checks_the_registration_number(qtbot: QtBot) -> None:
    dialog = CompanyProfileDialog(Settings(user_name="山田"))
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled() and "会社名を入力してください" in dialog.message.text()
    for name, value in COMPANY.items():
        if name in dialog.edits:
            dialog.edits[name].setText(value)
    assert save.isEnabled()
    dialog.edits["company_registration_number"].setText("T1234567890123")  # wrong check digit
    assert not save.isEnabled() and "検査用数字" in dialog.message.text()
    dialog.edits["company_registration_number"].setText(COMPANY["company_registration_number"])
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.result_settings is not None
    assert dialog.result_settings.company_name == COMPANY["company_name"]


def test_print_sends_every_page_to_the_printer(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter
    from pypdf import PdfReader

    from app.notices.layout import render_letters
    from tests.notices.test_layout import sample_letter

    data_path = tmp_path / "two.pdf"
    render_letters([sample_letter(), sample_letter()], data_path)
    preview = screen_module.PdfPreview()
    qtbot.addWidget(preview)
    preview.set_pdf(data_path.read_bytes(), "2通", "two.pdf")
    assert preview.print_button.isEnabled() and preview.page_count() == 2

    def printed_pages(name: str) -> int:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / name))
        preview.print_to(printer)
        return len(PdfReader(tmp_path / name).pages)

    assert printed_pages("all.pdf") == 2
    # one document of a batch file: only its page is printed
    preview.set_pdf(data_path.read_bytes(), "2通目", "two.pdf", pages=(2, 1))
    assert list(preview.pages_to_print()) == [1] and printed_pages("second.pdf") == 1


def test_contract_view_action_opens_the_screen_for_the_contract(qtbot: QtBot, ui_engine: Engine,
                                                                  tmp_path: Path) -> None:
    from ui.main_window import MainWindow

    cid = spec_contract(ui_engine)
    other = spec_contract(ui_engine)
    settings = Settings(user_name="山田 太郎", **COMPANY)
    hub = Hub(settings, clock=lambda: NOW)
    window = MainWindow(hub, version="test")
    qtbot.addWidget(window)
    hub.set_workspace(SimpleNamespace(database=SimpleNamespace(engine=ui_engine, path=tmp_path / "notices.db"),  # type: ignore[arg-type]
                                      settings=settings))
    window.run_contract_action("notice_document", cid)
    screen = window.screen("notices")
    assert isinstance(screen, NoticesScreen) and window.current_key() == "notices"
    qtbot.waitUntil(lambda: running_tasks() == 0 and screen.data is not None
                    and bool(screen.data.contract_caption), timeout=10_000)
    assert screen.contract_bar.isVisibleTo(screen) and "SP-2025-00001" in screen.contract_label.text()
    assert {line.item.contract_id for line in screen.due_model.rows} == {cid}
    screen.kind_combo.setCurrentIndex(0)  # 契約更新のご案内
    qtbot.mouseClick(screen.contract_issue_button, Qt.MouseButton.LeftButton)
    wait(qtbot)
    assert [d.contract_id for d in documents(ui_engine)] == [cid]
    assert other != cid


def test_a_batch_chosen_by_month_is_issued_per_customer(qtbot: QtBot, ui_engine: Engine, tmp_path: Path) -> None:
    for i in range(2):
        new_contract(ui_engine, ctx_on(date(2025, 4, 15)), start=date(2025, 4, 15), initial_end=date(2026, 4, 30),
                     company=f"株式会社テスト{i}", kana=f"テスト{i}")
    screen = make_screen(qtbot, ui_engine, tmp_path, Settings(user_name="山田 太郎", **COMPANY))
    screen.tabs.setCurrentIndex(1)
    screen.month_edit.setText("2026-13")
    qtbot.mouseClick(screen.batch_button, Qt.MouseButton.LeftButton)
    assert "2026-13" in screen.message.text() or "月" in screen.message.text()
    assert documents(ui_engine) == []
    screen.month_edit.setText("2026-04")
    screen.grouping.setCurrentIndex(screen.grouping.findData("per_customer"))
    qtbot.mouseClick(screen.batch_button, Qt.MouseButton.LeftButton)
    wait(qtbot)
    docs = documents(ui_engine)
    assert len(docs) == 2 and len({d.file_name for d in docs}) == 2
    assert "2通を発行しました" in screen.message.text() and "ファイル 2件" in screen.message.text()
    # a month without terms ending: nothing issued, said so
    screen.month_edit.setText("2026-05")
    qtbot.mouseClick(screen.batch_button, Qt.MouseButton.LeftButton)
    wait(qtbot)
    assert screen.message.text() == "対象の契約はありません" and len(documents(ui_engine)) == 2
