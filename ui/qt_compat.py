"""Work-arounds for defects of the Qt bindings we ship, in one place.

PySide6 6.12 on Python 3.11 returns None from every Qt method that returns void without taking a
reference to it (the bindings assume the immortal None of Python 3.12+). None's reference count
falls by one per call, and after some thousands of calls (a few hundred keystrokes in a form with
its live preview, about 60 repaints of the timeline) the process aborts with "Fatal Python error:
none_dealloc". `keep_none_alive` gives None, once, the huge reserve of references that Python 3.12
gives it. It is called by `ui.app.create_application` (so by the program, the self-test and the
screenshots) and by tests/conftest.py before any test runs. Remove it when we move to Python 3.12
or to bindings that count None right (tests/ui/test_qt_compat.py shows whether they do).
"""
from __future__ import annotations

import ctypes
import sys

NONE_RESERVE = 1 << 40
_done = False


def keep_none_alive() -> None:
    """Give None a reserve of references (idempotent; nothing to do on Python 3.12 and later)."""
    global _done
    if _done or sys.version_info >= (3, 12):
        return
    ctypes.c_ssize_t.from_address(id(None)).value += NONE_RESERVE
    _done = True
