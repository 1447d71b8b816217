"""Start-up costs: importing the core (app/, no Qt) and opening the main window (offscreen).

Each figure is the median wall time of fresh interpreters, in milliseconds.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

IMPORT_CORE = "import app.cli, app.models, app.store, app.terms"
OPEN_WINDOW = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from ui.app import create_application
from ui.hub import Hub
from ui.main_window import MainWindow
from app.settings import Settings
app = create_application(["bench"])
window = MainWindow(Hub(Settings(user_name="bench")), version="bench")
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def _median_ms(code: str, runs: int) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def run(quick: bool = False) -> dict[str, float | int]:
    runs = 1 if quick else 5
    return {
        "runs": runs,
        "python_bare_ms": _median_ms("pass", runs),
        "import_core_ms": _median_ms(IMPORT_CORE, runs),
        "open_main_window_ms": _median_ms(OPEN_WINDOW, runs),
    }
