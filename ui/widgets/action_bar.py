"""The contract view's action bar: one button per CONTRACT_ACTIONS line of ui/main_window.py."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ui.main_window import ContractAction


class ActionBar(QWidget):
    def __init__(self, actions: Sequence[ContractAction], run: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contractActions")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for action in actions:
            button = QPushButton(action.title)
            button.setObjectName(f"action_{action.key}")
            button.setEnabled(False)
            if action.target is None:
                button.setToolTip("準備中")
            elif action.shortcut:
                button.setShortcut(action.shortcut)
                button.setToolTip(f"{action.title}（{action.shortcut}）")
            button.clicked.connect(lambda _checked=False, key=action.key: run(key))
            layout.addWidget(button)
            self.buttons[action.key] = button
        layout.addStretch(1)
        self._targets = {a.key: a.target for a in actions}

    def set_contract_loaded(self, loaded: bool) -> None:
        for key, button in self.buttons.items():
            button.setEnabled(loaded and self._targets[key] is not None)
