"""Render each notice for the SPEC example contract and the 通知・印刷 screen to PNG (docs/notices/).

    .venv/bin/python docs/notices/render_samples.py

Uses a temporary database and data folder; the PNGs are the first page of each PDF at 80 dpi
(pdftoppm), in 和暦 for the cure notice and 西暦 elsewhere, plus the screen grabbed offscreen.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
OUT = Path(__file__).resolve().parent


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    from app.notices.kinds import DocumentKind
    from app.settings import Settings
    from app.store.database import open_database
    from app.usecases.documents import issue_one, load_pdf
    from tests.notices import scenarios
    from tests.notices.conftest import ctx_on, settings_for

    database = open_database(f"sqlite:///{tmp}/samples.db", settings=Settings(user_name="docs"),
                             now=datetime(2025, 4, 1))
    engine, root = database.engine, tmp / "documents"
    cases = [
        ("renewal", DocumentKind.RENEWAL, scenarios.spec_contract(engine), date(2026, 3, 2), "western"),
        ("termination_acceptance", DocumentKind.TERMINATION_ACCEPTANCE, scenarios.with_termination(engine),
         date(2025, 9, 12), "western"),
        ("cure", DocumentKind.CURE, scenarios.with_cure(engine, date(2025, 9, 1)), date(2025, 9, 1), "japanese"),
        ("late_interest", DocumentKind.LATE_INTEREST, scenarios.with_late_fee(engine), date(2025, 7, 20), "western"),
        ("late_interest_penalty", DocumentKind.LATE_INTEREST, scenarios.with_unpaid_penalty(engine),
         date(2026, 1, 29), "western"),
        ("change", DocumentKind.CHANGE, scenarios.with_change(engine), date(2025, 8, 6), "western"),
    ]
    for name, kind, contract_id, day, style in cases:
        row = issue_one(engine, ctx_on(day), settings_for(style), kind, contract_id, root=root)
        pdf = tmp / f"{name}.pdf"
        pdf.write_bytes(load_pdf(engine, row.id, root=root))
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(OUT / name)], check=True)
        print(OUT / f"{name}.png")
    screen_png(engine, tmp)
    database.close()


def screen_png(engine: object, tmp: Path) -> None:
    from types import SimpleNamespace

    from PySide6.QtWidgets import QApplication, QWidget

    from app.usecases.context import JST
    from tests.notices import scenarios
    from tests.notices.conftest import settings_for
    from ui.fonts import register_fonts
    from ui.hub import Hub
    from ui.screens.notices import NoticesScreen
    from ui.workers import running_tasks

    app = QApplication.instance() or QApplication([])
    register_fonts()
    for _ in range(3):
        scenarios.spec_contract(engine)  # type: ignore[arg-type]
    settings = settings_for()
    hub = Hub(settings, clock=lambda: datetime(2026, 3, 2, 10, 0, tzinfo=JST))
    hub.set_workspace(SimpleNamespace(database=SimpleNamespace(engine=engine, path=tmp / "samples.db"),  # type: ignore[arg-type]
                                      settings=settings))
    parent = QWidget()
    screen = NoticesScreen(hub, parent)
    parent.resize(1280, 720)
    screen.resize(1280, 720)
    parent.show()
    screen.refresh()

    def wait() -> None:
        import time

        deadline = time.monotonic() + 30
        while (running_tasks() or screen.data is None) and time.monotonic() < deadline:
            app.processEvents()  # type: ignore[union-attr]
            time.sleep(0.005)

    wait()
    screen.due_table.selectRow(0)
    wait()
    for _ in range(20):
        app.processEvents()  # type: ignore[union-attr]
    screen.grab().save(str(OUT / "screen.png"))
    print(OUT / "screen.png")


if __name__ == "__main__":
    main()
