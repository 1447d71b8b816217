"""Start of the window program: `python -m ui.app` (or the `secplus-desk` script)."""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from importlib import metadata

from PySide6.QtWidgets import QApplication

from ui.fonts import install_application_font
from ui.placeholder_window import PlaceholderWindow

APPLICATION_NAME = "secplus-desk"
ORGANIZATION_NAME = "SecurityPlus"


def app_version() -> str:
    try:
        return metadata.version(APPLICATION_NAME)
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "開発版"


def create_application(argv: Sequence[str]) -> QApplication:
    """The QApplication with names and fonts set (reuses a running one, as in tests)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    app.setApplicationName(APPLICATION_NAME)
    app.setOrganizationName(ORGANIZATION_NAME)
    app.setApplicationDisplayName("セキュリティ・プラス 契約管理")
    install_application_font(app)
    return app


def display_problem(environ: Mapping[str, str], platform: str) -> str | None:
    """A message when a Linux machine has no screen to show the window on, else None.

    Without this, Qt aborts with a long English message about platform plugins.
    """
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "画面（ディスプレイ）が見つからないため、ウィンドウを表示できません。"
        "デスクトップ環境から起動するか、xvfb-run make run をお使いください。\n"
        "(no display: neither DISPLAY nor WAYLAND_DISPLAY is set; "
        "start from a desktop session, or use xvfb-run, or QT_QPA_PLATFORM=offscreen)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    problem = display_problem(os.environ, sys.platform)
    if problem is not None and QApplication.instance() is None:
        print(problem, file=sys.stderr)
        return 2
    app = create_application(sys.argv if argv is None else argv)
    window = PlaceholderWindow(version=app_version())
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
