"""設定 (filled in below)."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.hub import Hub


class SettingsScreen(QWidget):
    def __init__(self, hub: Hub, window: QWidget) -> None:
        super().__init__(window)
        self.hub = hub
        layout = QVBoxLayout(self)
        title = QLabel("設定")
        title.setObjectName("screenTitle")
        layout.addWidget(title)
        layout.addStretch(1)
