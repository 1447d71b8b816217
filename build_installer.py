"""Build the Windows/Linux installer with PyInstaller: not yet, it arrives with its own issue.

`make installer` runs this. The plan is kept here so the real build only fills in `build()`:
PyInstaller bundles ui/app.py with the folders below, placed under the same relative names,
which is where app/resources.py looks inside a bundle (sys._MEIPASS).
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
ENTRY_POINT = ROOT / "ui" / "app.py"
APP_NAME = "secplus-desk"

# (source folder in the repository, destination folder inside the bundle)
DATA_FILES: tuple[tuple[str, str], ...] = (
    ("resources/fonts", "resources/fonts"),  # IPAex fonts + IPA_Font_License.txt (licence must ship)
    ("data", "data"),                        # terms profiles, notice templates, era table
)


def pyinstaller_args() -> list[str]:
    """The PyInstaller command line the real build will use (pip install -e '.[installer]')."""
    sep = ";" if sys.platform == "win32" else ":"
    args = ["--name", APP_NAME, "--windowed", "--noconfirm", "--clean"]
    for source, dest in DATA_FILES:
        args += ["--add-data", f"{ROOT / source}{sep}{dest}"]
    return [*args, str(ENTRY_POINT)]


def build() -> int:
    print("インストーラーはまだありません。専用の課題 (issue) で追加されます。")
    print("not yet: the installer arrives with its own issue.")
    print("planned: pyinstaller " + " ".join(pyinstaller_args()))
    return 0


if __name__ == "__main__":
    sys.exit(build())
