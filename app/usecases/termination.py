"""The customer's notice of ending: early termination (9.4) or non-renewal (9.3)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session, select

from app.formatting import format_date, yen
from app.labels import CHARGE_KIND_LABELS, NOTICE_KIND_LABELS
from app import terms
from app.terms.profile import NoticeReading
from app.models import ChangeContract, Charge, ChargeKind, Contract, ContractStatus, Notice, NoticeDirection, NoticeKind
from app.store.engine import session_scope
from app.usecases import checks
from app.usecases.audit import snapshot, write_audit
from app.usecases.context import UseCaseContext
from app.usecases.contracts import RUNNING, load_contract, require_status
from app.usecases.contract_terms import load_contract_terms
from app.usecases.derived import apply_derived
from app.usecases.errors import StateError, translates_terms_errors


@dataclass(frozen=True)
class EndingByNotice:
    """How a customer's notice ends the contract: on the term end a non-renewal (9.3), else an early
    termination (9.4)."""

    ground: str  # "9.3" or "9.4"
    kind: NoticeKind
    article: str

    @property
    def label(self) -> str:
        return f"{NOTICE_KIND_LABELS[self.kind]}（{self.article}）"


def ending_by_notice(quote: terms.TerminationQuote) -> EndingByNotice:
    if quote.end == quote.term_end:
        return EndingByNotice("9.3", NoticeKind.NON_RENEWAL, "第9条第3項")
    return EndingByNotice("9.4", NoticeKind.TERMINATION, "第9条第4項")


def penalty_description(quote: terms.TerminationQuote) -> str:
    """The penalty charge's description (9.4)."""
    return f"{CHARGE_KIND_LABELS[ChargeKind.PENALTY]}（残存{quote.remaining_months}ヶ月分）"


@dataclass(frozen=True)
class TerminationRecorded:
    notice_id: int
    charge_id: int | None  # the penalty's charge, when a penalty is owed and its due date was given
    end_ground: str  # "9.3" or "9.4"
    quote: terms.TerminationQuote


def _quote(session: Session, contract: Contract, notice: date, end: date,
           reading: NoticeReading | None = None) -> terms.TerminationQuote:
    contract_terms = load_contract_terms(session, contract)
    profile = terms.profile_for(notice)
    if reading is not None and reading != profile.notice_reading:
        profile = replace(profile, notice_reading=reading)
    return terms.termination_quote_for_contract(contract_terms, notice, end, profile=profile)


@translates_terms_errors
def quote_termination(engine: Engine, contract_id: int, notice_date: date, requested_end: date, *,
                      reading: NoticeReading | None = None) -> terms.TerminationQuote:
    """The quote for a notice arriving on `notice_date` (nothing is written)."""
    with session_scope(engine) as session:
        return _quote(session, load_contract(session, contract_id), notice_date, requested_end, reading)


@translates_terms_errors
def record_termination_notice(
    engine: Engine,
    ctx: UseCaseContext,
    contract_id: int,
    notice_date: date,
    requested_end: date,
    *,
    penalty_due: date | None = None,
    note: str = "",
) -> TerminationRecorded:
    """Record the customer's written or electronic notice that arrived on `notice_date`.

    The end must lie in [earliest end, latest end] of the terms' quote (else an error names the
    allowed date). An end on the term end with a notice in time is a non-renewal (9.3); any other
    end is an early termination (9.4) whose penalty becomes a charge when `penalty_due` is given.
    """
    notice = checks.a_date(notice_date, "notice_date", "通知の到達日")
    end = checks.a_date(requested_end, "requested_end", "終了希望日")
    checks.not_future(notice, ctx.today, "notice_date", "通知の到達日")
    text = checks.text(note, "note", "備考")
    if penalty_due is not None:
        checks.a_date(penalty_due, "penalty_due", "違約金の支払期日")
        checks.not_before(penalty_due, notice, "penalty_due", "違約金の支払期日", "通知の到達日")
    with session_scope(engine) as session:
        contract = load_contract(session, contract_id)
        require_status(contract, RUNNING, "解約通知を記録")
        checks.not_before(notice, contract.accepted_date, "notice_date", "通知の到達日", "承諾日")
        quote = _quote(session, contract, notice, end, ctx.reading)
        terms.require_allowed(quote, field="requested_end")  # names the earliest or latest end
        ending = ending_by_notice(quote)
        ground, article = ending.ground, ending.article
        row = Notice(contract_id=contract_id, direction=NoticeDirection.RECEIVED, kind=ending.kind, notice_date=notice,
                     requested_end=end, penalty=quote.penalty, note=text, created_at=ctx.now())
        write_audit(session, ctx, action="record_termination_notice", row=row, before=None, contract_id=contract_id,
                    summary=f"{ending.label}を受領: 終了日 {format_date(end)}、違約金 {yen(quote.penalty)}")
        charge_id = None
        if quote.penalty > 0 and penalty_due is not None:
            charge = Charge(contract_id=contract_id, kind=ChargeKind.PENALTY, amount=quote.penalty,
                            due_date=penalty_due, description=penalty_description(quote))
            write_audit(session, ctx, action="add_charge", row=charge, before=None, contract_id=contract_id,
                        summary=f"請求: 解約違約金 {yen(quote.penalty)}（支払期日 {format_date(penalty_due)}）")
            charge_id = charge.id
        before = snapshot(contract)
        contract.status = ContractStatus.NOTICE_RECEIVED
        contract.notice_date = notice
        contract.end_date = end
        contract.end_ground = ground
        apply_derived(session, contract, ctx.today, ctx.reading)
        write_audit(session, ctx, action="set_contract_end", row=contract, before=before, contract_id=contract_id,
                    summary=f"終了日を {format_date(end)} に確定（{article}）")
        return TerminationRecorded(int(row.id), charge_id, ground, quote)  # type: ignore[arg-type]
