"""The None work-around holds: many void Qt calls do not bring None's count near zero."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def _void_calls_in_a_fresh_process(with_workaround: bool) -> subprocess.CompletedProcess[str]:
    code = textwrap.dedent(f"""
        import sys
        from PySide6.QtWidgets import QApplication, QLabel
        if {with_workaround}:
            from ui.qt_compat import keep_none_alive
            keep_none_alive()
        app = QApplication([])
        label = QLabel()
        before = sys.getrefcount(None)
        for _ in range(20_000):
            label.setText("x")
        print(before - sys.getrefcount(None))
    """)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_twenty_thousand_void_calls_survive_with_the_workaround() -> None:
    result = _void_calls_in_a_fresh_process(with_workaround=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_the_bindings_still_need_it() -> None:
    """When this fails, the bindings count None right: remove ui/qt_compat.py."""
    result = _void_calls_in_a_fresh_process(with_workaround=True)
    assert int(result.stdout.strip()) == 20_000
