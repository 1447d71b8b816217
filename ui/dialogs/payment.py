"""入金: a payment against a charge (partial payments allowed). Late interest to the payment date
(14.6% per period of constant balance on fees, the statutory rate on a penalty) and the balance
after the payment show as the user types."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from app.usecases.form_data import ChargeBrief, ContractBrief, contract_brief
from ui.dialogs.base import FormDialog, open_dialog
from ui.dialogs.charge import ChargeDialog
from ui.hub import Hub
from ui.presenters import contract_forms as presenter
from ui.widgets.date_edit import DateEdit, typed_form
from ui.widgets.money_edit import MoneyEdit


class PaymentDialog(FormDialog):
    title = "入金の記録"
    action_text = "入金を記録"
    changes = ("payments", "contracts")

    def __init__(self, hub: Hub, brief: ContractBrief, parent: QWidget | None = None) -> None:
        super().__init__(hub, parent)
        self.brief = brief
        self.heading.setText(f"{brief.title}　入金を記録します（一部入金も可）")
        self.open_charges = [c for c in brief.charges if c.balance > 0]
        charges = QComboBox()
        for charge in self.open_charges:
            charges.addItem(presenter.charge_label(charge, hub.settings.date_style), charge.id)
        self.kit.add_row(self.form, "charge", "請求", charges)
        self.add_charge_button = self._button("請求を登録…", "addChargeButton", self.open_charge_dialog)
        self.form.addRow("", self.add_charge_button)
        self.kit.add_row(self.form, "paid_date", "入金日", DateEdit("入金日", required=True))
        self.kit.add_row(self.form, "amount", "入金額（税込）", MoneyEdit("入金額", required=True, positive=True))
        self.kit.set_value("paid_date", typed_form(hub.today()))
        if self.open_charges:
            self.kit.set_value("amount", f"{self.open_charges[0].balance:,}")
        else:
            self.action_button.setEnabled(False)
        self.finish_building()

    def open_charge_dialog(self) -> ChargeDialog:
        """A new charge; once it is saved the list offers it (and its balance as the amount)."""
        dialog = ChargeDialog(self.hub, self.brief, self)
        dialog.accepted.connect(self.reload_charges)
        dialog.open()
        return dialog

    def reload_charges(self) -> None:
        self.brief = contract_brief(self.hub.engine, self.brief.id)
        self.open_charges = [c for c in self.brief.charges if c.balance > 0]
        combo = self.kit.fields["charge"]
        assert isinstance(combo, QComboBox)
        combo.clear()
        for charge in self.open_charges:
            combo.addItem(presenter.charge_label(charge, self.hub.settings.date_style), charge.id)
        self.action_button.setEnabled(bool(self.open_charges))
        if self.open_charges:
            index = len(self.open_charges) - 1
            self.kit.set_value("charge", index)

    def charge(self) -> ChargeBrief | None:
        combo = self.kit.fields["charge"]
        assert isinstance(combo, QComboBox)
        index = combo.currentIndex()
        return self.open_charges[index] if 0 <= index < len(self.open_charges) else None

    def on_change(self, name: str) -> None:
        charge = self.charge()
        if name == "charge" and charge is not None:
            self.kit.set_value("amount", f"{charge.balance:,}")
            return
        if not self.open_charges:
            self.notes.setText("残高のある請求はありません。")
            return
        self.notes.setText("\n".join(presenter.interest_lines(charge, self.kit.text("paid_date"),
                                                             self.kit.text("amount"), self.hub.settings.date_style)))

    def save(self) -> None:
        presenter.save_payment(self.hub.engine, self.hub.context(), self.charge(), self.kit.text("paid_date"),
                               self.kit.text("amount"))


def open_payment(window: QWidget, contract_id: int) -> FormDialog:
    hub: Hub = getattr(window, "hub")
    return open_dialog(PaymentDialog(hub, contract_brief(hub.engine, contract_id), window))
