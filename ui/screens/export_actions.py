"""The File menu's export commands: the contract list as filtered on screen, the deadline list (.xlsx,
.csv or .ics for the calendar). The file is written in the background; the status bar says where."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from ui.presenters.import_export import (
    CONTRACT_FILTERS,
    DEADLINE_FILTERS,
    ExportRequest,
    default_name,
    done_text,
    export_job,
    with_chosen_suffix,
)
from ui.workers import run_in_background, show_error


def _ready(window: Any) -> bool:
    if window.hub.is_ready:
        return True
    QMessageBox.information(window, "出力", "データベースを開いています。しばらくお待ちください。")
    return False


def ask_export_path(window: Any, title: str, name: str, filters: str) -> Path | None:
    """Where to write an export: `name` in the home folder first; the extension of the file type
    picked is added when the name has none we write (None: cancelled)."""
    chosen, selected = QFileDialog.getSaveFileName(window, title, str(Path.home() / name), filters)
    return with_chosen_suffix(Path(chosen), selected) if chosen else None


def _run(window: Any, request: ExportRequest) -> None:
    hub = window.hub

    def done(count: int) -> None:
        text = done_text(request, count)
        if hasattr(window, "set_status"):
            window.set_status(text)
        else:  # pragma: no cover - a window without a status line
            QMessageBox.information(window, "出力", text)

    run_in_background(window, export_job(lambda: hub.engine, request), done,
                      lambda error: show_error(window, error, "出力できませんでした"))


def export_contracts(window: Any) -> None:
    """契約一覧を出力: what the list shows now (its filter and order)."""
    if not _ready(window):
        return
    hub = window.hub
    presenter = getattr(window.created_screens().get("contracts"), "presenter", None)
    path = ask_export_path(window, "契約一覧の出力", default_name("contracts", hub.today()), CONTRACT_FILTERS)
    if path is None:
        return
    _run(window, ExportRequest("contracts", path, hub.today(), text=getattr(presenter, "text", ""),
                               sort=getattr(presenter, "sort", "number"),
                               descending=bool(getattr(presenter, "descending", False))))


def export_deadlines(window: Any) -> None:
    """期限一覧を出力: the dashboard's deadlines (Settings.dashboard_days ahead); .ics for the calendar."""
    if not _ready(window):
        return
    hub = window.hub
    settings = hub.settings
    path = ask_export_path(window, "期限一覧の出力（.ics はカレンダーに取り込めます）",
                     default_name("deadlines", hub.today()), DEADLINE_FILTERS)
    if path is None:
        return
    _run(window, ExportRequest("deadlines", path, hub.today(), days=settings.dashboard_days,
                               reminder_days=settings.calendar_reminder_days, terms_reading=settings.terms_reading,
                               stamp=hub.now()))
