"""解約通知の受領: the customer's notice (9.3 non-renewal or 9.4 early termination). The preview shows
the earliest and latest allowed end and the penalty as the user types; a refused end names the
allowed date exactly as the command line does, and nothing is written."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from app.preview import compute_preview
from app.usecases.form_data import ContractBrief, contract_brief
from ui.dialogs.base import FormDialog, open_dialog
from ui.hub import Hub
from ui.presenters import contract_forms as presenter
from ui.presenters.contract_forms import TerminationValues
from ui.presenters.form_input import reading_of
from ui.widgets.date_edit import DateEdit, typed_form


class TerminationNoticeDialog(FormDialog):
    title = "解約通知の受領"
    action_text = "受領を記録…"

    def __init__(self, hub: Hub, brief: ContractBrief, parent: QWidget | None = None) -> None:
        super().__init__(hub, parent, preview=True)
        self.brief = brief
        self.heading.setText(f"{brief.title}　お客様からの解約・更新しない旨の通知を記録します")
        self.kit.add_row(self.form, "notice_date", "通知の到達日", DateEdit("通知の到達日", required=True))
        self.kit.add_row(self.form, "requested_end", "終了希望日（最終利用日）", DateEdit("終了希望日", required=True))
        self.kit.add_row(self.form, "penalty_due", "違約金の支払期日（任意）", DateEdit("違約金の支払期日"))
        self.kit.add_row(self.form, "note", "備考", QLineEdit())
        self.notes.setText("通知は到達した日が基準です（民法97条）。到達後の撤回には当社の同意が必要です。")
        self.kit.set_value("notice_date", typed_form(hub.today()))
        self.finish_building()

    def values(self) -> TerminationValues:
        return TerminationValues(self.kit.text("notice_date"), self.kit.text("requested_end"),
                                 self.kit.text("penalty_due"), self.kit.text("note"))

    def on_change(self, _name: str) -> None:
        assert self.preview is not None
        form = presenter.termination_fee_form(self.brief, self.values(), self.hub.today(),
                                              reading_of(self.hub.settings))
        self.preview.show_preview(compute_preview(form), self.hub.settings.date_style)

    def confirmation(self) -> str:
        check = presenter.check_termination(self.brief, self.values(), reading_of(self.hub.settings))
        return presenter.termination_question(check, self.hub.settings.date_style)

    def save(self) -> None:
        presenter.save_termination(self.hub.engine, self.hub.context(), self.brief, self.values())


def open_termination_notice(window: QWidget, contract_id: int) -> FormDialog:
    hub: Hub = getattr(window, "hub")
    return open_dialog(TerminationNoticeDialog(hub, contract_brief(hub.engine, contract_id), window))
