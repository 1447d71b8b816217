"""One contract at a glance, for the contract view: customer, devices and prerequisites, fees in effect
and change contracts, notices, charges with payments and late interest, cure notices, the history and
the timeline. Read only (a read never writes); `today` is an input.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine
from sqlmodel import col, select

from app.labels import CHARGE_KIND_LABELS, NOTICE_DIRECTION_LABELS, NOTICE_KIND_LABELS, PREREQUISITE_LABELS, STATUS_LABELS
from app.models import (
    Application,
    Charge,
    ChargeKind,
    Contract,
    CureNotice,
    Customer,
    ManagedDevice,
    Notice,
    NoticeDirection,
    NoticeKind,
    Payment,
)
from app.store.engine import session_scope
from app.terms.profile import ProfileError
from app.terms.errors import TermsInputError
from app.timeline import Timeline, build_timeline
from app.usecases.contract_terms import change_contracts_of, load_contract_terms
from app.usecases.errors import ValidationError
from app.usecases.payments import accrued_interest
from app.usecases.history import HistoryItem, contract_history
from app.usecases.prerequisites import PREREQUISITES, prerequisite_answers


@dataclass(frozen=True)
class DeviceLine:
    maker: str
    model: str
    serial: str
    site_address: str
    in_japan: bool
    meets_vendor_requirements: bool


@dataclass(frozen=True)
class PrerequisiteLine:
    number: int
    label: str
    answer: str  # 充足 / 不充足 / 未確認


@dataclass(frozen=True)
class ChangeLine:
    accepted_date: date
    effective_month: date
    new_monthly_fee: int
    one_time_fee: int
    description: str


@dataclass(frozen=True)
class NoticeLine:
    notice_date: date
    direction: str  # 受領 / 発送
    kind: str
    requested_end: date | None
    penalty: int
    document_number: str


@dataclass(frozen=True)
class ChargeLine:
    charge_id: int
    kind: str
    description: str
    due_date: date
    amount: int
    paid: int
    last_paid: date | None
    late_interest: int  # accrued through today (or the payment in full)

    @property
    def balance(self) -> int:
        return self.amount - self.paid


@dataclass(frozen=True)
class CureLine:
    dispatched_date: date
    breach: str
    cure_deadline: date
    cured_date: date | None
    closed: bool


@dataclass(frozen=True)
class ContractDetail:
    contract_id: int
    number: str
    status: str  # Japanese label
    status_value: str
    company_name: str
    department: str
    contact_person: str
    honorific: str
    postal_code: str
    address: str
    phone: str
    email: str
    accepted_date: date
    start_date: date | None
    initial_term_end: date | None
    term_confirmed: bool
    current_term_end: date | None
    non_renewal_deadline: date | None
    non_renewal_deadline_strict: date | None
    initial_fee: int
    monthly_fee: int  # at start
    current_monthly_fee: int
    notice_date: date | None
    end_date: date | None
    end_ground: str
    note: str
    devices: list[DeviceLine]
    prerequisites: list[PrerequisiteLine]
    changes: list[ChangeLine]
    notices: list[NoticeLine]
    charges: list[ChargeLine]
    cures: list[CureLine]
    history: list[HistoryItem]
    timeline: Timeline | None  # None before the service start
    timeline_note: str  # why there is no timeline

    @property
    def unpaid_total(self) -> int:
        return sum(c.balance for c in self.charges)

    @property
    def late_interest_total(self) -> int:
        return sum(c.late_interest for c in self.charges)


def contract_detail(engine: Engine, contract_id: int, today: date) -> ContractDetail:
    """Everything the contract view shows; ValidationError for an unknown contract."""
    with session_scope(engine) as session:
        contract = session.get(Contract, contract_id)
        if contract is None:
            raise ValidationError(f"契約（ID {contract_id}）が見つかりません")
        customer = session.get(Customer, contract.customer_id)
        assert customer is not None
        devices = [DeviceLine(d.maker, d.model, d.serial, d.site_address, d.in_japan, d.meets_vendor_requirements)
                   for d in session.exec(select(ManagedDevice).where(ManagedDevice.contract_id == contract_id)
                                         .order_by(ManagedDevice.id))]  # type: ignore[arg-type]
        prerequisites: list[PrerequisiteLine] = []
        if contract.application_id is not None:
            application = session.get(Application, contract.application_id)
            if application is not None:
                answers = prerequisite_answers(application)
                prerequisites = [PrerequisiteLine(n, label, PREREQUISITE_LABELS[answers[n]])
                                 for n, (_column, label) in PREREQUISITES.items()]
        changes_rows = change_contracts_of(session, contract_id)
        changes = [ChangeLine(c.accepted_date, c.effective_month, c.new_monthly_fee, c.one_time_fee, c.description)
                   for c in sorted(changes_rows, key=lambda c: (c.effective_month, c.id or 0))]
        notices = [NoticeLine(n.notice_date, NOTICE_DIRECTION_LABELS[NoticeDirection(n.direction)],
                              NOTICE_KIND_LABELS[NoticeKind(n.kind)], n.requested_end, n.penalty, n.document_number)
                   for n in session.exec(select(Notice).where(Notice.contract_id == contract_id)
                                         .order_by(Notice.notice_date, Notice.id))]  # type: ignore[arg-type]
        charges = _charges(session, contract_id, today)
        cures = [CureLine(k.dispatched_date, k.breach, k.cure_deadline, k.cured_date, k.closed)
                 for k in session.exec(select(CureNotice).where(CureNotice.contract_id == contract_id)
                                       .order_by(CureNotice.dispatched_date, CureNotice.id))]  # type: ignore[arg-type]
        timeline: Timeline | None = None
        note = ""
        if contract.start_date is None:
            note = "サービス開始日が未登録のため、時系列は開始後に表示します"
        else:
            try:
                terms = load_contract_terms(session, contract)
                timeline = build_timeline(terms, today=today, notice=contract.notice_date, end=contract.end_date)
            except (TermsInputError, ProfileError, ValueError) as error:
                note = f"時系列を計算できません: {error}"
        detail = ContractDetail(
            contract_id=contract_id, number=contract.number, status=STATUS_LABELS[contract.status],
            status_value=str(contract.status), company_name=customer.company_name, department=customer.department,
            contact_person=customer.contact_person, honorific=customer.honorific, postal_code=customer.postal_code,
            address=customer.address, phone=customer.phone, email=customer.email,
            accepted_date=contract.accepted_date, start_date=contract.start_date,
            initial_term_end=contract.initial_term_end, term_confirmed=contract.term_confirmed,
            current_term_end=contract.current_term_end, non_renewal_deadline=contract.non_renewal_deadline,
            non_renewal_deadline_strict=contract.non_renewal_deadline_strict, initial_fee=contract.initial_fee,
            monthly_fee=contract.monthly_fee, current_monthly_fee=contract.current_monthly_fee,
            notice_date=contract.notice_date, end_date=contract.end_date, end_ground=contract.end_ground,
            note=contract.note, devices=devices, prerequisites=prerequisites, changes=changes, notices=notices,
            charges=charges, cures=cures, history=[], timeline=timeline, timeline_note=note,
        )
    history = contract_history(engine, contract_id)
    return _with_history(detail, history)


def _with_history(detail: ContractDetail, history: list[HistoryItem]) -> ContractDetail:
    from dataclasses import replace

    return replace(detail, history=history)


def _charges(session: object, contract_id: int, today: date) -> list[ChargeLine]:
    from sqlmodel import Session

    assert isinstance(session, Session)
    charges = list(session.exec(select(Charge).where(Charge.contract_id == contract_id)
                                .order_by(Charge.due_date, Charge.id)))  # type: ignore[arg-type]
    payments: dict[int, list[tuple[date, int]]] = {}
    if charges:
        for p in session.exec(select(Payment).where(col(Payment.charge_id).in_([c.id for c in charges]))
                              .order_by(col(Payment.paid_date))):
            payments.setdefault(p.charge_id, []).append((p.paid_date, p.amount))
    lines = []
    for c in charges:
        paid_list = payments.get(int(c.id or 0), [])
        paid = sum(a for _d, a in paid_list)
        until = today if paid < c.amount else max((d for d, _a in paid_list), default=today)
        try:
            interest = accrued_interest(ChargeKind(c.kind), c.amount, c.due_date, paid_list, until)
        except (TermsInputError, ValueError):  # inconsistent stored payments: shown without interest
            interest = 0
        lines.append(ChargeLine(int(c.id or 0), CHARGE_KIND_LABELS[ChargeKind(c.kind)], c.description, c.due_date,
                                c.amount, paid, max((d for d, _a in paid_list), default=None), interest))
    return lines


__all__ = ["ContractDetail", "contract_detail"]
