"""Breach: cure notices (16.1) and termination by the provider (15.3, 15.4, 16.1, 16.2)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Engine
from sqlmodel import select

from app.formatting import format_date, yen
from app.labels import GROUND_LABELS
from app import terms
from app.models import (
    ChangeContract,
    Charge,
    ChargeKind,
    ContractStatus,
    CureNotice,
    Notice,
    NoticeDirection,
    NoticeKind,
)
from app.store.engine import session_scope
from app.usecases import checks
from app.usecases.audit import snapshot, write_audit
from app.usecases.context import UseCaseContext
from app.usecases.contracts import NOT_ENDED, load_contract, load_endable, require_status, set_contract_end
from app.usecases.contract_terms import load_contract_terms, open_cures
from app.usecases.derived import apply_derived
from app.usecases.errors import DateOutOfRangeError, StateError, ValidationError, translates_terms_errors
from app.usecases.grounds import PROVIDER_GROUNDS, SUM_16_3_GROUNDS


def provider_sum_description(ground: str) -> str:
    """The 16.3 charge's description: the fees for the remaining contract period, on `ground`."""
    return f"残存契約期間の本サービス利用料相当額（{GROUND_LABELS[ground]}）"


@dataclass(frozen=True)
class ProviderTerminationRecorded:
    notice_id: int
    amount: int  # the 16.3 sum (0 for 15.3: damages are entered by hand)
    charge_id: int | None  # when the amount is > 0 and its due date was given


@translates_terms_errors
def record_cure_notice(engine: Engine, ctx: UseCaseContext, contract_id: int, dispatched_date: date,
                       breach: str) -> int:
    """A written cure notice (是正催告) dispatched on `dispatched_date`; returns its id.

    The 30 days run from the day after dispatch (terms.cure_deadline); the provider may
    terminate under 16.1 from the day after they run out.
    """
    dispatched = checks.a_date(dispatched_date, "dispatched_date", "発送日")
    checks.not_future(dispatched, ctx.today, "dispatched_date", "発送日")
    what = checks.text(breach, "breach", "違反の内容", required=True)
    with session_scope(engine) as session:
        contract = load_contract(session, contract_id)
        require_status(contract, NOT_ENDED, "是正催告を記録")
        checks.not_before(dispatched, contract.accepted_date, "dispatched_date", "発送日", "承諾日")
        deadline = terms.cure_deadline(dispatched)
        cure = CureNotice(contract_id=contract_id, dispatched_date=dispatched, breach=what, cure_deadline=deadline)
        cure_id = write_audit(session, ctx, action="record_cure_notice", row=cure, before=None, contract_id=contract_id,
                    summary=f"是正催告を発送: 是正期限 {format_date(deadline)}（{what}）")
        apply_derived(session, contract, ctx.today, ctx.reading)
        return cure_id


@translates_terms_errors
def record_cure(engine: Engine, ctx: UseCaseContext, cure_id: int, cured_date: date) -> None:
    """The breach named in a cure notice was cured on `cured_date`."""
    cured = checks.a_date(cured_date, "cured_date", "是正日")
    checks.not_future(cured, ctx.today, "cured_date", "是正日")
    with session_scope(engine) as session:
        cure = checks.get_or_error(session, CureNotice, cure_id, "是正催告")
        if cure.closed:
            raise StateError("この是正催告は既に終了しています")
        checks.not_before(cured, cure.dispatched_date, "cured_date", "是正日", "発送日")
        before = snapshot(cure)
        cure.cured_date = cured
        cure.closed = True
        write_audit(session, ctx, action="record_cure", row=cure, before=before, contract_id=cure.contract_id,
                    summary=f"違反の是正を確認: {format_date(cured)}")
        apply_derived(session, load_contract(session, cure.contract_id), ctx.today, ctx.reading)


@translates_terms_errors
def terminate_by_provider(
    engine: Engine,
    ctx: UseCaseContext,
    contract_id: int,
    ground: str,
    termination_date: date,
    *,
    sum_due: date | None = None,
    note: str = "",
) -> ProviderTerminationRecorded:
    """The provider terminates (解除) on `ground`, effective `termination_date`.

    16.1 needs an open cure notice whose 30 days have run out (from cure deadline + 1 day).
    For 16.1, 16.2 and 15.4 the 16.3 sum (fees for the rest of the term) is computed and becomes
    a charge when `sum_due` is given; for 15.3 nothing is computed (damages are entered by hand).
    """
    if ground not in PROVIDER_GROUNDS:
        raise ValidationError(f"解除の根拠は {', '.join(PROVIDER_GROUNDS)} のいずれかです", "ground")
    day = checks.a_date(termination_date, "termination_date", "解除日")
    text = checks.text(note, "note", "備考")
    if sum_due is not None:
        checks.a_date(sum_due, "sum_due", "支払期日")
        checks.not_before(sum_due, day, "sum_due", "支払期日", "解除日")
    with session_scope(engine) as session:
        contract = load_endable(session, contract_id, day, "termination_date")
        if ground == "16.1":
            cures = open_cures(session, contract_id)
            if not cures:
                raise StateError("第16条第1項による解除には、是正されていない是正催告の記録が必要です")
            first_allowed = min(terms.cure_termination_from(c.dispatched_date) for c in cures)
            if day < first_allowed:
                raise DateOutOfRangeError(
                    f"是正期間（30日間）が満了していません。解除できるのは{format_date(first_allowed)}からです",
                    allowed=first_allowed, field="termination_date")
        amount = 0
        if ground in SUM_16_3_GROUNDS and contract.start_date is not None:
            contract_terms = load_contract_terms(session, contract)
            amount = terms.provider_termination_sum(contract_terms.start, contract_terms.schedule, day,
                                                    contract_terms.initial_end)
        label = GROUND_LABELS[ground]
        notice = Notice(contract_id=contract_id, direction=NoticeDirection.SENT, kind=NoticeKind.PROVIDER_TERMINATION,
                        notice_date=day, penalty=amount, note=text, created_at=ctx.now())
        write_audit(session, ctx, action="terminate_by_provider", row=notice, before=None, contract_id=contract_id,
                    summary=f"当社から解除: {format_date(day)}（{label}）"
                    + (f"、残存期間の利用料相当額 {yen(amount)}" if ground in SUM_16_3_GROUNDS else "、損害賠償は別途入力"))
        charge_id = None
        if amount > 0 and sum_due is not None:
            charge = Charge(contract_id=contract_id, kind=ChargeKind.PROVIDER_TERMINATION, amount=amount,
                            due_date=sum_due, description=provider_sum_description(ground))
            write_audit(session, ctx, action="add_charge", row=charge, before=None, contract_id=contract_id,
                        summary=f"請求: 残存期間の利用料相当額 {yen(amount)}（支払期日 {format_date(sum_due)}）")
            charge_id = charge.id
        set_contract_end(session, ctx, contract, ContractStatus.TERMINATED_BY_PROVIDER, day, ground,
                         action="set_contract_end", summary=f"契約解除: {format_date(day)}（{label}）")
        return ProviderTerminationRecorded(int(notice.id), amount, charge_id)  # type: ignore[arg-type]
