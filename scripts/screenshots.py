"""Seed a database and save each screen at 1366×768 to docs/screenshots/*.png (`make screenshots`).

Add a screen with ONE line in SHOTS: (file name, what to do with the window before the picture).
The date is fixed, so the pictures change only when the screens do.
"""
from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.settings import Settings  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZE = (1366, 768)
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=timezone(timedelta(hours=9)))
SETTINGS = Settings(user_name="山田 太郎", company_name="株式会社セキュリティ・プラス",
                    company_address="東京都千代田区丸の内1-1-1", company_phone="03-1234-5678")


def first_deadline_contract(window: MainWindow) -> int:
    from app.usecases.deadlines import due_within

    rows = due_within(window.hub.engine, window.hub.today(), 60, limit=1)
    return rows[0].contract_id if rows else 1


def open_contract(window: MainWindow) -> None:
    window.open_contract(first_deadline_contract(window))


def filtered_list(window: MainWindow) -> None:
    screen = window.show_screen("contracts")
    getattr(screen, "filter").setText("SP-2021")


def status_filtered(window: MainWindow) -> None:
    screen = window.show_screen("contracts")
    getattr(screen, "filter").setText("")
    getattr(screen, "toggle_status")("notice_received")  # the 解約通知受領 chip pressed


# --- one line per screen ------------------------------------------------------------------------
SHOTS: list[tuple[str, Callable[[MainWindow], object]]] = [
    ("home", lambda w: w.show_screen("home")),
    ("contracts", lambda w: w.show_screen("contracts")),
    ("contracts_filtered", filtered_list),
    ("contracts_status", status_filtered),
    ("contract_view", open_contract),
    ("settings", lambda w: w.show_screen("settings")),
    ("applications", lambda w: w.show_screen("applications")),
    ("notices", lambda w: w.show_screen("notices")),
    ("quote", lambda w: w.show_screen("quote")),
]


def settle(app: QApplication, seconds: float = 0.3) -> None:
    """Let the screen's workers report and the window repaint."""
    import time

    from ui.workers import running_tasks

    deadline = time.monotonic() + 30
    while running_tasks() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main() -> int:
    from app.startup import add_sample_data, open_workspace
    from ui.app import create_application
    from ui.hub import Hub

    app = create_application(["screenshots"])
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        workspace = open_workspace(str(Path(folder) / "secplus.db"), SETTINGS, NOW)
        add_sample_data(workspace, NOW)
        hub = Hub(SETTINGS, clock=lambda: NOW)
        window = MainWindow(hub, version="screenshots",
                            settings=QSettings(str(Path(folder) / "window.ini"), QSettings.Format.IniFormat))
        window.resize(*SIZE)
        window.show()
        window.set_status(f"データベース: secplus.db　契約 {workspace.contract_count:,}件")
        hub.set_workspace(workspace)
        settle(app)
        for name, action in SHOTS:
            action(window)
            settle(app)
            path = OUT / f"{name}.png"
            if not window.grab().save(str(path)):
                print(f"could not save {path}", file=sys.stderr)
                return 1
            print(path.relative_to(ROOT))
        window.close()
        from ui.workers import shutdown

        shutdown()
        workspace.database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
