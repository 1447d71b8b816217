"""Where the program's bundled files (fonts, data files) live on disk.

No Qt here: the window (ui/fonts.py) and the PDF notices (ReportLab, in app/) both
read the same IPAex font files through these two functions.

From the source tree the root is the repository root (the folder holding
``resources/`` and ``data/``); inside a PyInstaller bundle it is ``sys._MEIPASS``,
where build_installer.py places the same folders under the same names.
"""
from __future__ import annotations

import sys
from pathlib import Path

FONT_FILES = {
    "IPAexGothic": "ipaexg.ttf",
    "IPAexMincho": "ipaexm.ttf",
}


def bundle_root() -> Path:
    """The folder that holds ``resources/`` and ``data/``."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """Path of a bundled file, e.g. ``resource_path("resources", "fonts", "ipaexg.ttf")``."""
    return bundle_root().joinpath(*parts)


def font_path(name: str) -> Path:
    """Path of a bundled font file, by file name (``"ipaexg.ttf"``) or family name (``"IPAexGothic"``)."""
    return resource_path("resources", "fonts", FONT_FILES.get(name, name))
