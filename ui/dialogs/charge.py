"""請求の登録: an amount billed (tax included) with its due date, so that payments and late
interest can be recorded against it (8.2)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.labels import CHARGE_KIND_LABELS
from app.models import ChargeKind
from app.usecases.form_data import ContractBrief
from ui.dialogs.base import FormDialog
from ui.hub import Hub
from ui.presenters import contract_forms as presenter
from ui.widgets.date_edit import DateEdit
from ui.widgets.money_edit import MoneyEdit


class ChargeDialog(FormDialog):
    title = "請求の登録"
    action_text = "請求を登録"
    changes = ("payments", "contracts")

    def __init__(self, hub: Hub, brief: ContractBrief, parent: QWidget | None = None) -> None:
        super().__init__(hub, parent)
        self.brief = brief
        self.heading.setText(f"{brief.title}　請求（税込）と支払期日を登録します")
        kinds = QComboBox()
        for kind, label in CHARGE_KIND_LABELS.items():
            kinds.addItem(label, kind)
        kinds.setCurrentIndex(kinds.findData(ChargeKind.MONTHLY))
        self.kit.add_row(self.form, "kind", "種類", kinds)
        self.kit.add_row(self.form, "amount", "請求額（税込）", MoneyEdit("請求額", required=True, positive=True))
        self.kit.add_row(self.form, "due_date", "支払期日", DateEdit("支払期日", required=True))
        self.kit.add_row(self.form, "description", "摘要", QLineEdit())
        self.notes.setText(presenter.charge_interest_note(hub.today()))
        self.finish_building()

    def save(self) -> None:
        combo = self.kit.fields["kind"]
        assert isinstance(combo, QComboBox)
        presenter.save_charge(self.hub.engine, self.hub.context(), self.brief.id, ChargeKind(combo.currentData()),
                              self.kit.text("amount"), self.kit.text("due_date"), self.kit.text("description"))
