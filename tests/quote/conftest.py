"""PySide6 6.12 on Python 3.11 drops a reference to None on every void Qt call, so a long test session
aborts ("none_dealloc") after a few thousand calls. Collected before any test runs, this gives None
its reserve for the whole session (see ui.screens.quote.keep_none_alive; the program start should
call it too)."""
from ui.screens.quote import keep_none_alive

keep_none_alive()
