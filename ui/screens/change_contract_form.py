"""変更契約 (Art 10): effective month, new monthly fee, an initial fee at the quoted amount for a
relocation or configuration change (entered, never added by itself), description. The preview
beside it shows the billing of the months around the change and flags a change starting in the
pro-rated first month or naming work the terms exclude (Art 6)."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from app.preview import compute_preview
from app.usecases.form_data import ContractBrief, contract_brief
from ui.dialogs.base import FormDialog, open_dialog
from ui.hub import Hub
from ui.presenters import contract_forms as presenter
from ui.presenters.contract_forms import ChangeValues
from ui.presenters.form_input import reading_of
from ui.widgets.date_edit import DateEdit, typed_form
from ui.widgets.money_edit import MoneyEdit


class ChangeContractDialog(FormDialog):
    title = "変更契約"
    action_text = "変更契約を記録"

    def __init__(self, hub: Hub, brief: ContractBrief, parent: QWidget | None = None) -> None:
        super().__init__(hub, parent, preview=True)
        self.brief = brief
        self.warnings: tuple[str, ...] = ()
        self.heading.setText(f"{brief.title}　変更契約（第10条）を記録します")
        self.kit.add_row(self.form, "requested_date", "変更の申込日", DateEdit("変更の申込日", required=True))
        self.kit.add_row(self.form, "accepted_date", "承諾日", DateEdit("承諾日", required=True))
        month = QLineEdit()
        month.setPlaceholderText("2025-11 または 令和7年11月")
        self.kit.add_row(self.form, "effective_month", "変更後サービスの開始月", month)
        self.kit.add_row(self.form, "new_monthly_fee", "変更後の月額費用（税抜）",
                         MoneyEdit("変更後の月額費用", required=True, positive=True))
        self.kit.add_row(self.form, "one_time_fee", "初期費用（見積額・移設や設定変更の場合）", MoneyEdit("初期費用"))
        self.kit.add_row(self.form, "description", "変更内容", QLineEdit())
        self.notes.setText("変更後の月額費用は、変更後のサービスを開始した月の全体に適用されます（日割なし）。"
                           "初期費用は見積額を入力した場合だけ請求されます。")
        today = typed_form(hub.today())
        self.kit.set_value("requested_date", today)
        self.kit.set_value("accepted_date", today)
        self.finish_building()

    def values(self) -> ChangeValues:
        return ChangeValues(*(self.kit.text(n) for n in ("requested_date", "accepted_date", "effective_month",
                                                          "new_monthly_fee", "one_time_fee", "description")))

    def on_change(self, _name: str) -> None:
        assert self.preview is not None
        form = presenter.change_fee_form(self.brief, self.values(), self.hub.today(), reading_of(self.hub.settings))
        self.preview.show_preview(compute_preview(form), self.hub.settings.date_style)

    def confirmation(self) -> str:
        preview = self.preview.preview if self.preview is not None else None
        if preview is not None and preview.flags:
            return "次の点を確認してください:\n" + "\n".join(preview.flags) + "\nこのまま記録しますか？"
        return ""

    def save(self) -> None:
        self.warnings = presenter.save_change(self.hub.engine, self.hub.context(), self.brief, self.values())


def open_change_contract(window: QWidget, contract_id: int) -> FormDialog:
    hub: Hub = getattr(window, "hub")
    return open_dialog(ChangeContractDialog(hub, contract_brief(hub.engine, contract_id), window))
