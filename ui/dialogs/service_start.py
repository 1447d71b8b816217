"""サービス開始: the service start date (and the term end the provider notified, 9.2). Refused
until all four prerequisites of Art 7 are confirmed; the preview shows the first month, the
minimum term and the first non-renewal deadline for the typed date."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.preview import compute_preview
from app.usecases.form_data import ContractBrief, contract_brief
from ui.dialogs.base import FormDialog, open_dialog
from ui.hub import Hub
from ui.presenters import contract_forms as presenter
from ui.presenters.form_input import reading_of
from ui.widgets.date_edit import DateEdit, typed_form


class ServiceStartDialog(FormDialog):
    title = "サービス開始日の記録"
    action_text = "開始日を記録"

    def __init__(self, hub: Hub, brief: ContractBrief, parent: QWidget | None = None) -> None:
        super().__init__(hub, parent, preview=True)
        self.brief = brief
        self.heading.setText(f"{brief.title}　本サービス開始日を記録します")
        self.kit.add_row(self.form, "start_date", "サービス開始日", DateEdit("サービス開始日", required=True))
        self.kit.add_row(self.form, "term_end", "契約期間の満了日（通知済みの場合）", DateEdit("契約期間の満了日"))
        if brief.start_date is not None:
            self.notes.setText(f"サービス開始日は記録済みです（{brief.start_date.isoformat()}）。")
            self.action_button.setEnabled(False)
        elif brief.missing_prerequisites:
            self.notes.setText("前提条件が確認できていないため、サービス開始日は記録できません:\n"
                               + "\n".join(brief.missing_prerequisites))
            self.notes.setStyleSheet("color: #b00020;")
            self.action_button.setEnabled(False)
        else:
            self.notes.setText("契約期間の満了日を入力しない場合は最低利用期間を用い、「期間未確定」として扱います。")
            self.kit.set_value("start_date", typed_form(hub.today()))
        self.finish_building()

    def on_change(self, _name: str) -> None:
        assert self.preview is not None
        form = presenter.start_fee_form(self.brief, self.kit.text("start_date"), self.kit.text("term_end"),
                                        self.hub.today(), reading_of(self.hub.settings))
        self.preview.show_preview(compute_preview(form), self.hub.settings.date_style)

    def save(self) -> None:
        presenter.save_service_start(self.hub.engine, self.hub.context(), self.brief.id, self.kit.text("start_date"),
                                     self.kit.text("term_end"))


def open_service_start(window: QWidget, contract_id: int) -> FormDialog:
    hub: Hub = getattr(window, "hub")
    return open_dialog(ServiceStartDialog(hub, contract_brief(hub.engine, contract_id), window))
