"""契約詳細: one contract at a glance, with the action bar other screens hook into."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.hub import Hub
from ui.main_window import CONTRACT_ACTIONS
from ui.widgets.action_bar import ActionBar
from ui.widgets.timeline import TimelineWidget


class ContractView(QWidget):
    def __init__(self, hub: Hub, window: QWidget) -> None:
        super().__init__(window)
        self.hub = hub
        self.window_ = window
        self.contract_id: int | None = None
        layout = QVBoxLayout(self)
        self.title = QLabel("契約詳細")
        self.title.setObjectName("screenTitle")
        layout.addWidget(self.title)
        self.actions_bar = ActionBar(CONTRACT_ACTIONS, self._run_action, self)
        layout.addWidget(self.actions_bar)
        self.timeline = TimelineWidget(self)
        layout.addWidget(self.timeline)
        layout.addStretch(1)

    def _run_action(self, key: str) -> None:
        if self.contract_id is not None:
            run = getattr(self.window_, "run_contract_action")
            run(key, self.contract_id)

    def open_contract(self, contract_id: int) -> None:
        self.contract_id = contract_id
        self.actions_bar.set_contract_loaded(True)
