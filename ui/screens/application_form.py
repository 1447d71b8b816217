"""申込: record an application (customer new or found as you type, fees, devices) and screen it
(Art 7 prerequisites with who/when/note, Art 4 reasons; accept, refuse, withdraw), then record
the service start. The screening buttons follow app.usecases.screening's state machine
(ui/presenters/application_form.py); the fee preview beside the form updates on every edit."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models import Prerequisite
from app.preview import compute_preview
from app.usecases.customer_edit import CustomerMatch, find_customers, load_customer
from app.usecases.errors import ValidationError
from app.usecases.form_data import ApplicationBrief, application_brief, open_applications
from ui.hub import Hub, NoWorkspace
from ui.presenters import application_form as presenter
from ui.presenters.application_form import (
    ANSWER_CHOICES,
    APPLICATION_LABELS,
    CUSTOMER_FIELDS,
    CUSTOMER_LABELS,
    DEVICE_FIELDS,
    DEVICE_LABELS,
    ApplicationValues,
    Device,
    ScreeningValues,
)
from ui.presenters.contract_forms import save_service_start
from ui.presenters.form_input import FormErrors, reading_of, storage_message
from ui.widgets.date_edit import DateEdit, typed_or_empty
from ui.widgets.fee_preview import FeePreviewPanel
from ui.widgets.form_undo import FormKit
from ui.widgets.money_edit import MoneyEdit
from ui.workers import run_in_background

PREVIEW_FIELDS = {"requested_start", "monthly_fee", "initial_fee", "start_date", "term_end"}
CUSTOMER_SEARCH_DELAY_MS = 150


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAutoDefault(False)
    button.setDefault(False)
    return button


class ApplicationFormScreen(QWidget):
    def __init__(self, hub: Hub, window: QWidget | None = None) -> None:
        super().__init__(window)
        self.hub = hub
        self.setObjectName("applicationForm")
        self.kit = FormKit(self)
        self.brief: ApplicationBrief | None = None
        self.customer_id: int | None = None
        self._matches: list[CustomerMatch] = []
        self._search_serial = 0
        self._search = QTimer(self, singleShot=True, interval=CUSTOMER_SEARCH_DELAY_MS)
        self._search.timeout.connect(self._find_customers)

        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        title = QLabel("申込")
        title.setObjectName("screenTitle")
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(QLabel("受付中の申込:"))
        self.open_list = QComboBox()
        self.open_list.setObjectName("openApplications")
        self.open_list.setMinimumWidth(320)
        self.open_list.activated.connect(self._open_chosen)
        top.addWidget(self.open_list)
        self.new_button = _button("新規申込", "newApplication")
        self.new_button.clicked.connect(self.new_item)
        top.addWidget(self.new_button)
        top.addWidget(self.kit.undo_buttons())
        outer.addLayout(top)

        body = QHBoxLayout()
        outer.addLayout(body, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        page = QWidget()
        scroll.setWidget(page)
        self.page = QVBoxLayout(page)
        body.addWidget(scroll, 3)
        self.preview = FeePreviewPanel(self)
        body.addWidget(self.preview, 2)

        self._build_customer()
        self._build_application()
        self._build_screening()
        self._build_service_start()
        self.page.addWidget(self.kit.form_error)
        self.page.addStretch(1)
        self.kit.changed.connect(self._field_changed)
        self.kit.submit_requested.connect(self._submit_default)
        self.kit.finish()
        self._refresh_state()
        self.update_preview()

    # --- building -----------------------------------------------------------------------------

    def _build_customer(self) -> None:
        group = QGroupBox("お客様（入力すると既存の顧客を検索します）")
        form = QFormLayout(group)
        for name in CUSTOMER_FIELDS:
            label = CUSTOMER_LABELS[name]
            if name == "honorific":
                combo = QComboBox()
                combo.addItems(["様", "御中"])
                self.kit.add_row(form, name, label, combo)
            else:
                self.kit.add_row(form, name, label, QLineEdit())
            if name == "company_name":
                self.matches = QListWidget()
                self.matches.setObjectName("customerMatches")
                self.matches.setMaximumHeight(110)
                self.matches.hide()
                self.matches.itemActivated.connect(self._pick_customer)
                self.matches.itemClicked.connect(self._pick_customer)
                self.matches.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
                form.addRow("", self.matches)
                self.existing = QLabel()
                self.existing.setObjectName("existingCustomer")
                self.existing.hide()
                self.unpick_button = _button("新しい顧客として入力", "unpickCustomer")
                self.unpick_button.hide()
                self.unpick_button.clicked.connect(self._unpick_customer)
                row = QHBoxLayout()
                row.addWidget(self.existing, 1)
                row.addWidget(self.unpick_button)
                form.addRow("", row)
        self.page.addWidget(group)

    def _build_application(self) -> None:
        group = QGroupBox("申込内容")
        form = QFormLayout(group)
        self.kit.add_row(form, "received_date", APPLICATION_LABELS["received_date"],
                         DateEdit(APPLICATION_LABELS["received_date"], required=True))
        self.kit.add_row(form, "requested_start", APPLICATION_LABELS["requested_start"],
                         DateEdit(APPLICATION_LABELS["requested_start"]))
        self.kit.add_row(form, "monthly_fee", "月額費用（税抜）", MoneyEdit("月額費用", required=True, positive=True))
        self.kit.add_row(form, "initial_fee", "初期費用（税抜）", MoneyEdit("初期費用"))
        self.devices = QTableWidget(0, len(DEVICE_FIELDS))
        self.devices.setObjectName("devices")
        self.devices.setHorizontalHeaderLabels([DEVICE_LABELS[n] for n in DEVICE_FIELDS])
        self.devices.horizontalHeader().setStretchLastSection(True)
        self.devices.setMaximumHeight(120)
        self._devices_edited = False
        self.devices.itemChanged.connect(self._device_edited)
        self.kit.extra_dirty.append(lambda: self._devices_edited)
        buttons = QHBoxLayout()
        self.add_device_button = _button("機器を追加", "addDevice")
        self.add_device_button.clicked.connect(self.add_device_row)
        self.remove_device_button = _button("選択した機器を削除", "removeDevice")
        self.remove_device_button.clicked.connect(self._remove_device_row)
        buttons.addWidget(self.add_device_button)
        buttons.addWidget(self.remove_device_button)
        buttons.addStretch(1)
        box = QVBoxLayout()
        box.addWidget(self.devices)
        box.addLayout(buttons)
        self.devices_error = QLabel()
        self.devices_error.setObjectName("error_devices")
        self.devices_error.setStyleSheet("color: #b00020;")
        self.devices_error.hide()
        box.addWidget(self.devices_error)
        self.kit.errors["devices"] = self.devices_error
        form.addRow("対象機器（承諾時に登録）", box)
        self.submit_button = _button("申込を登録", "submitApplication")
        self.submit_button.clicked.connect(self.submit)
        form.addRow("", self.submit_button)
        self.page.addWidget(group)

    def _build_screening(self) -> None:
        group = QGroupBox("審査（第7条の前提条件・第4条）")
        self.screening_group = group
        column = QVBoxLayout(group)
        self.status_label = QLabel()
        self.status_label.setObjectName("screeningStatus")
        self.status_label.setStyleSheet("font-weight: bold;")
        column.addWidget(self.status_label)
        self.warnings_label = QLabel()
        self.warnings_label.setObjectName("screeningWarnings")
        self.warnings_label.setStyleSheet("color: #8a5a00;")
        self.warnings_label.setWordWrap(True)
        column.addWidget(self.warnings_label)
        grid = QGridLayout()
        grid.addWidget(QLabel("前提条件"), 0, 0)
        grid.addWidget(QLabel("確認結果"), 0, 1)
        grid.addWidget(QLabel("メモ"), 0, 2)
        for row, (number, text) in enumerate(presenter.prerequisite_choices(), start=1):
            label = QLabel(text)
            label.setWordWrap(True)
            answer = QComboBox()
            for value, title in ANSWER_CHOICES:
                answer.addItem(title, value)
            note = QLineEdit()
            note.setPlaceholderText("確認方法など")
            grid.addWidget(label, row, 0)
            grid.addWidget(answer, row, 1)
            grid.addWidget(note, row, 2)
            self.kit.track(f"answer_{number}", f"前提条件({number})", answer)
            self.kit.track(f"note_{number}", f"前提条件({number})のメモ", note)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        column.addLayout(grid)
        form = QFormLayout()
        self.kit.add_row(form, "confirmed_by", "確認者", QLineEdit())
        self.kit.add_row(form, "confirmed_on", "確認日", DateEdit("確認日"))
        self.check_button = _button("確認内容を記録", "recordChecks")
        self.check_button.clicked.connect(self.record_checks)
        form.addRow("", self.check_button)
        self.kit.add_row(form, "decision_date", "判断日（承諾日）", DateEdit("判断日"))
        self.kit.add_row(form, "override", "上書き", QCheckBox("前提条件が確認できていないまま承諾する"))
        self.kit.add_row(form, "override_note", "承諾の理由（上書き時）", QLineEdit())
        reasons = QWidget()
        reasons_column = QVBoxLayout(reasons)
        reasons_column.setContentsMargins(0, 0, 0, 0)
        for number, text in presenter.refusal_choices():
            box = QCheckBox(text)
            reasons_column.addWidget(box)
            self.kit.track(f"reason_{number}", f"謝絶の事由({number})", box)
        self.reasons_error = QLabel()
        self.reasons_error.setObjectName("error_reasons")
        self.reasons_error.setStyleSheet("color: #b00020;")
        self.reasons_error.hide()
        reasons_column.addWidget(self.reasons_error)
        self.kit.errors["reasons"] = self.reasons_error
        form.addRow("謝絶の事由（第4条）", reasons)
        self.kit.add_row(form, "refusal_note", "謝絶・取下げの補足", QLineEdit())
        column.addLayout(form)
        self.accept_hint = QLabel()
        self.accept_hint.setObjectName("acceptHint")
        self.accept_hint.setWordWrap(True)
        self.accept_hint.setStyleSheet("color: #8a5a00;")
        column.addWidget(self.accept_hint)
        buttons = QHBoxLayout()
        self.accept_button = _button("承諾", "acceptApplication")
        self.accept_button.clicked.connect(self.accept)
        self.refuse_button = _button("謝絶…", "refuseApplication")
        self.refuse_button.clicked.connect(self.refuse)
        self.withdraw_button = _button("取下げ…", "withdrawApplication")
        self.withdraw_button.clicked.connect(self.withdraw)
        for button in (self.accept_button, self.refuse_button, self.withdraw_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.page.addWidget(group)

    def _build_service_start(self) -> None:
        group = QGroupBox("サービス開始")
        form = QFormLayout(group)
        self.kit.add_row(form, "start_date", "サービス開始日", DateEdit("サービス開始日"))
        self.kit.add_row(form, "term_end", "契約期間の満了日（通知済みの場合）", DateEdit("契約期間の満了日"))
        self.start_hint = QLabel()
        self.start_hint.setObjectName("startHint")
        self.start_hint.setWordWrap(True)
        form.addRow("", self.start_hint)
        self.start_button = _button("サービス開始を記録", "recordServiceStart")
        self.start_button.clicked.connect(self.start_service)
        form.addRow("", self.start_button)
        self.page.addWidget(group)

    # --- values -------------------------------------------------------------------------------

    def device_values(self) -> tuple[Device, ...]:
        found = []
        for row in range(self.devices.rowCount()):
            items = [self.devices.item(row, c) for c in range(len(DEVICE_FIELDS))]
            texts = [item.text().strip() if item is not None else "" for item in items]
            if any(texts):
                found.append(Device(*texts))
        return tuple(found)

    def application_values(self) -> ApplicationValues:
        customer = {name: self.kit.text(name) for name in CUSTOMER_FIELDS if name != "honorific"}
        customer["honorific"] = self.kit.fields["honorific"].currentText()  # type: ignore[union-attr]
        return ApplicationValues(customer, self.kit.text("received_date"), self.kit.text("requested_start"),
                                 self.kit.text("monthly_fee"), self.kit.text("initial_fee"), self.customer_id,
                                 self.device_values())

    def screening_values(self) -> ScreeningValues:
        answers: dict[int, Prerequisite] = {}
        notes: dict[int, str] = {}
        for number in range(1, 5):
            combo = self.kit.fields[f"answer_{number}"]
            assert isinstance(combo, QComboBox)
            answers[number] = Prerequisite(combo.currentData())
            notes[number] = self.kit.text(f"note_{number}")
        reasons = tuple(n for n in range(1, 6) if self.kit.value(f"reason_{n}"))
        return ScreeningValues(answers, notes, self.kit.text("confirmed_by"), self.kit.text("confirmed_on"), reasons,
                               self.kit.text("refusal_note"), self.kit.text("decision_date"),
                               bool(self.kit.value("override")), self.kit.text("override_note"),
                               self.kit.text("start_date"), self.kit.text("term_end"))

    # --- live parts ---------------------------------------------------------------------------

    def _field_changed(self, name: str) -> None:
        if name in PREVIEW_FIELDS:
            self.update_preview()
        if name == "company_name" and self.customer_id is None:
            self._search.start()
        self._refresh_state()

    def update_preview(self) -> None:
        values = self.application_values()
        form = presenter.fee_form(values, self.hub.today(), reading_of(self.hub.settings))
        start, term_end = self.kit.text("start_date"), self.kit.text("term_end")
        if start or term_end:
            form = replace(form, start=start or form.start, term_end=term_end)
        self.preview.show_preview(compute_preview(form), self.hub.settings.date_style)

    def _find_customers(self) -> None:
        """The search runs off the GUI thread (a LIKE over every customer); only the latest answer shows."""
        text = self.kit.text("company_name")
        self._search_serial += 1
        if not self.hub.is_ready or not text or self.customer_id is not None:
            self._show_matches([])
            return
        serial, engine = self._search_serial, self.hub.engine

        def shown(found: list[CustomerMatch]) -> None:
            if serial == self._search_serial and self.customer_id is None:
                self._show_matches(found)

        run_in_background(self, lambda _progress: find_customers(engine, text), shown, lambda _error: None)

    def _show_matches(self, found: list[CustomerMatch]) -> None:
        self._matches = found
        self.matches.clear()
        for match in found:
            item = QListWidgetItem(f"既存: {match.label}")
            item.setData(Qt.ItemDataRole.UserRole, match.id)
            self.matches.addItem(item)
        self.matches.setVisible(bool(found))

    def _pick_customer(self, item: QListWidgetItem) -> None:
        self.choose_customer(int(item.data(Qt.ItemDataRole.UserRole)))

    def choose_customer(self, customer_id: int) -> None:
        """Use an existing customer: its values fill the customer part (read only)."""
        data = load_customer(self.hub.engine, customer_id)
        self.customer_id = customer_id
        for name in CUSTOMER_FIELDS:
            value = getattr(data, name)
            self.kit.set_value(name, ["様", "御中"].index(value) if name == "honorific" else value)
            self.kit.fields[name].setEnabled(False)
        self.existing.setText(f"既存の顧客「{data.company_name}」で申込を登録します")
        self.existing.show()
        self.unpick_button.show()
        self.matches.hide()

    def _unpick_customer(self) -> None:
        self.customer_id = None
        for name in CUSTOMER_FIELDS:
            self.kit.fields[name].setEnabled(True)
        self.existing.hide()
        self.unpick_button.hide()

    def _device_edited(self, _item: QTableWidgetItem) -> None:
        self._devices_edited = True

    def add_device_row(self) -> None:
        row = self.devices.rowCount()
        self.devices.insertRow(row)
        for column in range(len(DEVICE_FIELDS)):
            self.devices.setItem(row, column, QTableWidgetItem(""))

    def _remove_device_row(self) -> None:
        row = self.devices.currentRow()
        if row >= 0:
            self.devices.removeRow(row)

    def _refresh_state(self) -> None:
        view = presenter.screening_view(self.brief, self.screening_values())
        self.status_label.setText(view.status_text)
        self.warnings_label.setText("\n".join(view.warnings))
        self.warnings_label.setVisible(bool(view.warnings))
        self.submit_button.setEnabled(view.can_submit)
        for name in (*CUSTOMER_FIELDS, "received_date", "requested_start", "monthly_fee", "initial_fee"):
            self.kit.fields[name].setEnabled(view.can_submit and not (name in CUSTOMER_FIELDS and self.customer_id))
        self.check_button.setEnabled(view.can_check)
        for number in range(1, 5):
            self.kit.fields[f"answer_{number}"].setEnabled(view.can_check)
        self.accept_button.setEnabled(view.can_accept)
        self.kit.fields["override"].setEnabled(view.needs_override)
        self.kit.fields["override_note"].setEnabled(view.needs_override)
        self.accept_hint.setText(view.accept_hint)
        self.accept_hint.setVisible(bool(view.accept_hint))
        self.refuse_button.setEnabled(view.can_refuse)
        self.withdraw_button.setEnabled(view.can_withdraw)
        self.start_button.setEnabled(view.can_start_service)
        self.start_hint.setText(view.start_hint)

    # --- writes -------------------------------------------------------------------------------

    def _run(self, work: object, *, kinds: tuple[str, ...] = ("applications",)) -> bool:
        """Call `work()`; show FormErrors next to their fields; reload the application afterwards."""
        assert callable(work)
        try:
            work()
        except FormErrors as errors:
            self.kit.show_errors(errors.errors)
            return False
        except ValidationError as error:
            self.kit.show_errors({"_form": error.message})
            return False
        except NoWorkspace as error:  # typed before the database finished opening
            self.kit.show_errors({"_form": str(error)})
            return False
        except Exception as error:  # noqa: BLE001 - only storage errors are answered here
            message = storage_message(error)
            if message is None:
                raise
            self.kit.show_errors({"_form": message})
            return False
        self.kit.clear_errors()
        if self.brief is not None:
            self.load(self.brief.id, keep_history=True)
        for kind in kinds:
            self.hub.notify(kind)
        self.kit.mark_saved()
        return True

    def submit(self) -> None:
        values = self.application_values()

        def work() -> None:
            application_id = presenter.submit(self.hub.engine, self.hub.context(), values)
            self.brief = application_brief(self.hub.engine, application_id)

        self._run(work)
        self._reload_open_list()

    def record_checks(self) -> None:
        brief = self.brief
        if brief is None:
            return
        values = self.screening_values()
        self._run(lambda: presenter.record_checks(self.hub.engine, self.hub.context(), brief.id, values))

    def accept(self) -> None:
        brief = self.brief
        if brief is None:
            return
        values = self.screening_values()
        if brief.assessment.needs_override and values.override and not self.kit.confirm(
                "前提条件が確認できていないまま承諾します。監査ログに理由が記録されます。よろしいですか？"):
            return
        devices = self.device_values()

        def work() -> None:
            contract_id = presenter.accept(self.hub.engine, self.hub.context(), brief, values, devices)
            presenter.register_devices(self.hub.engine, self.hub.context(), contract_id, devices)

        if self._run(work, kinds=("applications", "contracts")):
            self.devices.setRowCount(0)
            self._devices_edited = False

    def refuse(self) -> None:
        brief = self.brief
        if brief is None or not self.kit.confirm(f"{brief.company_name}の申込を謝絶します。よろしいですか？"):
            return
        values = self.screening_values()
        self._run(lambda: presenter.refuse(self.hub.engine, self.hub.context(), brief, values))

    def withdraw(self) -> None:
        brief = self.brief
        if brief is None or not self.kit.confirm(f"{brief.company_name}の申込を取下げとして記録します。よろしいですか？"):
            return
        values = self.screening_values()
        self._run(lambda: presenter.withdraw(self.hub.engine, self.hub.context(), brief, values))

    def start_service(self) -> None:
        brief = self.brief
        if brief is None or brief.contract_id is None:
            return
        contract_id = brief.contract_id
        values = self.screening_values()
        self._run(lambda: save_service_start(self.hub.engine, self.hub.context(), contract_id, values.start_date,
                                             values.term_end), kinds=("applications", "contracts"))

    def _submit_default(self) -> None:
        """Ctrl+Enter: the step the form is at (never a half-filled later step)."""
        if self.brief is None:
            self.submit()

    # --- loading, navigation ------------------------------------------------------------------

    def load(self, application_id: int, *, keep_history: bool = False) -> None:
        self.brief = brief = application_brief(self.hub.engine, application_id)
        data = load_customer(self.hub.engine, brief.customer_id)
        self.customer_id = brief.customer_id
        for name in CUSTOMER_FIELDS:
            value = getattr(data, name)
            self.kit.set_value(name, ["様", "御中"].index(value) if name == "honorific" else value)
        self.kit.set_value("received_date", typed_or_empty(brief.received_date))
        self.kit.set_value("requested_start", typed_or_empty(brief.requested_start))
        self.kit.set_value("monthly_fee", f"{brief.monthly_fee:,}")
        self.kit.set_value("initial_fee", f"{brief.initial_fee:,}")
        for number, answer in brief.answers.items():
            combo = self.kit.fields[f"answer_{number}"]
            assert isinstance(combo, QComboBox)
            self.kit.set_value(f"answer_{number}", combo.findData(answer))
        if not self.kit.text("decision_date"):
            self.kit.set_value("decision_date", typed_or_empty(self.hub.today()))
        if not self.kit.text("start_date") and brief.requested_start is not None:
            self.kit.set_value("start_date", typed_or_empty(brief.requested_start))
        self.existing.hide()
        self.unpick_button.hide()
        self.matches.hide()
        if not keep_history:
            self.kit.reset()
        self._reload_open_list()
        self._refresh_state()
        self.update_preview()

    def _open_chosen(self, index: int) -> None:
        application_id = self.open_list.itemData(index)
        if application_id is None or (self.brief is not None and self.brief.id == application_id):
            return
        if not self.kit.may_discard():
            self._select_current_in_list()
            return
        self.load(int(application_id))

    def _select_current_in_list(self) -> None:
        index = self.open_list.findData(self.brief.id if self.brief is not None else None)
        self.open_list.setCurrentIndex(max(index, 0))

    def _reload_open_list(self) -> None:
        self.open_list.blockSignals(True)
        self.open_list.clear()
        self.open_list.addItem("（新規）", None)
        if self.hub.is_ready:
            for brief in open_applications(self.hub.engine):
                self.open_list.addItem(brief.label, brief.id)
        self._select_current_in_list()
        self.open_list.blockSignals(False)

    def new_item(self) -> None:
        """Ctrl+N / 新規申込: an empty form (after the unsaved-changes guard)."""
        if not self.kit.may_discard():
            return
        self.brief = None
        self._unpick_customer()
        for name, widget in self.kit.fields.items():
            self.kit.set_value(name, 0 if isinstance(widget, QComboBox) else False if isinstance(widget, QCheckBox)
                               else "")
        self.kit.set_value("received_date", typed_or_empty(self.hub.today()))
        self.devices.setRowCount(0)
        self._devices_edited = False
        self.kit.reset()
        self._reload_open_list()
        self._refresh_state()
        self.update_preview()
        self.kit.focus("company_name")

    def refresh(self) -> None:
        self._reload_open_list()
        if self.brief is None and not self.kit.text("received_date"):
            self.kit.set_value("received_date", typed_or_empty(self.hub.today()))
            self.kit.reset()

    def can_leave(self) -> bool:
        """The unsaved-changes guard, asked by the window before another screen is shown."""
        return self.kit.may_discard()
