"""Contracts after acceptance: service start, managed devices, ending by the customer on a ground."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session, select

from app import terms
from app.models import (
    Application,
    Contract,
    ContractStatus,
    CureNotice,
    ManagedDevice,
    Notice,
    NoticeDirection,
    NoticeKind,
)
from app.store import session_scope
from app.usecases import checks
from app.usecases.audit import snapshot, write_audit
from app.usecases.context import UseCaseContext
from app.usecases.derived import apply_derived
from app.usecases.errors import DateOutOfRangeError, StateError, ValidationError, ja_date, translates_terms_errors
from app.usecases.grounds import CUSTOMER_GROUNDS, GROUND_LABELS
from app.usecases.screening import PREREQUISITES, assess

RUNNING = (ContractStatus.ACTIVE, ContractStatus.SUSPENDED)
NOT_ENDED = (*RUNNING, ContractStatus.NOTICE_RECEIVED)

STATUS_LABELS = {
    ContractStatus.ACTIVE: "契約中",
    ContractStatus.NOTICE_RECEIVED: "解約通知受領",
    ContractStatus.ENDED: "終了",
    ContractStatus.SUSPENDED: "提供中止",
    ContractStatus.TERMINATED_BY_PROVIDER: "解除",
}


def load_contract(session: Session, contract_id: int) -> Contract:
    return checks.get_or_error(session, Contract, contract_id, "契約")


def require_status(contract: Contract, allowed: tuple[ContractStatus, ...], action: str) -> None:
    status = ContractStatus(contract.status)
    if status not in allowed:
        raise StateError(f"契約 {contract.number} は「{STATUS_LABELS[status]}」のため{action}できません")


def close_open_cures(session: Session, ctx: UseCaseContext, contract: Contract, reason: str) -> None:
    cures = session.exec(
        select(CureNotice).where(CureNotice.contract_id == contract.id, CureNotice.closed == False)  # noqa: E712
    ).all()
    for cure in cures:
        before = snapshot(cure)
        cure.closed = True
        write_audit(session, ctx, action="close_cure_notice", row=cure, before=before, contract_id=contract.id,
                    summary=f"是正催告（{ja_date(cure.dispatched_date)}発送）を終了: {reason}")


@translates_terms_errors
def load_endable(session: Session, contract_id: int, end: date, field: str) -> Contract:
    """The contract, if it may end on `end`: not ended, not before its acceptance, not after a fixed end."""
    contract = load_contract(session, contract_id)
    require_status(contract, NOT_ENDED, "解除")
    checks.not_before(end, contract.accepted_date, field, "解除日", "承諾日")
    if contract.end_date is not None and end > contract.end_date:
        raise ValidationError(f"既に {ja_date(contract.end_date)} で終了する予定です", field)
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
    start = checks.a_date(start_date, "start_date", "サービス開始日")
    if initial_term_end is not None:
        checks.a_date(initial_term_end, "initial_term_end", "契約期間の満了日")
        minimum = terms.minimum_term_end(start)
        if initial_term_end < minimum:
            raise DateOutOfRangeError(
                f"契約期間の満了日は最低利用期間の満了日（{ja_date(minimum)}）以降にしてください",
                allowed=minimum,
                field="initial_term_end",
            )
    with session_scope(engine) as session:
        contract = load_contract(session, contract_id)
        require_status(contract, RUNNING, "サービス開始日を記録")
        if contract.start_date is not None:
            raise StateError(f"契約 {contract.number} のサービス開始日は既に記録されています（{ja_date(contract.start_date)}）")
        checks.not_before(start, contract.accepted_date, "start_date", "サービス開始日", "承諾日")
        if contract.application_id is not None:
            application = checks.get_or_error(session, Application, contract.application_id, "申込")
            assessment = assess(application)
            if not assessment.can_start_service:
                missing = "、".join(f"({n}){PREREQUISITES[n][1]}" for n in assessment.unmet + assessment.unchecked)
                raise ValidationError(f"前提条件が確認できていないためサービスを開始できません: {missing}", "start_date")
        before = snapshot(contract)
        contract.start_date = start
        contract.initial_term_end = initial_term_end
        contract.term_confirmed = initial_term_end is not None
        apply_derived(session, contract, ctx.today, ctx.reading)
        write_audit(session, ctx, action="record_service_start", row=contract, before=before,
                    contract_id=contract.id, summary=f"サービス開始日を記録: {ja_date(start)}")


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
) -> int:
    """Register a managed device (対象機器, Art 7); returns its id."""
    maker_text = checks.text(maker, "maker", "メーカー", required=True, max_length=100)
    model_text = checks.text(model, "model", "機種", required=True, max_length=100)
    serial_text = checks.text(serial, "serial", "シリアル番号", max_length=100)
    site_text = checks.text(site_address, "site_address", "設置場所", max_length=500)
    with session_scope(engine) as session:
        contract = load_contract(session, contract_id)
        require_status(contract, NOT_ENDED, "対象機器を登録")
        device = ManagedDevice(contract_id=contract_id, maker=maker_text, model=model_text, serial=serial_text,
                               site_address=site_text)
        write_audit(session, ctx, action="add_managed_device", row=device, before=None, contract_id=contract_id,
                    summary=f"対象機器を登録: {maker_text} {model_text}")
        return int(device.id)  # type: ignore[arg-type]


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
        write_audit(session, ctx, action="receive_customer_termination", row=notice, before=None,
                    contract_id=contract_id, summary=f"お客様からの解除通知を受領（{GROUND_LABELS[ground]}）")
        set_contract_end(session, ctx, contract, ContractStatus.ENDED, end, ground, action="end_contract",
                         summary=f"契約終了: {ja_date(end)}（{GROUND_LABELS[ground]}、違約金なし）")
        return int(notice.id)  # type: ignore[arg-type]
