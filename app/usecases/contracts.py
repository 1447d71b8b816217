"""Contracts: creation (on acceptance, or imported), service start, managed devices, ending by the
customer on a ground. Editing a contract's own fields belongs here too."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, bindparam, func
from sqlmodel import Session, col, select

from app import terms
from app.formatting import format_date
from app.labels import GROUND_LABELS, STATUS_LABELS
from app.models import (
    Application,
    Contract,
    ContractStatus,
    CureNotice,
    Customer,
    ManagedDevice,
    Notice,
    NoticeDirection,
    NoticeKind,
)
from app.store.engine import session_scope
from app.terms.renewal import check_initial_end
from app.usecases import checks
from app.usecases.audit import snapshot, write_audit
from app.usecases.context import UseCaseContext
from app.usecases.contract_list import index_contract
from app.usecases.contract_terms import open_cures
from app.usecases.customers import CustomerInput, existing_or_new_customer
from app.usecases.derived import apply_derived
from app.usecases.errors import DateOutOfRangeError, StateError, ValidationError, translates_terms_errors
from app.usecases.grounds import CUSTOMER_GROUNDS
from app.usecases.prerequisites import PREREQUISITES, open_prerequisites

RUNNING = (ContractStatus.ACTIVE, ContractStatus.SUSPENDED)
NOT_ENDED = (*RUNNING, ContractStatus.NOTICE_RECEIVED)


CONTRACT_NUMBER_PREFIX = "SP"


def contract_number(year: int, sequence: int) -> str:
    """'SP-2025-00042': the contract-number format (one place)."""
    return f"{CONTRACT_NUMBER_PREFIX}-{year}-{sequence:05d}"


def contract_number_parts(number: str) -> tuple[int, int] | None:
    """(year, sequence) of a number in the program's format, None for any other number."""
    prefix, _, rest = number.partition("-")
    year, _, sequence = rest.partition("-")
    if prefix != CONTRACT_NUMBER_PREFIX or len(year) != 4 or not (year.isdigit() and sequence.isdigit()):
        return None
    return int(year), int(sequence)


def next_contract_number(session: Session, year: int) -> str:
    """The year's highest number plus one."""
    prefix = contract_number(year, 0)[:-5]
    highest = session.exec(
        select(func.max(Contract.number)).where(col(Contract.number).startswith(prefix))
    ).first()
    parts = contract_number_parts(highest) if highest else None
    return contract_number(year, parts[1] + 1 if parts else 1)


_CONTRACT_WITH_NUMBER = select(col(Contract.id)).where(col(Contract.number) == bindparam("number"))  # built once


@dataclass(frozen=True)
class NewContract:
    """A contract to be formed: accepted (承諾日) on `accepted_date` at these fees; `number` None: the next free one."""

    accepted_date: date
    initial_fee: int
    monthly_fee: int
    number: str | None = None
    note: str = ""


def add_contract(session: Session, ctx: UseCaseContext, customer: Customer, new: NewContract, *,
                 application_id: int | None = None) -> int:
    """Form a contract inside the caller's transaction: number, terms profile in force on the
    acceptance date, search index, derived dates, one audit entry. Returns the contract id."""
    return int(_form_contract(session, ctx, customer, new, application_id).id or 0)


def _form_contract(session: Session, ctx: UseCaseContext, customer: Customer, new: NewContract,
                   application_id: int | None) -> Contract:
    accepted = checks.a_date(new.accepted_date, "accepted_date", "承諾日")
    checks.money(new.initial_fee, "initial_fee", "初期費用")
    checks.money(new.monthly_fee, "monthly_fee", "月額費用")
    note = checks.text(new.note, "note", "備考")
    if new.number is None:
        number = next_contract_number(session, accepted.year)
    else:
        number = checks.text(new.number, "contract_number", "契約番号", required=True, max_length=50)
        session.flush()  # as an ORM query would: a contract just added counts
        if session.connection().execute(_CONTRACT_WITH_NUMBER, {"number": number}).first() is not None:
            raise ValidationError(f"契約番号 {number} は既に使われています", "contract_number")
    if customer.id is None:
        raise ValueError("the customer must be written (flushed) before its contract")
    contract = Contract(
        number=number,
        customer_id=customer.id,
        application_id=application_id,
        accepted_date=accepted,
        initial_fee=new.initial_fee,
        monthly_fee=new.monthly_fee,
        profile_id=terms.profile_for(accepted).id,  # the profile in force when the contract is formed
        note=note,
    )
    apply_derived(session, contract, ctx.today, ctx.reading)  # before it is written: one INSERT, no query
    index_contract(session, contract, customer)
    write_audit(session, ctx, action="create_contract", row=contract, before=None, contract_id=None,  # itself
                summary=f"契約 {number} を締結（承諾日 {format_date(accepted)}）")
    return contract


@translates_terms_errors
def create_contract_in(session: Session, ctx: UseCaseContext, customer: CustomerInput | int,
                       new: NewContract) -> Contract:
    """`create_contract` inside the caller's transaction (an import writes many in one); returns the
    new contract (a row of `session`)."""
    row, _ = existing_or_new_customer(session, ctx, customer)
    return _form_contract(session, ctx, row, new, None)


@translates_terms_errors
def create_contract(engine: Engine, ctx: UseCaseContext, customer: CustomerInput | int, new: NewContract) -> int:
    """A contract formed outside the screening (e.g. taken over from another system): a new customer's
    data or an existing customer's id, and the contract; returns the contract id."""
    if isinstance(customer, CustomerInput):
        customer = customer.validated()  # before any write
    with session_scope(engine) as session:
        return int(create_contract_in(session, ctx, customer, new).id or 0)


def load_contract(session: Session, contract_id: int) -> Contract:
    return checks.get_or_error(session, Contract, contract_id, "契約")


def require_status(contract: Contract, allowed: tuple[ContractStatus, ...], action: str) -> None:
    status = ContractStatus(contract.status)
    if status not in allowed:
        raise StateError(f"契約 {contract.number} は「{STATUS_LABELS[status]}」のため{action}できません")


def close_open_cures(session: Session, ctx: UseCaseContext, contract: Contract, reason: str) -> None:
    for cure in open_cures(session, contract.id):
        before = snapshot(cure)
        cure.closed = True
        write_audit(session, ctx, action="close_cure_notice", row=cure, before=before, contract_id=contract.id,
                    summary=f"是正催告（{format_date(cure.dispatched_date)}発送）を終了: {reason}")


@translates_terms_errors
def load_endable(session: Session, contract_id: int, end: date, field: str) -> Contract:
    """The contract, if it may end on `end`: not ended, not before its acceptance, not after a fixed end."""
    contract = load_contract(session, contract_id)
    require_status(contract, NOT_ENDED, "解除")
    checks.not_before(end, contract.accepted_date, field, "解除日", "承諾日")
    if contract.end_date is not None and end > contract.end_date:
        raise ValidationError(f"既に {format_date(contract.end_date)} で終了する予定です", field)
    return contract


def set_contract_end(session: Session, ctx: UseCaseContext, contract: Contract, status: ContractStatus, end: date,
                     ground: str, *, action: str, summary: str) -> None:
    """End `contract` on `end` under `ground`: open cure notices close, derived dates follow, one audit entry."""
    close_open_cures(session, ctx, contract, "契約解除" if status == ContractStatus.TERMINATED_BY_PROVIDER else "契約終了")
    before = snapshot(contract)
    contract.status = status
    contract.end_date = end
    contract.end_ground = ground
    apply_derived(session, contract, ctx.today, ctx.reading)
    write_audit(session, ctx, action=action, row=contract, before=before, contract_id=contract.id, summary=summary)


def record_service_start(
    engine: Engine,
    ctx: UseCaseContext,
    contract_id: int,
    start_date: date,
    *,
    initial_term_end: date | None = None,
) -> None:
    """Record the service start (本サービス開始日); refused until all four prerequisites are met.

    `initial_term_end` is the term end notified by the provider (9.2); without it the minimum
    term is used and the contract is flagged "term not confirmed".
    """
    with session_scope(engine) as session:
        start_service(session, ctx, contract_id, start_date, initial_term_end=initial_term_end)


def start_service(session: Session, ctx: UseCaseContext, contract_id: int, start_date: date, *,
                  initial_term_end: date | None = None) -> None:
    """`record_service_start` inside the caller's transaction (an import records many in one)."""
    start = checks.a_date(start_date, "start_date", "サービス開始日")
    if initial_term_end is not None:
        checks.a_date(initial_term_end, "initial_term_end", "契約期間の満了日")
        try:
            check_initial_end(start, initial_term_end)
        except terms.TermsInputError as exc:
            raise DateOutOfRangeError(exc.message, exc.allowed or start, "initial_term_end") from exc
    contract = load_contract(session, contract_id)
    require_status(contract, RUNNING, "サービス開始日を記録")
    if contract.start_date is not None:
        raise StateError(f"契約 {contract.number} のサービス開始日は既に記録されています（{format_date(contract.start_date)}）")
    checks.not_before(start, contract.accepted_date, "start_date", "サービス開始日", "承諾日")
    if contract.application_id is not None:
        application = checks.get_or_error(session, Application, contract.application_id, "申込")
        unmet, unchecked = open_prerequisites(application)
        if unmet or unchecked:
            missing = "、".join(f"({n}){PREREQUISITES[n][1]}" for n in unmet + unchecked)
            raise ValidationError(f"前提条件が確認できていないためサービスを開始できません: {missing}", "start_date")
    before = snapshot(contract)
    contract.start_date = start
    contract.initial_term_end = initial_term_end
    contract.term_confirmed = initial_term_end is not None
    apply_derived(session, contract, ctx.today, ctx.reading)
    write_audit(session, ctx, action="record_service_start", row=contract, before=before,
                contract_id=contract.id, summary=f"サービス開始日を記録: {format_date(start)}")


@translates_terms_errors
def add_managed_device(
    engine: Engine,
    ctx: UseCaseContext,
    contract_id: int,
    *,
    maker: str,
    model: str,
    serial: str = "",
    site_address: str = "",
    in_japan: bool = True,
    meets_vendor_requirements: bool = True,
) -> int:
    """Register a managed device (対象機器, Art 7): where it stands (in Japan or not) and whether it
    meets the vendor's requirements, as checked for prerequisite (4); returns its id."""
    maker_text = checks.text(maker, "maker", "メーカー", required=True, max_length=100)
    model_text = checks.text(model, "model", "機種", required=True, max_length=100)
    serial_text = checks.text(serial, "serial", "シリアル番号", max_length=100)
    site_text = checks.text(site_address, "site_address", "設置場所", max_length=500)
    with session_scope(engine) as session:
        contract = load_contract(session, contract_id)
        require_status(contract, NOT_ENDED, "対象機器を登録")
        device = ManagedDevice(contract_id=contract_id, maker=maker_text, model=model_text, serial=serial_text,
                               site_address=site_text, in_japan=bool(in_japan),
                               meets_vendor_requirements=bool(meets_vendor_requirements))
        device_id = write_audit(session, ctx, action="add_managed_device", row=device, before=None, contract_id=contract_id,
                    summary=f"対象機器を登録: {maker_text} {model_text}")
        return device_id


@translates_terms_errors
def end_contract(
    engine: Engine, ctx: UseCaseContext, contract_id: int, end_date: date, ground: str, *, note: str = ""
) -> int:
    """The customer ends the contract on a ground of Art 15.3, 15.4 or 16.2 (no penalty, no 16.3 sum).

    Records the customer's notice (received) and returns its id.
    """
    if ground not in CUSTOMER_GROUNDS:
        raise ValidationError(f"お客様からの解除の根拠は {', '.join(CUSTOMER_GROUNDS)} のいずれかです", "ground")
    end = checks.a_date(end_date, "end_date", "解除日")
    checks.not_future(end, ctx.today, "end_date", "解除日")
    text = checks.text(note, "note", "備考")
    with session_scope(engine) as session:
        contract = load_endable(session, contract_id, end, "end_date")
        notice = Notice(contract_id=contract_id, direction=NoticeDirection.RECEIVED, kind=NoticeKind.OTHER,
                        notice_date=end, note=f"お客様からの解除（{GROUND_LABELS[ground]}）{text}",
                        created_at=ctx.now())
        notice_id = write_audit(session, ctx, action="receive_customer_termination", row=notice, before=None,
                    contract_id=contract_id, summary=f"お客様からの解除通知を受領（{GROUND_LABELS[ground]}）")
        set_contract_end(session, ctx, contract, ContractStatus.ENDED, end, ground, action="end_contract",
                         summary=f"契約終了: {format_date(end)}（{GROUND_LABELS[ground]}、違約金なし）")
        return notice_id
