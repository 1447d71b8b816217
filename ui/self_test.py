"""`secplus-desk --self-test`: does this copy of the program work on this machine?

Runs the program's main paths on throw-away data, one line per step, exit 0 when all pass:
  1. bundle    the files the program reads at run time are there (fonts + licence, terms
               profiles, era table, notice templates, icons, migrations);
  2. database  a new database in a temporary folder, opened and migrated to the newest schema;
  3. terms     SPEC.md worked examples computed (§2 first-month fee, §4 penalty);
  4. pdf       a renewal notice built from its template (data/notices) and rendered to PDF with the
               letter layout, the IPAex font embedded, the SPEC §3 deadline on it;
  5. window    the main window opened offscreen with every screen of the navigation, then closed.
Nothing is read from or written to the user's data, settings or window state. Run it from a
shell (the Windows build has no console: the lines then go to self-test.txt in the log folder).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from app.logs import log_dir, make_private_dirs
from app.resources import FONT_FILES, font_path, resource_path

OUTPUT_FILE_NAME = "self-test.txt"


class SelfTestFailure(AssertionError):
    """A step ran but did not produce what it should."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailure(message)


class SelfTest:
    def __init__(self, version: str, folder: Path) -> None:
        self.version = version
        self.folder = folder
        self.now = datetime.now().astimezone()  # the edge: the self-test's own clock
        self.workspace: object | None = None

    # --- steps ---------------------------------------------------------------------------
    def bundle(self) -> str:
        from app.store.migrate import MIGRATIONS_DIR

        for name in FONT_FILES.values():
            check(font_path(name).is_file(), f"font missing: {font_path(name)}")
        check(resource_path("resources", "fonts", "IPA_Font_License.txt").is_file(), "font licence missing")
        profiles = sorted(resource_path("data", "profiles").glob("*.toml"))
        check(bool(profiles), "no terms profile in data/profiles")
        check(resource_path("data", "eras.json").is_file(), "data/eras.json missing")
        templates = sorted(resource_path("data", "notices").glob("*.toml"))
        check(bool(templates), "no notice template in data/notices")
        check(resource_path("resources", "icons", "secplus-desk.png").is_file(), "icon missing")
        scripts = sorted((MIGRATIONS_DIR / "versions").glob("*.py"))
        check(bool(scripts) and (MIGRATIONS_DIR / "env.py").is_file(), f"migrations missing in {MIGRATIONS_DIR}")
        return (f"{len(FONT_FILES)} fonts, {len(profiles)} profile(s), {len(templates)} notice templates, "
                f"{len(scripts)} migration scripts")

    def database(self) -> str:
        from app.settings import Settings
        from app.startup import open_workspace
        from app.store.migrate import current_revision, head_revision

        settings = Settings(user_name="self-test")
        workspace = open_workspace(str(self.folder / "self-test.db"), settings, self.now)
        self.workspace = workspace
        with workspace.database.engine.connect() as connection:
            revision = current_revision(connection)
        check(revision == head_revision(), f"schema at {revision}, expected {head_revision()}")
        check(workspace.is_empty, "a new database should hold no contracts")
        return f"new database migrated to revision {revision}"

    def terms(self) -> str:
        from app.terms import ContractTerms, FeeSchedule
        from app.terms.fees import first_month_charge
        from app.terms.termination import termination_quote_for_contract

        first = first_month_charge(50_000, date(2025, 4, 15))
        check(first == 26_700, f"SPEC §2: first month {first}, expected 26700")
        contract = ContractTerms(date(2025, 4, 15), FeeSchedule(50_000))
        quote = termination_quote_for_contract(contract, date(2025, 9, 10), date(2025, 10, 31))
        check(quote.allowed and quote.penalty == 300_000, f"SPEC §4: penalty {quote.penalty}, expected 300000")
        return "SPEC §2 first month 26,700 yen, §4 penalty 300,000 yen"

    def pdf(self) -> str:
        """A renewal notice through the notices' own builder and template (data/notices) and layout."""
        from app.notices.builders import IssueContext, build_renewal
        from app.notices.layout import Addressee, FigureTable, Sender, render_letter
        from app.notices.sources import LetterFacts
        from app.terms import ContractTerms, FeeSchedule
        from app.usecases.contract_terms import ContractFacts

        schedule = FeeSchedule(50_000)
        facts = LetterFacts(
            contract_id=1, number="SELFTEST-1", customer_id=1, addressee=Addressee(company="自己診断株式会社"),
            rules=ContractFacts(schedule, ContractTerms(date(2025, 4, 15), schedule), None), notice_date=None,
            end_ground="", change_contracts=(), open_cures=(), charges=())
        issue = IssueContext(issue_date=date(2026, 3, 1), sender=Sender(company="セキュリティ・プラス株式会社"))
        letter = build_renewal(facts, "SELFTEST-0001", issue)
        cells = [cell for item in letter.record if isinstance(item, FigureTable) for row in item.rows for cell in row]
        check("2026年3月31日" in cells, f"SPEC §3: renewal deadline missing from the notice: {cells}")
        data = render_letter(letter)
        path = self.folder / "self-test-notice.pdf"
        path.write_bytes(data)
        check(data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), "not a complete PDF")
        check(b"/FontFile2" in data and b"IPAex" in data, "IPAex font not embedded")
        return f"renewal notice ({letter.subject}) {len(data):,} bytes PDF, IPAex embedded"

    def window(self) -> str:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QSettings, QTimer
        from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

        from app.settings import Settings
        from app.startup import Workspace
        from ui import workers
        from ui.app import create_application
        from ui.hub import Hub
        from ui.main_window import SCREENS, MainWindow

        app = create_application([sys.argv[0] if sys.argv else "secplus-desk"])
        problems: list[str] = []

        def dismiss_dialog() -> None:  # a dialog during the self-test is a failure, and would block
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, QDialog):
                text = dialog.text() if isinstance(dialog, QMessageBox) else dialog.windowTitle()
                problems.append(f"dialog: {text}")
                dialog.reject()

        class Failures(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                problems.append(f"{record.name}: {record.getMessage()}")

        watchdog = QTimer()
        watchdog.timeout.connect(dismiss_dialog)
        watchdog.start(50)
        failures = Failures(logging.ERROR)
        logging.getLogger().addHandler(failures)
        try:
            hub = Hub(Settings(user_name="self-test"))
            if isinstance(self.workspace, Workspace):
                hub.set_workspace(self.workspace)
            window_state = QSettings(str(self.folder / "window.ini"), QSettings.Format.IniFormat)
            window = MainWindow(hub, version=self.version, settings=window_state)
            window.show()
            shown = 0
            for screen in SCREENS:
                if screen.nav:
                    window.show_screen(screen.key)
                    shown += 1
                    app.processEvents()
            deadline = time.monotonic() + 60
            while workers.running_tasks() and time.monotonic() < deadline:  # the screens load their data
                app.processEvents()
                time.sleep(0.005)
            app.processEvents()
            check(workers.running_tasks() == 0, "the screens' background work did not finish within 60 s")
            check(window.isVisible(), "the main window did not show")
            window.close()
            workers.shutdown()
            window.deleteLater()
            app.processEvents()
        finally:
            watchdog.stop()
            logging.getLogger().removeHandler(failures)
        check(not problems, "; ".join(problems))
        return f"main window ({QApplication.platformName()}) with {shown} screens opened and closed"

    def close(self) -> None:
        database = getattr(self.workspace, "database", None)
        if database is not None:
            database.close()


def _output() -> tuple[TextIO, TextIO | None]:
    """stdout, or a file in the log folder when the program has no console (Windows windowed build)."""
    if sys.stdout is not None:
        return sys.stdout, None
    folder = make_private_dirs(log_dir())
    handle = open(folder / OUTPUT_FILE_NAME, "w", encoding="utf-8")  # noqa: SIM115
    return handle, handle


def run_self_test(version: str) -> int:
    out, opened = _output()
    started = time.perf_counter()
    failures = 0
    try:
        with tempfile.TemporaryDirectory(prefix="secplus-self-test-") as folder:
            test = SelfTest(version, Path(folder))
            steps: list[tuple[str, Callable[[], str]]] = [
                ("bundle", test.bundle), ("database", test.database), ("terms", test.terms),
                ("pdf", test.pdf), ("window", test.window),
            ]
            print(f"secplus-desk {version} self-test ({'built program' if getattr(sys, 'frozen', False) else 'source'})",
                  file=out, flush=True)
            try:
                for number, (name, step) in enumerate(steps, 1):
                    began = time.perf_counter()
                    try:
                        detail = step()
                    except Exception as error:  # a failed step is reported, the others still run
                        failures += 1
                        print(f"[{number}/{len(steps)}] {name}: FAILED {type(error).__name__}: {error}",
                              file=out, flush=True)
                        traceback.print_exc(file=sys.stderr if sys.stderr is not None else out)
                        continue
                    print(f"[{number}/{len(steps)}] {name}: ok ({detail}; {time.perf_counter() - began:.2f} s)",
                          file=out, flush=True)
            finally:
                test.close()
        verdict = "OK" if failures == 0 else f"FAILED ({failures} step(s))"
        print(f"self-test {verdict} in {time.perf_counter() - started:.1f} s", file=out, flush=True)
        return 0 if failures == 0 else 1
    finally:
        if opened is not None:
            opened.close()


def run_program_option(args: argparse.Namespace, version: str) -> int:
    """`--version` or `--self-test` from the command line (ui/app.py): the exit code."""
    if args.self_test:
        return run_self_test(version)
    out, opened = _output()
    try:
        print(f"secplus-desk {version}", file=out, flush=True)
    finally:
        if opened is not None:
            opened.close()
    return 0
