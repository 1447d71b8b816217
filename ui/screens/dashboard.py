"""ホーム: what needs action in the next days, and the portfolio at a glance (filled in below)."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.hub import Hub


class DashboardScreen(QWidget):
    def __init__(self, hub: Hub, window: QWidget) -> None:
        super().__init__(window)
        self.hub = hub
        layout = QVBoxLayout(self)
        title = QLabel("ホーム")
        title.setObjectName("screenTitle")
        layout.addWidget(title)
        layout.addStretch(1)
