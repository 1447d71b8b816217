"""Contract status drawn as a coloured chip (契約中, 解約通知受領, 終了 ...) in a table cell."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

STATUS_COLORS = {  # ContractStatus value -> (background, text)
    "active": ("#e3f4e8", "#1b5e20"),
    "notice_received": ("#fff3cd", "#7a4f00"),
    "ended": ("#eceff1", "#455a64"),
    "suspended": ("#fde0dc", "#b71c1c"),
    "terminated_by_provider": ("#f3e5f5", "#6a1b9a"),
}
DEFAULT_COLORS = ("#eceff1", "#263238")


class StatusChipDelegate(QStyledItemDelegate):
    def __init__(self, role: int, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._role = role

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        background, foreground = STATUS_COLORS.get(str(index.data(self._role)), DEFAULT_COLORS)
        metrics = option.fontMetrics
        rect = option.rect
        width = metrics.horizontalAdvance(text) + 16
        chip = QRectF(rect.left() + 4, rect.top() + 3, min(width, rect.width() - 8), rect.height() - 6)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
        painter.setPen(QColor(foreground))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
