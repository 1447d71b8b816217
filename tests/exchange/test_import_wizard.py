"""The import wizard, driven like a user: choose a file, fix the mapping, read the dry run, import, cancel."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from app.usecases.context import UseCaseContext
from tests.exchange.conftest import TODAY
from tests.exchange.files import HEADERS, good_rows, write_csv, write_xlsx
from tests.exchange.test_plan_apply import contracts
from tests.usecases.conftest import db_state
from ui.presenters.import_wizard import ImportWizardState
from ui.screens.import_wizard import ImportWizard
from ui.workers import running_tasks

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "exchange"


def screenshot(widget: ImportWizard, name: str) -> None:
    """With SECPLUS_SCREENSHOTS set, save the wizard as docs/exchange/<name>.png (Japanese fonts installed)."""
    if not os.environ.get("SECPLUS_SCREENSHOTS"):
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SCREENSHOTS / f"{name}.png"))


@pytest.fixture
def wizard(qtbot: QtBot, file_engine: Engine, ctx: UseCaseContext) -> Iterator[tuple[ImportWizard, list[str]]]:
    if os.environ.get("SECPLUS_SCREENSHOTS"):  # the window's Japanese font, for the screenshots
        from PySide6.QtWidgets import QApplication

        from ui.fonts import install_application_font

        install_application_font(QApplication.instance())  # type: ignore[arg-type]
    notified: list[str] = []
    state = ImportWizardState(lambda: file_engine, lambda: TODAY, lambda: ctx)
    widget = ImportWizard(state, notified.append)
    qtbot.addWidget(widget)
    widget.show()
    yield widget, notified
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=20_000)


def choose_file(qtbot: QtBot, wizard: ImportWizard, path: Path) -> None:
    page = wizard.file_page
    page.path_edit.setText(str(path))
    page.path_edit.editingFinished.emit()  # as when the user leaves the field
    qtbot.waitUntil(page.isComplete, timeout=10_000)
    wizard.next()


def test_import_through_the_wizard(qtbot: QtBot, wizard: tuple[ImportWizard, list[str]], tmp_path: Path,
                                   file_engine: Engine) -> None:
    widget, notified = wizard
    headers = [*HEADERS[:7], "料金"]  # a header the guess does not know
    choose_file(qtbot, widget, write_xlsx(tmp_path / "台帳.xlsx", good_rows(4), headers))
    mapping = widget.mapping_page
    assert widget.currentPage() is mapping and not mapping.isComplete()
    assert "月額" in mapping.problem.text()
    mapping.choose(7, "monthly_fee")
    screenshot(widget, "import_wizard_mapping")
    assert mapping.isComplete()
    widget.next()
    page = widget.dry_run_page
    qtbot.waitUntil(page.isComplete, timeout=10_000)
    assert "新規 4件" in page.summary.text() and page.model.rowCount() == 4
    screenshot(widget, "import_wizard_dry_run")
    widget.next()
    qtbot.waitUntil(widget.import_page.isComplete, timeout=20_000)
    assert "新規 4件" in widget.import_page.status.text()
    assert notified == ["contracts"]
    assert [c[0] for c in contracts(file_engine)] == ["IMP-00001", "IMP-00002", "IMP-00003", "IMP-00004"]


def test_problems_block_until_the_user_chooses_valid_rows_only(qtbot: QtBot, wizard: tuple[ImportWizard, list[str]],
                                                               tmp_path: Path, file_engine: Engine) -> None:
    widget, _ = wizard
    rows = good_rows(3)
    rows[1][4] = "2025/2/30"
    choose_file(qtbot, widget, write_csv(tmp_path / "bad.csv", rows, encoding="cp932"))
    widget.next()
    page = widget.dry_run_page
    qtbot.waitUntil(lambda: page.task is None and page.state.plan is not None, timeout=10_000)  # shown
    assert not page.isComplete() and "問題" in page.problem.text()
    page.problems_only.setChecked(True)
    assert page.model.rowCount() == 1 and "3行目 E列" in page.model.rows[0].detail
    screenshot(widget, "import_wizard_problems")
    page.skip_invalid.setChecked(True)
    assert page.isComplete()
    widget.next()
    qtbot.waitUntil(widget.import_page.isComplete, timeout=20_000)
    assert len(contracts(file_engine)) == 2


def test_stop_rolls_the_import_back(qtbot: QtBot, wizard: tuple[ImportWizard, list[str]], tmp_path: Path,
                                    file_engine: Engine) -> None:
    widget, notified = wizard
    choose_file(qtbot, widget, write_csv(tmp_path / "many.csv", good_rows(400)))
    widget.next()
    qtbot.waitUntil(widget.dry_run_page.isComplete, timeout=10_000)
    before = db_state(file_engine)
    widget.next()
    widget.import_page.stop.click()
    qtbot.waitUntil(widget.import_page.isComplete, timeout=60_000)
    assert "中止しました" in widget.import_page.status.text()
    assert notified == [] and db_state(file_engine) == before


def test_an_unreadable_file_is_a_message_on_the_first_page(qtbot: QtBot, wizard: tuple[ImportWizard, list[str]],
                                                          tmp_path: Path) -> None:
    widget, _ = wizard
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    page = widget.file_page
    page.path_edit.setText(str(path))
    page.path_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: page.task is None and "取り込めません" in page.status.text(), timeout=10_000)
    assert not page.isComplete()


def test_another_sheet_of_the_workbook(qtbot: QtBot, wizard: tuple[ImportWizard, list[str]], tmp_path: Path) -> None:
    from tests.exchange.files import write_workbook

    widget, _ = wizard
    page = widget.file_page
    page.path_edit.setText(str(write_workbook(tmp_path / "b.xlsx", {"古い": good_rows(1), "新しい": good_rows(5)})))
    page.path_edit.editingFinished.emit()
    qtbot.waitUntil(page.isComplete, timeout=10_000)
    assert page.sheet_box.isVisibleTo(page) and "データ 1行" in page.status.text()
    page.sheet_box.setCurrentIndex(1)
    page.sheet_box.activated.emit(1)  # as the user's choice
    qtbot.waitUntil(lambda: page.isComplete() and "新しい" in page.status.text(), timeout=10_000)
    assert "データ 5行" in page.status.text()
