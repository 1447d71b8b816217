"""Regenerate the PNGs of this folder: the quote screen (1366x768), its presenter mode, the printed page.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/quote/screenshots.py
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

HERE = Path(__file__).resolve().parent
JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 4, 1, 10, 0, tzinfo=JST)


def main() -> None:

    from app.notices.quote_document import render_quote
    from app.startup import open_workspace
    from tests.quote.pdf_text import COMPANY
    from tests.quote.stored import contract_database
    from ui.app import create_application
    from ui.hub import Hub
    from ui.main_window import MainWindow
    from ui.workers import running_tasks

    app = create_application(["docs"])
    settings = COMPANY.with_changes(user_name="山田 太郎", date_style="japanese")
    with tempfile.TemporaryDirectory() as tmp:
        workspace = open_workspace(str(contract_database(Path(tmp) / "secplus.db")), settings, NOW)
        hub = Hub(settings, clock=lambda: NOW)
        hub.set_settings_saver(lambda _s: None)
        hub.set_workspace(workspace)
        window = MainWindow(hub, version="docs")
        window.resize(1366, 768)
        window.show()
        window.run_contract_action("quote", 1)
        while running_tasks():
            app.processEvents()
        screen = window.created_screens()["quote"]
        screen.presenter.set_field("notice", "2026-04-05")  # type: ignore[attr-defined]
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(HERE / "quote-screen.png"))
        screen.set_presenter_mode(True)  # type: ignore[attr-defined]
        window.showNormal()  # the offscreen "screen" is 800x800: show presenter mode at 1366x768
        window.resize(1366, 768)
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(HERE / "quote-presenter.png"))
        screen.set_presenter_mode(False)  # type: ignore[attr-defined]
        quote = screen.presenter.state.quote  # type: ignore[attr-defined]
        screen.open_prospect()  # type: ignore[attr-defined]
        for name, text in (("company", "株式会社みらい物流"), ("start", "2025-12-20"), ("monthly", "80,000"),
                           ("changes", "2026-10:95000"), ("notice", "2026-11-10"), ("end", "2026-11-30")):
            screen.presenter.set_field(name, text)  # type: ignore[attr-defined]
        screen.presenter.set_field("monthly", "8万")  # type: ignore[attr-defined]  # a typing mistake, shown
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(HERE / "quote-prospect-error.png"))
        screen.presenter.set_field("monthly", "80,000")  # type: ignore[attr-defined]
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(HERE / "quote-prospect.png"))
        pdf = Path(tmp) / "quote.pdf"
        pdf.write_bytes(render_quote(quote, settings, document_number="SP2026-000123"))
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", str(pdf), str(HERE / "quote-pdf")], check=True)
        window.close()
        workspace.database.close()


if __name__ == "__main__":
    main()
