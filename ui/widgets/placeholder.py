"""A screen still to come: its title and a line saying who brings it (replaced by a registry line)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderScreen(QWidget):
    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("placeholderScreen")
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("screenTitle")
        label = QLabel(text)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(heading)
        layout.addWidget(label, 1)


def applications_placeholder(hub: object, window: QWidget) -> QWidget:
    return PlaceholderScreen("申込", "申込の登録と審査の画面は準備中です。", window)


def notices_placeholder(hub: object, window: QWidget) -> QWidget:
    return PlaceholderScreen("通知・印刷", "通知書の作成と印刷の画面は準備中です。", window)
