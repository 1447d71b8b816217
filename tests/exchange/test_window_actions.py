"""The main window's File menu reaches the import wizard and the exports (a seeded database, offscreen)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMenu
from pytestqt.qtbot import QtBot

from tests.ui.screen_fixtures import hub, seeded_db, workspace  # noqa: F401 (fixtures)
from ui.hub import Hub
from ui.main_window import MainWindow
from ui.screens.import_wizard import ImportWizard
from ui.workers import running_tasks

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "exchange"


def file_action(window: MainWindow, starts: str) -> object:
    menu = window.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu)
    return next(a for a in menu.actions() if a.text().startswith(starts))


def test_file_menu_opens_the_import_wizard(qtbot: QtBot, hub: Hub) -> None:  # noqa: F811
    window = MainWindow(hub)
    qtbot.addWidget(window)
    if os.environ.get("SECPLUS_SCREENSHOTS"):  # the File menu, with the window's Japanese font
        from PySide6.QtWidgets import QApplication

        from ui.fonts import install_application_font

        install_application_font(QApplication.instance())  # type: ignore[arg-type]
        menu = window.menuBar().actions()[0].menu()
        assert isinstance(menu, QMenu)
        menu.setFont(QApplication.font())
        menu.popup(window.pos())
        qtbot.wait(100)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        menu.grab().save(str(SCREENSHOTS / "file_menu.png"))
        menu.hide()
    file_action(window, "契約の取り込み").trigger()  # type: ignore[attr-defined]
    wizards = window.findChildren(ImportWizard)
    assert len(wizards) == 1 and wizards[0].isVisible()
    wizards[0].reject()


@pytest.mark.parametrize("starts, name", [("契約一覧を出力", "c.xlsx"), ("期限一覧を出力", "d.ics")])
def test_file_menu_exports(qtbot: QtBot, hub: Hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
                           starts: str, name: str) -> None:
    target = tmp_path / name
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    window = MainWindow(hub)
    qtbot.addWidget(window)
    file_action(window, starts).trigger()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: running_tasks() == 0 and target.exists(), timeout=20_000)
    assert target.stat().st_size > 0
