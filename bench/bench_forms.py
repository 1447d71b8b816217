"""Speed of the forms (issue 10): a keystroke in the fee or date field to the preview repainted, and
opening a form. Offscreen, fixed clock, a throw-away database filled through the use cases.

keystroke_p99_ms: 99th percentile over 1,000 simulated edits (alternately the monthly fee and the
requested start of the 申込 screen: the text changes, textEdited fires, the form's undo stack takes
the edit, app.preview recomputes once, the panel is updated and repainted synchronously). Goal <= 16 ms.
compute_p99_ms: app.preview.compute_preview alone for the same edits (the baseline in this run);
keystroke_to_compute is the ratio (what the widgets add).
open_*_ms: median time to build and show a form until painted; goal <= 100 ms. open_ratio_to_bare:
the 申込 screen against a bare widget holding the same number of line edits (the baseline).
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _ms(ns: int) -> float:
    return ns / 1e6


def run(quick: bool = False) -> dict[str, float | int | str]:
    from ui.qt_compat import keep_none_alive

    keep_none_alive()  # before the first keystroke: see its docstring
    from PySide6.QtWidgets import QApplication, QFormLayout, QLineEdit, QWidget

    from app.models import Prerequisite
    from app.preview import FeeForm, compute_preview
    from app.settings import Settings
    from app.store.database import open_database
    from app.store.paths import path_to_url
    from app.usecases import contracts, screening
    from app.usecases.context import JST
    from app.usecases.customers import CustomerInput
    from app.usecases.form_data import contract_brief
    from ui.app import create_application
    from ui.dialogs.termination_notice import TerminationNoticeDialog
    from ui.hub import Hub
    from ui.screens.application_form import ApplicationFormScreen
    from ui.screens.change_contract_form import ChangeContractDialog

    app = create_application([])
    assert isinstance(app, QApplication)
    edits = 200 if quick else 1000
    opens = 5 if quick else 20
    work = Path(tempfile.mkdtemp(prefix="bench-forms-"))
    settings = Settings(user_name="bench")
    database = open_database(path_to_url(work / "bench.db"), backup_count=settings.backup_count, now=datetime(2025, 9, 10, 9))
    hub = Hub(settings, clock=lambda: datetime(2025, 9, 10, 10, 0, tzinfo=JST))
    hub.set_workspace(SimpleNamespace(database=database, settings=settings))  # type: ignore[arg-type]
    ctx = hub.context()
    application = screening.submit_application(database.engine, ctx, CustomerInput("株式会社ベンチ"), date(2025, 4, 1),
                                               monthly_fee=50_000)
    screening.record_prerequisite_check(database.engine, ctx, application, {n: Prerequisite.MET for n in (1, 2, 3, 4)})
    contract_id = screening.accept_application(database.engine, ctx, application, date(2025, 4, 1))
    contracts.record_service_start(database.engine, ctx, contract_id, date(2025, 4, 15))

    form = ApplicationFormScreen(hub)
    form.resize(1366, 768)
    form.refresh()
    form.show()
    app.processEvents()
    fee, start = form.kit.fields["monthly_fee"], form.kit.fields["requested_start"]
    assert isinstance(fee, QLineEdit) and isinstance(start, QLineEdit)
    texts: list[tuple[QLineEdit, str]] = []
    for i in range(edits):
        if i % 2:
            texts.append((fee, f"{50_000 + 100 * (i % 97):,}"))
        else:
            texts.append((start, f"2025/{10 + i % 3}/{1 + i % 28}"))
    keystroke: list[float] = []
    for edit, text in texts:
        began = time.perf_counter_ns()
        edit.setText(text)
        edit.textEdited.emit(text)
        form.preview.repaint()
        keystroke.append(_ms(time.perf_counter_ns() - began))
    compute: list[float] = []
    values = {"start": "2025/10/15", "monthly_fee": "50,000"}
    for edit, text in texts:
        values["monthly_fee" if edit is fee else "start"] = text
        began = time.perf_counter_ns()
        compute_preview(FeeForm(today=date(2025, 9, 10), start=values["start"], monthly_fee=values["monthly_fee"]))
        compute.append(_ms(time.perf_counter_ns() - began))
    form.hide()

    def timed_open(build: Callable[[], QWidget]) -> float:
        times = []
        for _ in range(opens):
            began = time.perf_counter_ns()
            widget = build()
            widget.show()
            widget.repaint()
            times.append(_ms(time.perf_counter_ns() - began))
            widget.hide()
            widget.deleteLater()
            app.processEvents()
        return statistics.median(times)

    def bare() -> QWidget:
        widget = QWidget()
        layout = QFormLayout(widget)
        for i in range(len(form.kit.fields)):
            layout.addRow(f"項目{i}", QLineEdit())
        widget.resize(1366, 768)
        return widget

    def application_form() -> QWidget:
        widget = ApplicationFormScreen(hub)
        widget.resize(1366, 768)
        widget.refresh()
        return widget

    open_bare = timed_open(bare)
    open_application = timed_open(application_form)
    open_change = timed_open(lambda: ChangeContractDialog(hub, contract_brief(database.engine, contract_id)))
    open_termination = timed_open(lambda: TerminationNoticeDialog(hub, contract_brief(database.engine, contract_id)))
    database.close()
    p99 = _percentile(keystroke, 0.99)
    compute_p99 = _percentile(compute, 0.99)
    return {
        "edits": edits,
        "keystroke_p50_ms": round(_percentile(keystroke, 0.5), 3),
        "keystroke_p99_ms": round(p99, 3),
        "keystroke_max_ms": round(max(keystroke), 3),
        "compute_p99_ms": round(compute_p99, 3),
        "keystroke_to_compute": round(p99 / compute_p99, 1) if compute_p99 else 0.0,
        "keystroke_goal_16ms": "met" if p99 <= 16 else "missed",
        "open_application_ms": round(open_application, 1),
        "open_change_contract_ms": round(open_change, 1),
        "open_termination_ms": round(open_termination, 1),
        "open_bare_ms": round(open_bare, 1),
        "open_ratio_to_bare": round(open_application / open_bare, 1) if open_bare else 0.0,
        "open_goal_100ms": "met" if max(open_application, open_change, open_termination) <= 100 else "missed",
    }


if __name__ == "__main__":
    for key, value in run(quick="--quick" in sys.argv).items():
        print(f"{key}: {value}")
