"""Start of the window program: `python -m ui.app` (or the `secplus-desk` script)."""
from __future__ import annotations

import sys
from collections.abc import Sequence
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


def main(argv: Sequence[str] | None = None) -> int:
    app = create_application(sys.argv if argv is None else argv)
    window = PlaceholderWindow(version=app_version())
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
