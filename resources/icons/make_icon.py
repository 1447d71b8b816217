"""Draw the program icon: a white shield with a plus on a blue rounded square.

Run from the repository root when the design changes (the outputs are committed):
    QT_QPA_PLATFORM=offscreen .venv/bin/python resources/icons/make_icon.py
Writes secplus-desk.png (512 px, the window icon and Linux), secplus-desk.ico (Windows,
16-256 px) and secplus-desk.icns (macOS), all beside this script.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QLinearGradient, QPainter, QPainterPath, QPen

HERE = Path(__file__).resolve().parent
NAME = "secplus-desk"
SIZE = 512
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = SIZE) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    s = size / 512
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    gradient = QLinearGradient(0, 0, 0, size)
    gradient.setColorAt(0, QColor("#1f6fd1"))
    gradient.setColorAt(1, QColor("#0b3a78"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(gradient))
    p.drawRoundedRect(QRectF(16 * s, 16 * s, 480 * s, 480 * s), 96 * s, 96 * s)
    shield = QPainterPath()
    shield.moveTo(256 * s, 72 * s)
    shield.lineTo(404 * s, 126 * s)
    shield.cubicTo(QPointF(404 * s, 300 * s), QPointF(352 * s, 388 * s), QPointF(256 * s, 444 * s))
    shield.cubicTo(QPointF(160 * s, 388 * s), QPointF(108 * s, 300 * s), QPointF(108 * s, 126 * s))
    shield.closeSubpath()
    p.setBrush(QColor("#ffffff"))
    p.drawPath(shield)
    p.setPen(QPen(QColor("#1f6fd1"), 44 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(QPointF(256 * s, 170 * s), QPointF(256 * s, 330 * s))
    p.drawLine(QPointF(176 * s, 250 * s), QPointF(336 * s, 250 * s))
    p.end()
    return image


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication(sys.argv)  # noqa: F841  (QPainter on QImage needs a GUI application for fonts)
    png = HERE / f"{NAME}.png"
    if not draw().save(str(png)):
        raise SystemExit(f"cannot write {png}")
    with Image.open(png) as picture:
        picture.save(HERE / f"{NAME}.ico", sizes=ICO_SIZES)
        picture.save(HERE / f"{NAME}.icns")
    print(f"wrote {png.name}, {NAME}.ico, {NAME}.icns in {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
