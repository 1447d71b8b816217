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

import tempfile  # noqa: E402
from datetime import datetime  # noqa: E402

from app.settings import Settings  # noqa: E402
from app.startup import add_sample_data, open_workspace, status_text  # noqa: E402
from ui.app import app_version, create_application  # noqa: E402
from ui.placeholder_window import PlaceholderWindow  # noqa: E402


def main() -> int:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots" / "placeholder.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    app = create_application(sys.argv[:1])
    now = datetime.now().astimezone()
    folder = tempfile.mkdtemp(prefix="secplus-shot-")
    workspace = open_workspace(str(Path(folder) / "secplus.db"), Settings(user_name="サンプル"), now)
    add_sample_data(workspace, now)  # the status line as a user sees it after the first run
    window = PlaceholderWindow(version=app_version(), status=status_text(workspace, now.date()))
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
