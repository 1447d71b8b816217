"""顧客編集: the customer's name, kana, address (where invoices and notices go), contact. Saved
through app.usecases.customer_edit (audit entry; the contract list's search follows at once)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.usecases.customer_edit import customer_of_contract, load_customer
from app.usecases.customers import HONORIFICS
from ui.dialogs.base import FormDialog, open_dialog
from ui.hub import Hub
from ui.presenters import contract_forms as presenter
from ui.presenters.application_form import CUSTOMER_LABELS
from ui.presenters.contract_forms import CUSTOMER_EDIT_FIELDS


class CustomerEditDialog(FormDialog):
    title = "顧客情報の編集"
    action_text = "保存"
    changes = ("contracts", "applications", "notices")

    def __init__(self, hub: Hub, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(hub, parent)
        self.customer_id = customer_id
        data = load_customer(hub.engine, customer_id)
        self.heading.setText(f"{data.company_name}　の顧客情報を編集します（この顧客の全契約に反映されます）")
        for name in CUSTOMER_EDIT_FIELDS:
            if name == "honorific":
                combo = QComboBox()
                combo.addItems(list(HONORIFICS))
                self.kit.add_row(self.form, name, CUSTOMER_LABELS[name], combo)
                self.kit.set_value(name, max(0, HONORIFICS.index(data.honorific) if data.honorific in HONORIFICS
                                             else 0))
            else:
                self.kit.add_row(self.form, name, CUSTOMER_LABELS[name], QLineEdit())
                self.kit.set_value(name, getattr(data, name))
        self.finish_building()

    def values(self) -> dict[str, str]:
        found = {name: self.kit.text(name) for name in CUSTOMER_EDIT_FIELDS if name != "honorific"}
        combo = self.kit.fields["honorific"]
        assert isinstance(combo, QComboBox)
        found["honorific"] = combo.currentText()
        return found

    def save(self) -> None:
        if not presenter.save_customer(self.hub.engine, self.hub.context(), self.customer_id, self.values()):
            self.notes.setText("変更はありません。")


def open_customer_edit(window: QWidget, contract_id: int) -> FormDialog:
    hub: Hub = getattr(window, "hub")
    return open_dialog(CustomerEditDialog(hub, customer_of_contract(hub.engine, contract_id), window))
