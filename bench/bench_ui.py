"""The window's speed (offscreen), each start in a fresh process, beside a bare PySide6 QMainWindow
started the same way: start to first paint (goal <= 1.5x the bare window), start to dashboard filled,
list first page, filter keystroke to repaint (words and contract-number prefixes; typed once the start's
background backup and full check are done), the exact count shown after typing, scrolling the list
to the end, peak RSS. On the seeded database of bench_queries (100,000 contracts; --quick: 10,000).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

BARE = """
import sys, time, json
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "painted" not in stamps:
            stamps["painted"] = time.time()
            QTimer.singleShot(0, app.quit)
        return False
stamps = {}
spy = Painted(); window.installEventFilter(spy)
window.resize(1366, 768); window.show()
app.exec()
print(json.dumps(stamps))
"""

OURS = r"""
import sys, time, json, resource
stamps = {}
from ui import app as ui_app  # first, as `python -m ui.app` imports it (its own import order counts)
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
shown = []
real_show_window = ui_app.show_window

class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "painted" not in stamps:
            stamps["painted"] = time.time()
        return False

spy = Painted()

def show_window(app, settings, db_arg, prompter=None):
    window, session = real_show_window(app, settings, db_arg, prompter)
    window.installEventFilter(spy)  # installed before the first paint event is delivered
    window.resize(1366, 768)
    shown.append((window, session))
    # the measuring starts after the first paint: asking for a screen earlier would build it before that paint
    window.first_painted.connect(lambda: QTimer.singleShot(0, measure))
    return window, session

ui_app.show_window = show_window
app = ui_app.create_application(["secplus-desk"])  # main() reuses it
def wait(cond, limit=120):
    end = time.time() + limit
    while not cond() and time.time() < end:
        QApplication.processEvents()
        time.sleep(0.001)

def measure():
    window, session = shown[0]
    home = window.screen("home")
    app = QApplication.instance()
    wait(lambda: getattr(home, "data", None) is not None)
    app.processEvents()
    stamps["dashboard"] = time.time()  # the deadline table filled
    wait(lambda: home.data.portfolio_loaded)
    app.processEvents()
    stamps["portfolio"] = time.time()  # charts, contracts ending, overdue charges
    t = time.perf_counter()
    screen = window.show_screen("contracts")
    app.processEvents(); screen.table.viewport().repaint()
    stamps["list_first_page_ms"] = (time.perf_counter() - t) * 1000
    from ui.workers import running_tasks
    wait(lambda: running_tasks() == 0)  # typed with the window idle: the start's backup and full check are done
    keystrokes = {}
    for name, text in (("word", "山田"), ("number_prefix", "SP-2025-0004"), ("one_character", "山")):
        screen.filter.clear(); app.processEvents()
        times = []
        for ch in text:
            t = time.perf_counter()
            screen.filter.setText(screen.filter.text() + ch)  # what a keystroke does
            screen.table.viewport().repaint()
            times.append((time.perf_counter() - t) * 1000)
        keystrokes[name] = times
    stamps["keystrokes"] = keystrokes
    screen.filter.clear(); app.processEvents()
    wait(lambda: not screen.counting())
    t = time.perf_counter()
    screen.filter.setText("SP-2025")  # ~12,000 matches: the rows at once, their exact count after a pause
    wait(lambda: not screen.counting())
    stamps["count_after_typing_ms"] = (time.perf_counter() - t) * 1000
    screen.filter.clear(); app.processEvents()
    t0 = time.perf_counter()
    screen.table.scrollToBottom(); app.processEvents(); screen.table.viewport().repaint()
    stamps["scroll_end_ms"] = (time.perf_counter() - t0) * 1000  # Ctrl+End / dragging the bar down
    screen.table.scrollToTop(); app.processEvents()
    steps = []
    bar = screen.table.verticalScrollBar()
    for _ in range(100):  # page by page through the first rows, as a user scrolls
        t = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep()); app.processEvents(); screen.table.viewport().repaint()
        steps.append((time.perf_counter() - t) * 1000)
    stamps["scroll_step_max_ms"] = max(steps, default=0.0)
    stamps["rows_loaded"] = screen.presenter.cached_rows()
    from bench.peak_memory import peak_rss_mb
    stamps["peak_rss_mb"] = peak_rss_mb()  # not ru_maxrss: that keeps the parent's peak across fork
    app.quit()

sys.argv = ["secplus-desk", "--db", sys.argv[1]]
code = ui_app.main()  # as a user starts it (crash handler, settings, window, start worker)
print(json.dumps(stamps))
"""


def child(code: str, *args: str, home: str = "") -> tuple[float, dict[str, Any]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    if home:  # settings, window state and logs of a fresh user
        env.update(XDG_CONFIG_HOME=f"{home}/config", XDG_DATA_HOME=f"{home}/data", XDG_STATE_HOME=f"{home}/state",
                   XDG_CACHE_HOME=f"{home}/cache", HOME=home)
    started = time.time()
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=900)
    if result.returncode != 0:
        reports = [Path(word) for word in result.stderr.split() if word.endswith(".txt") and Path(word).exists()]
        details = "\n".join(report.read_text(encoding="utf-8")[-3000:] for report in reports)
        raise RuntimeError(f"child failed ({result.returncode}): {result.stderr[-2000:]}\n{details}")
    return started, json.loads(result.stdout.strip().splitlines()[-1])


def compile_sources() -> None:
    """Our modules' bytecode in __pycache__, as an installed program has it (pip and PyInstaller compile
    it), even where PYTHONDONTWRITEBYTECODE is set: otherwise every start compiles the edited modules
    again (~10 ms before the first paint), which no user start does and the bare window never pays."""
    import compileall

    for package in ("app", "ui"):
        compileall.compile_dir(str(ROOT / package), quiet=1)


def run(quick: bool = False) -> dict[str, Any]:
    import shutil
    import tempfile

    from bench_queries import cached_database

    n = 10_000 if quick else 100_000
    seeded, _seconds = cached_database(n)
    compile_sources()
    runs = 5  # the first-paint ratio moves by about 0.05 from run to run: the median of five
    bare, ours, dashboard, portfolio, later_dashboard = [], [], [], [], []
    last: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(runs):
            started, stamps = child(BARE)
            bare.append((stamps["painted"] - started) * 1000)
            copy = Path(folder) / "bench.db"
            shutil.copy(seeded, copy)  # each first start opens (and backs up) its own copy
            for stale in Path(folder).glob("**/*auto*.db"):
                stale.unlink()
            started, last = child(OURS, str(copy), home=folder)  # first start of the day: takes the backup
            ours.append((last["painted"] - started) * 1000)
            dashboard.append((last["dashboard"] - started) * 1000)
            portfolio.append((last["portfolio"] - started) * 1000)
            started, later = child(OURS, str(copy), home=folder)  # a later start: today's backup exists
            later_dashboard.append((later["dashboard"] - started) * 1000)
    bare_ms, ours_ms = statistics.median(bare), statistics.median(ours)
    figures: dict[str, Any] = {
        "contracts": n,
        "runs": runs,
        "bare_window_first_paint_ms": round(bare_ms, 1),
        "window_first_paint_ms": round(ours_ms, 1),
        "first_paint_ratio": round(ours_ms / bare_ms, 2),
        "first_start_of_day_to_deadlines_filled_ms": round(statistics.median(dashboard), 1),
        "first_start_of_day_to_portfolio_filled_ms": round(statistics.median(portfolio), 1),
        "later_start_to_deadlines_filled_ms": round(statistics.median(later_dashboard), 1),
        "list_first_page_ms": round(last["list_first_page_ms"], 1),
        "count_shown_after_typing_ms": round(last["count_after_typing_ms"], 1),
        "scroll_to_end_ms": round(last["scroll_end_ms"], 1),
        "scroll_step_max_ms": round(last["scroll_step_max_ms"], 1),
        "rows_cached": last["rows_loaded"],
        "peak_rss_mb": round(last["peak_rss_mb"], 1),
    }
    for name, times in last["keystrokes"].items():
        figures[f"keystroke_{name}_median_ms"] = round(statistics.median(times), 1)
        figures[f"keystroke_{name}_max_ms"] = round(max(times), 1)
    return figures


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
