"""The 申込 screen without widgets: the application's values, the screening step as the use cases'
state machine shows it (app.usecases.screening.assess), and the calls that write.

The presenter holds no state machine of its own: which buttons are enabled comes from the
stored application's `Assessment` (allowed actions, open prerequisites) plus what the user has
typed but not yet recorded.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine

from app.models import Prerequisite
from app.preview import FeeForm
from app.terms.profile import NoticeReading
from app.usecases import contracts, screening
from app.usecases.context import UseCaseContext
from app.usecases.customers import CustomerInput
from app.usecases.errors import ValidationError
from app.usecases.form_data import ApplicationBrief
from app.usecases.prerequisites import PREREQUISITES
from app.usecases.screening import ACTION_LABELS, REFUSAL_REASONS, Action
from ui.presenters.form_input import FORM, FormErrors, Reader, from_use_case

CUSTOMER_FIELDS = ("company_name", "company_kana", "department", "contact_person", "honorific", "postal_code",
                   "address", "phone", "email")
CUSTOMER_LABELS = {
    "company_name": "会社名", "company_kana": "フリガナ", "department": "部署", "contact_person": "ご担当者",
    "honorific": "敬称", "postal_code": "郵便番号", "address": "住所（請求書送付先）", "phone": "電話番号",
    "email": "メールアドレス",
}
APPLICATION_LABELS = {"received_date": "申込書の到達日", "requested_start": "希望開始日", "monthly_fee": "月額費用",
                      "initial_fee": "初期費用"}
DEVICE_FIELDS = ("maker", "model", "serial", "site_address")
DEVICE_LABELS = {"maker": "種別・メーカー", "model": "機種", "serial": "シリアル番号", "site_address": "設置場所"}
ANSWER_CHOICES: tuple[tuple[Prerequisite, str], ...] = (
    (Prerequisite.UNCHECKED, "未確認"), (Prerequisite.MET, "確認済（充足）"), (Prerequisite.UNMET, "満たしていない"),
)


@dataclass(frozen=True)
class Device:
    maker: str
    model: str
    serial: str = ""
    site_address: str = ""


@dataclass(frozen=True)
class ApplicationValues:
    """The application part of the form as typed."""

    customer: Mapping[str, str]  # CUSTOMER_FIELDS -> text
    received_date: str = ""
    requested_start: str = ""
    monthly_fee: str = ""
    initial_fee: str = ""
    customer_id: int | None = None  # an existing customer picked from the matches
    devices: tuple[Device, ...] = ()


def fee_form(values: ApplicationValues, today: date, reading: NoticeReading | None = None) -> FeeForm:
    """What the live preview computes from: the requested start and the fees."""
    return FeeForm(today=today, start=values.requested_start, monthly_fee=values.monthly_fee,
                   initial_fee=values.initial_fee, reading=reading)


DEVICE_LIMITS = {"maker": 100, "model": 100, "serial": 100, "site_address": 500}


def check_devices(reader: Reader, devices: tuple[Device, ...]) -> None:
    """The device rows as add_managed_device will take them (checked before anything is written)."""
    for index, device in enumerate(devices, start=1):
        if not device.maker.strip() or not device.model.strip():
            reader.fail("devices", f"対象機器 {index} 行目: 種別・メーカーと機種を入力してください")
        for name, limit in DEVICE_LIMITS.items():
            if len(getattr(device, name).strip()) > limit:
                reader.fail("devices", f"対象機器 {index} 行目: {DEVICE_LABELS[name]}は{limit}文字以内で入力してください")


def customer_input(values: ApplicationValues) -> CustomerInput:
    return CustomerInput(**{name: values.customer.get(name, "") for name in CUSTOMER_FIELDS})


def submit(engine: Engine, ctx: UseCaseContext, values: ApplicationValues) -> int:
    """Record the application (and the new customer); returns its id. FormErrors on bad input."""
    reader = Reader()
    received = reader.day("received_date", values.received_date, APPLICATION_LABELS["received_date"], required=True)
    start = reader.day("requested_start", values.requested_start, APPLICATION_LABELS["requested_start"])
    monthly = reader.yen("monthly_fee", values.monthly_fee, "月額費用", required=True, positive=True)
    initial = reader.yen("initial_fee", values.initial_fee, "初期費用")
    if values.customer_id is None:
        try:
            customer_input(values).validated()
        except ValidationError as error:
            reader.fail(error.field or "company_name", error.message)
    check_devices(reader, values.devices)
    reader.check()
    assert received is not None and monthly is not None
    customer: CustomerInput | int = values.customer_id if values.customer_id is not None else customer_input(values)
    try:
        return screening.submit_application(engine, ctx, customer, received, monthly_fee=monthly,
                                            initial_fee=initial or 0, requested_start=start)
    except ValidationError as error:
        raise from_use_case(error) from error


# --- the screening step ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ScreeningValues:
    answers: Mapping[int, Prerequisite] = field(default_factory=dict)
    notes: Mapping[int, str] = field(default_factory=dict)
    confirmed_by: str = ""
    confirmed_on: str = ""
    reasons: tuple[int, ...] = ()
    refusal_note: str = ""
    decision_date: str = ""
    override: bool = False
    override_note: str = ""
    start_date: str = ""
    term_end: str = ""


@dataclass(frozen=True)
class ScreeningView:
    """What the screening part shows for the stored application and the values typed."""

    status_text: str
    warnings: tuple[str, ...]
    can_submit: bool  # the application part (no application recorded yet)
    can_check: bool
    answers_unsaved: bool
    can_accept: bool
    needs_override: bool
    accept_hint: str
    can_refuse: bool
    can_withdraw: bool
    can_start_service: bool
    start_hint: str
    suggested_reasons: tuple[int, ...]


def screening_view(brief: ApplicationBrief | None, values: ScreeningValues) -> ScreeningView:
    if brief is None:
        return ScreeningView("未登録（申込を登録すると審査に進めます）", (), True, False, False, False, False,
                             "", False, False, False, "", ())
    assessment = brief.assessment
    allowed = assessment.allowed
    unsaved = any(values.answers.get(n, brief.answers[n]) != brief.answers[n] for n in PREREQUISITES)
    accept_hint = ""
    can_accept = Action.ACCEPT in allowed and not unsaved
    if Action.ACCEPT in allowed and unsaved:
        accept_hint = "前提条件の確認内容を先に記録してください"
    elif Action.ACCEPT in allowed and assessment.needs_override:
        open_items = "、".join(f"({n})" for n in assessment.unmet + assessment.unchecked)
        accept_hint = f"前提条件{open_items}が確認できていません。承諾するには「確認できていないまま承諾する」を選び、理由を入力してください"
        can_accept = values.override
    started = brief.service_start is not None
    can_start = brief.contract_id is not None and not started and assessment.can_start_service and not unsaved
    start_hint = "" if brief.contract_id is not None else "承諾して契約が成立すると記録できます"
    if brief.contract_id is not None and not started and not assessment.can_start_service:
        start_hint = "前提条件(1)〜(4)がすべて確認できるまでサービス開始日は記録できません"
    elif started and brief.service_start is not None:
        start_hint = f"サービス開始日は記録済みです（{brief.service_start.isoformat()}）"
    steps = "・".join(ACTION_LABELS[action] for action in allowed)
    status = f"状態: {brief.status_label}　次にできること: {steps or 'なし（審査は終了しています）'}"
    if brief.contract_number:
        status += f"　契約番号 {brief.contract_number}"
    return ScreeningView(
        status_text=status, warnings=assessment.warnings, can_submit=False,
        can_check=Action.CHECK in allowed, answers_unsaved=unsaved, can_accept=can_accept,
        needs_override=assessment.needs_override and Action.ACCEPT in allowed, accept_hint=accept_hint,
        can_refuse=Action.REFUSE in allowed, can_withdraw=Action.WITHDRAW in allowed, can_start_service=can_start,
        start_hint=start_hint, suggested_reasons=assessment.suggested_reasons,
    )


def record_checks(engine: Engine, ctx: UseCaseContext, application_id: int, values: ScreeningValues) -> None:
    reader = Reader()
    on = reader.day("confirmed_on", values.confirmed_on, "確認日")
    by = reader.text("confirmed_by", values.confirmed_by, "確認者", max_length=100)
    reader.check()
    try:
        screening.record_prerequisite_check(engine, ctx, application_id, dict(values.answers), confirmed_by=by,
                                            confirmed_on=on, notes=dict(values.notes))
    except ValidationError as error:
        raise from_use_case(error, {column: f"answer_{n}" for n, (column, _) in PREREQUISITES.items()}) from error


def _decision_date(reader: Reader, values: ScreeningValues) -> date | None:
    return reader.day("decision_date", values.decision_date, "判断日（承諾日）", required=True)


def accept(engine: Engine, ctx: UseCaseContext, brief: ApplicationBrief, values: ScreeningValues,
           devices: tuple[Device, ...] = ()) -> int:
    """承諾; with a prerequisite open only when the override is chosen and its note given. Returns the contract id.

    The device rows are checked first, so that their registration after the acceptance cannot fail on input.
    """
    reader = Reader()
    check_devices(reader, devices)
    day = _decision_date(reader, values)
    note = ""
    if brief.assessment.needs_override:
        if not values.override:
            reader.fail(FORM, "前提条件が確認できていないため、承諾するには明示的な上書きが必要です")
        note = reader.text("override_note", values.override_note, "承諾の理由", required=True, max_length=500)
    reader.check()
    assert day is not None
    try:
        return screening.accept_application(engine, ctx, brief.id, day, override_note=note)
    except ValidationError as error:
        raise from_use_case(error, {"decision_date": "decision_date", "accepted_date": "decision_date"}) from error


def refuse(engine: Engine, ctx: UseCaseContext, brief: ApplicationBrief, values: ScreeningValues) -> None:
    reader = Reader()
    day = _decision_date(reader, values)
    if not values.reasons:
        reader.fail("reasons", "謝絶には第4条の事由(1)〜(5)を一つ以上選んでください")
    note = reader.text("refusal_note", values.refusal_note, "謝絶の補足", max_length=2000)
    reader.check()
    assert day is not None
    try:
        screening.refuse_application(engine, ctx, brief.id, day, values.reasons, note=note)
    except ValidationError as error:
        raise from_use_case(error, {"refusal_reasons": "reasons"}) from error


def withdraw(engine: Engine, ctx: UseCaseContext, brief: ApplicationBrief, values: ScreeningValues) -> None:
    reader = Reader()
    day = _decision_date(reader, values)
    note = reader.text("refusal_note", values.refusal_note, "取下げの補足", max_length=2000)
    reader.check()
    assert day is not None
    try:
        screening.withdraw_application(engine, ctx, brief.id, day, note=note)
    except ValidationError as error:
        raise from_use_case(error) from error


def register_devices(engine: Engine, ctx: UseCaseContext, contract_id: int, devices: tuple[Device, ...]) -> int:
    """The devices typed on the form become the contract's managed devices (after acceptance)."""
    done = 0
    for device in devices:
        try:
            contracts.add_managed_device(engine, ctx, contract_id, maker=device.maker, model=device.model,
                                         serial=device.serial, site_address=device.site_address)
        except ValidationError as error:
            raise FormErrors({"devices": f"対象機器 {done + 1} 行目: {error.message}"}) from error
        done += 1
    return done


def refusal_choices() -> tuple[tuple[int, str], ...]:
    return tuple((n, f"({n}) {text}") for n, text in REFUSAL_REASONS.items())


def prerequisite_choices() -> tuple[tuple[int, str], ...]:
    return tuple((n, f"({n}) {label}") for n, (_column, label) in PREREQUISITES.items())
