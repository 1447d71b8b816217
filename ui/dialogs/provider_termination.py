"""解除: the provider terminates (15.3, 15.4, 16.1 after the cure period, 16.2). Shows the 16.3 sum
for the typed date (or that damages are entered by hand) and asks before anything is ended."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.usecases.form_data import ContractBrief, contract_brief
from ui.dialogs.base import FormDialog, open_dialog
from ui.hub import Hub
from ui.presenters import contract_forms as presenter
from ui.widgets.date_edit import DateEdit, typed_form


class ProviderTerminationDialog(FormDialog):
    title = "当社からの契約解除"
    action_text = "解除を記録…"

    def __init__(self, hub: Hub, brief: ContractBrief, parent: QWidget | None = None) -> None:
        super().__init__(hub, parent)
        self.brief = brief
        self.heading.setText(f"{brief.title}　当社から契約を解除します（第15条・第16条）")
        grounds = QComboBox()
        for code, label in presenter.ground_choices():
            grounds.addItem(label, code)
        self.kit.add_row(self.form, "ground", "解除の根拠", grounds)
        self.kit.add_row(self.form, "termination_date", "解除日", DateEdit("解除日", required=True))
        self.kit.add_row(self.form, "sum_due", "支払期日（任意）", DateEdit("支払期日"))
        self.kit.add_row(self.form, "note", "備考", QLineEdit())
        self.kit.set_value("termination_date", typed_form(hub.today()))
        self.finish_building()

    def ground(self) -> str:
        combo = self.kit.fields["ground"]
        assert isinstance(combo, QComboBox)
        return str(combo.currentData())

    def on_change(self, _name: str) -> None:
        self.notes.setText(presenter.provider_sum_line(self.brief, self.ground(), self.kit.text("termination_date"),
                                                       self.hub.settings.date_style))

    def confirmation(self) -> str:
        return f"契約 {self.brief.number} を解除します。この操作は取り消せません。よろしいですか？"

    def save(self) -> None:
        presenter.save_provider_termination(self.hub.engine, self.hub.context(), self.brief, self.ground(),
                                            self.kit.text("termination_date"), self.kit.text("sum_due"),
                                            self.kit.text("note"))


def open_provider_termination(window: QWidget, contract_id: int) -> FormDialog:
    hub: Hub = getattr(window, "hub")
    return open_dialog(ProviderTerminationDialog(hub, contract_brief(hub.engine, contract_id), window))

