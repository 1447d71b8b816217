"""Save a picture of the placeholder main window to docs/screenshots/placeholder.png.

Run once by hand (not by the tests), e.g.
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshot_placeholder.py
or on a real X display / under xvfb-run for the platform's own window decorations.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402

from ui.app import app_version, create_application  # noqa: E402
from ui.placeholder_window import PlaceholderWindow  # noqa: E402


def main() -> int:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots" / "placeholder.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    app = create_application(sys.argv[:1])
    window = PlaceholderWindow(version=app_version())
    window.show()

    def shoot() -> None:
        if not window.grab().save(str(target)):
            print(f"could not write {target}", file=sys.stderr)
            app.exit(1)
            return
        print(target)
        app.exit(0)

    QTimer.singleShot(300, shoot)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
