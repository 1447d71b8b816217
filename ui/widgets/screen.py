"""What every screen of the main window shares: the hub, its title, opening a contract, and loading
in a worker where only the newest load is shown (a quick F5 or a new contract drops the older one)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.hub import Hub
from ui.workers import Progress, run_in_background, show_error

T = TypeVar("T")


class Screen(QWidget):
    def __init__(self, hub: Hub, window: QWidget | None, name: str, title: str) -> None:
        super().__init__(window)
        self.setObjectName(name)
        self.hub = hub
        self.main_window = window
        self._generation = 0
        self.screen_layout = QVBoxLayout(self)
        self.screen_layout.setContentsMargins(8, 8, 8, 4)
        self.title = QLabel(title)
        self.title.setObjectName("screenTitle")

    def open_contract_in_window(self, contract_id: int) -> None:
        opener = getattr(self.main_window, "open_contract", None)
        if callable(opener):
            opener(contract_id)

    def load(self, work: Callable[[Progress], T], done: Callable[[T], None]) -> None:
        """Run `work` in a worker; `done(result)` on the GUI thread unless a newer load started since."""
        self._generation += 1
        generation = self._generation

        def arrived(result: T) -> None:
            if generation == self._generation:
                done(result)

        run_in_background(self, work, arrived, on_error=lambda error: show_error(self, error))
