"""催告: a written cure notice sent (16.1; 30 days from the day after dispatch) and, later, the
breach cured. The cure period's last day and the first day the provider may terminate show as
the dispatch date is typed."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.formatting import format_date
from app.usecases.form_data import ContractBrief, contract_brief
from ui.dialogs.base import FormDialog, open_dialog
from ui.hub import Hub
from ui.presenters import contract_forms as presenter
from ui.widgets.date_edit import DateEdit, typed_form


class CureNoticeDialog(FormDialog):
    title = "是正催告の発送"
    action_text = "発送を記録"

    def __init__(self, hub: Hub, brief: ContractBrief, parent: QWidget | None = None) -> None:
        super().__init__(hub, parent)
        self.brief = brief
        self.heading.setText(f"{brief.title}　書面による是正催告（第16条第1項）を記録します")
        self.kit.add_row(self.form, "dispatched_date", "発送日", DateEdit("発送日", required=True))
        self.kit.add_row(self.form, "breach", "違反の内容", QLineEdit())
        self.kit.set_value("dispatched_date", typed_form(hub.today()))
        if brief.open_cures:
            self.cured_button = self._button(f"是正を記録…（是正期間中の催告 {len(brief.open_cures)}件）", "curedButton",
                                             self.open_cured)
            self.form.addRow("", self.cured_button)
        self.finish_building()

    def open_cured(self) -> FormDialog:
        """The breach of an open cure notice was cured: record it (this dialog closes without asking)."""
        parent = self.parentWidget()
        dialog = open_dialog(CureDoneDialog(self.hub, self.brief, parent))
        if not self.kit.dirty:
            self.reject()
        return dialog

    def on_change(self, _name: str) -> None:
        self.notes.setText("\n".join(presenter.cure_lines(self.kit.text("dispatched_date"),
                                                         self.hub.settings.date_style)))

    def save(self) -> None:
        presenter.save_cure_notice(self.hub.engine, self.hub.context(), self.brief, self.kit.text("dispatched_date"),
                                   self.kit.text("breach"))


class CureDoneDialog(FormDialog):
    title = "違反の是正"
    action_text = "是正を記録"

    def __init__(self, hub: Hub, brief: ContractBrief, parent: QWidget | None = None) -> None:
        super().__init__(hub, parent)
        self.brief = brief
        self.heading.setText(f"{brief.title}　是正催告の違反が是正されたことを記録します")
        cures = QComboBox()
        style = hub.settings.date_style
        for cure in brief.open_cures:
            cures.addItem(f"{format_date(cure.dispatched_date, style)}発送　{cure.breach}"
                          f"（是正期限 {format_date(cure.cure_deadline, style)}）", cure.id)
        self.kit.add_row(self.form, "cure", "是正催告", cures)
        self.kit.add_row(self.form, "cured_date", "是正日", DateEdit("是正日", required=True))
        self.kit.set_value("cured_date", typed_form(hub.today()))
        if not brief.open_cures:
            self.notes.setText("是正期間中の催告はありません。")
            self.action_button.setEnabled(False)
        self.finish_building()

    def save(self) -> None:
        combo = self.kit.fields["cure"]
        assert isinstance(combo, QComboBox)
        cure_id = combo.currentData()
        presenter.save_cure(self.hub.engine, self.hub.context(), int(cure_id) if cure_id is not None else None,
                            self.kit.text("cured_date"))


def open_cure_notice(window: QWidget, contract_id: int) -> FormDialog:
    """The action bar's 催告: send a cure notice; with one open, the dialog also offers 是正を記録."""
    hub: Hub = getattr(window, "hub")
    return open_dialog(CureNoticeDialog(hub, contract_brief(hub.engine, contract_id), window))
