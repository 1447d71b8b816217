"""Register the bundled IPAex fonts with Qt and make IPAex Gothic the application font.

A fresh machine may have no Japanese font at all; the program ships its own
(resources/fonts, IPA Font Licence) so that Japanese never shows as empty boxes.
"""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.resources import FONT_FILES, font_path

DEFAULT_FAMILY = "IPAexGothic"
DEFAULT_POINT_SIZE = 10


class FontLoadError(RuntimeError):
    """A bundled font file is missing or Qt refused it."""


def register_fonts() -> list[str]:
    """Add the bundled fonts to Qt's font database; return the family names registered.

    Needs a QGuiApplication. Registering twice is harmless (Qt returns the same families).
    """
    families: list[str] = []
    for file_name in FONT_FILES.values():
        path = font_path(file_name)
        if not path.is_file():
            raise FontLoadError(f"フォントファイルが見つかりません: {path}")
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            raise FontLoadError(f"フォントを読み込めませんでした: {path}")
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in families:
                families.append(family)
    return families


def install_application_font(app: QApplication) -> list[str]:
    """Register the bundled fonts and set IPAex Gothic as the default font of ``app``."""
    families = register_fonts()
    if DEFAULT_FAMILY not in families:
        raise FontLoadError(f"既定フォント {DEFAULT_FAMILY} が登録されていません: {families}")
    app.setFont(QFont(DEFAULT_FAMILY, DEFAULT_POINT_SIZE))
    return families
