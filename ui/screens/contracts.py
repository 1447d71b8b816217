"""契約一覧 (filled in below)."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.hub import Hub


class ContractsScreen(QWidget):
    def __init__(self, hub: Hub, window: QWidget) -> None:
        super().__init__(window)
        self.hub = hub
        layout = QVBoxLayout(self)
        title = QLabel("契約一覧")
        title.setObjectName("screenTitle")
        layout.addWidget(title)
        layout.addStretch(1)
