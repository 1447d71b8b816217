"""Screenshots of the forms (issue 10) for docs/screenshots/: `python scripts/screenshots_forms.py`.

Offscreen, on a throw-away database filled through the use cases, with a fixed clock
(2025-09-10), at 1366×768 for the 申込 screen and at their own size for the dialogs (as they
open on a 1366×768 screen). `capture_forms(out_dir)` is what scripts/screenshots.py calls.
"""
from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1366, 768)
TODAY = date(2025, 9, 10)


def _type(edit: object, text: str) -> None:
    edit.setText(text)  # type: ignore[attr-defined]
    edit.textEdited.emit(text)  # type: ignore[attr-defined]
    edit.editingFinished.emit()  # type: ignore[attr-defined]


def capture_forms(out_dir: Path) -> list[Path]:
    from PySide6.QtWidgets import QApplication, QWidget

    from app.models import ChargeKind, Prerequisite
    from app.settings import Settings
    from app.store.database import open_database
    from app.store.paths import path_to_url
    from app.usecases import contracts, payments, screening
    from app.usecases.context import JST
    from app.usecases.customers import CustomerInput
    from app.usecases.form_data import contract_brief
    from ui.app import create_application
    from ui.dialogs.cure import CureNoticeDialog
    from ui.dialogs.payment import PaymentDialog
    from ui.dialogs.provider_termination import ProviderTerminationDialog
    from ui.dialogs.service_start import ServiceStartDialog
    from ui.dialogs.termination_notice import TerminationNoticeDialog
    from ui.hub import Hub
    from ui.screens.application_form import ApplicationFormScreen
    from ui.screens.change_contract_form import ChangeContractDialog
    from ui.screens.customer_edit import CustomerEditDialog

    app = create_application([])
    assert isinstance(app, QApplication)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="forms-shots-"))
    settings = Settings(user_name="山田 太郎")
    database = open_database(path_to_url(work / "shots.db"), backup_count=settings.backup_count, now=datetime(2025, 9, 10, 9))
    engine = database.engine
    hub = Hub(settings, clock=lambda: datetime(2025, 9, 10, 10, 0, tzinfo=JST))
    hub.set_workspace(SimpleNamespace(database=database, settings=settings))  # type: ignore[arg-type]
    ctx = hub.context()

    def contract(company: str, kana: str, start: date | None, fee: int = 50_000) -> int:
        customer = CustomerInput(company, kana, department="情報システム部", contact_person="鈴木 一郎",
                                 postal_code="100-0005", address="東京都千代田区丸の内1-1-1")
        application = screening.submit_application(engine, ctx, customer, date(2025, 4, 1), monthly_fee=fee,
                                                   initial_fee=100_000)
        screening.record_prerequisite_check(engine, ctx, application, {n: Prerequisite.MET for n in (1, 2, 3, 4)})
        contract_id = screening.accept_application(engine, ctx, application, date(2025, 4, 1))
        if start is not None:
            contracts.record_service_start(engine, ctx, contract_id, start)
        return contract_id

    running = contract("株式会社テスト商事", "テストショウジ", date(2025, 4, 15))
    waiting = contract("株式会社みなと物流", "ミナトブツリュウ", None, 80_000)
    payments.add_charge(engine, ctx, running, ChargeKind.MONTHLY, 330_000, date(2025, 5, 31),
                        description="2025年5月分 月額費用（税込）")

    saved: list[Path] = []

    def shot(widget: QWidget, name: str, size: tuple[int, int] | None = None) -> None:
        if size is not None:
            widget.resize(*size)
        widget.show()
        for _ in range(3):
            app.processEvents()
        path = out_dir / name
        widget.grab().save(str(path))
        saved.append(path)
        widget.hide()

    # 申込 in the main window: a preview with numbers, then a field error
    from ui.main_window import MainWindow

    window = MainWindow(hub, version="screenshot")
    window.resize(*SIZE)
    form = window.show_screen("applications")
    assert isinstance(form, ApplicationFormScreen)
    form.new_item()
    values = {"company_name": "株式会社さくら精機", "company_kana": "サクラセイキ", "department": "総務部",
              "contact_person": "佐藤 花子", "postal_code": "530-0001", "address": "大阪府大阪市北区梅田1-2-3",
              "phone": "06-1234-5678", "email": "sato@sakura.example.jp", "requested_start": "令和7年10月15日",
              "monthly_fee": "５０，０００円", "initial_fee": "¥100,000"}
    for name, text in values.items():
        _type(form.kit.fields[name], text)
    shot(window, "forms_application_preview.png", SIZE)
    _type(form.kit.fields["monthly_fee"], "5万")
    _type(form.kit.fields["postal_code"], "5300001")
    form.submit_button.click()
    shot(window, "forms_application_field_error.png", SIZE)
    _type(form.kit.fields["monthly_fee"], "50,000")
    _type(form.kit.fields["postal_code"], "530-0001")
    form.submit_button.click()
    for number in (1, 2, 3):
        combo = form.kit.fields[f"answer_{number}"]
        combo.setCurrentIndex(1)  # type: ignore[union-attr]
        combo.activated.emit(1)  # type: ignore[union-attr]
    _type(form.kit.fields["confirmed_by"], "佐藤 花子")
    form.check_button.click()
    form.kit.fields["override"].click()  # type: ignore[union-attr]
    area = form.screening_group.parentWidget()
    while area is not None and not hasattr(area, "ensureWidgetVisible"):
        area = area.parentWidget()
    if area is not None:
        area.ensureWidgetVisible(form.accept_button, 50, 200)  # type: ignore[attr-defined]
    shot(window, "forms_application_screening.png", SIZE)
    form.kit.mark_saved()
    window.close()

    def dialog(widget: QWidget, name: str, fields: dict[str, str], press: bool = False) -> None:
        for field_name, text in fields.items():
            _type(widget.kit.fields[field_name], text)  # type: ignore[attr-defined]
        if press:
            widget.kit.confirm_with = lambda _parent, _text: False  # type: ignore[attr-defined]
            widget.action_button.click()  # type: ignore[attr-defined]
        shot(widget, name)

    brief = contract_brief(engine, running)
    dialog(ChangeContractDialog(hub, brief), "forms_change_contract.png",
           {"effective_month": "令和7年11月", "new_monthly_fee": "60,000", "one_time_fee": "30,000",
            "description": "設置場所の移動に伴う設定変更"})
    dialog(TerminationNoticeDialog(hub, brief), "forms_termination_notice.png",
           {"notice_date": "2025/9/10", "requested_end": "2025/10/31"})
    dialog(TerminationNoticeDialog(hub, brief), "forms_termination_refused.png",
           {"notice_date": "2025/9/10", "requested_end": "2025/10/9"}, press=True)
    dialog(CustomerEditDialog(hub, 1), "forms_customer_edit.png", {"postal_code": "1000005"}, press=True)
    dialog(CureNoticeDialog(hub, brief), "forms_cure_notice.png",
           {"dispatched_date": "2025/9/1", "breach": "月額費用の支払遅延（5月分）"})
    dialog(ProviderTerminationDialog(hub, brief), "forms_provider_termination.png", {"termination_date": "2025/9/10"})
    dialog(PaymentDialog(hub, brief), "forms_payment.png", {"paid_date": "2025/7/15", "amount": "100,000"})
    dialog(ServiceStartDialog(hub, contract_brief(engine, waiting)), "forms_service_start.png",
           {"start_date": "2025/9/16", "term_end": "2026/3/31"}, press=True)
    database.close()
    return saved


if __name__ == "__main__":
    for written in capture_forms(ROOT / "docs" / "screenshots"):
        print(written.relative_to(ROOT))
