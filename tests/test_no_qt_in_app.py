"""app/ is the core: importing every module of it loads no Qt (checked in a fresh interpreter)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.source_imports import imported_modules, offending_imports

REPO_ROOT = Path(__file__).resolve().parent.parent
APP_DIR = REPO_ROOT / "app"

IMPORT_ALL_OF_APP = """
import importlib, json, pkgutil, sys
import app
imported, failed = [], {}
for info in pkgutil.walk_packages(app.__path__, prefix="app."):
    if info.name == "app.__main__" or info.name.endswith(".__main__"):
        continue
    try:
        importlib.import_module(info.name)
        imported.append(info.name)
    except Exception as exc:
        failed[info.name] = repr(exc)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(json.dumps({"imported": imported, "failed": failed, "qt": qt}))
"""

QT_PACKAGES = ("PySide6", "shiboken6")


def test_importing_every_app_module_loads_no_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL_OF_APP],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["failed"] == {}
    assert "app.resources" in report["imported"]
    assert report["qt"] == []


def test_no_app_source_file_imports_qt() -> None:
    assert offending_imports(APP_DIR, QT_PACKAGES) == []


def test_the_import_reader_finds_qt_at_any_depth() -> None:
    source = "import os\ndef f():\n    from PySide6.QtWidgets import QLabel\n    import shiboken6\n"
    modules = set(imported_modules(source))
    assert {"PySide6.QtWidgets", "PySide6.QtWidgets.QLabel", "shiboken6"} <= modules
    assert not set(imported_modules("# PySide6 is for ui/ only\nx = 'PySide6'\n"))
