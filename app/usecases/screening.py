"""Screening an application (Art 2-4, 7) as state: the steps and transitions are data.

    received --check--> screening --accept--> accepted   (the contract is formed)
        |                   |     --refuse--> refused    (Art 4 reasons (1)-(5))
        +--refuse/withdraw--+----withdraw--> withdrawn

Prerequisite checks may continue after acceptance (an accepted application with a
prerequisite unconfirmed needs them before the service start can be recorded).
The window renders `assess(application)`; the use cases below are the only writers.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from app.labels import APPLICATION_STATUS_LABELS, PREREQUISITE_LABELS
from app.models import Application, ApplicationStatus, Contract, Customer, Prerequisite
from app.store.engine import session_scope
from app.usecases import checks
from app.usecases.audit import snapshot, write_audit
from app.usecases.context import UseCaseContext
from app.usecases.contracts import NewContract, add_contract
from app.usecases.customers import CustomerInput, existing_or_new_customer
from app.usecases.errors import StateError, ValidationError, translates_terms_errors
from app.usecases.prerequisites import PREREQUISITES, open_prerequisites


class Action(StrEnum):
    CHECK = "check"  # record prerequisite answers
    ACCEPT = "accept"  # 承諾
    REFUSE = "refuse"  # 謝絶
    WITHDRAW = "withdraw"  # 取下げ


S = ApplicationStatus
TRANSITIONS: Mapping[ApplicationStatus, Mapping[Action, ApplicationStatus]] = {
    S.RECEIVED: {Action.CHECK: S.SCREENING, Action.REFUSE: S.REFUSED, Action.WITHDRAW: S.WITHDRAWN},
    S.SCREENING: {
        Action.CHECK: S.SCREENING,
        Action.ACCEPT: S.ACCEPTED,
        Action.REFUSE: S.REFUSED,
        Action.WITHDRAW: S.WITHDRAWN,
    },
    S.ACCEPTED: {Action.CHECK: S.ACCEPTED},
    S.REFUSED: {},
    S.WITHDRAWN: {},
}

ACTION_LABELS = {Action.CHECK: "前提条件の確認", Action.ACCEPT: "承諾", Action.REFUSE: "謝絶", Action.WITHDRAW: "取下げ"}

# Art 4 (1)-(5)
REFUSAL_REASONS: Mapping[int, str] = {
    1: "本サービスの提供が技術的に困難（第7条の条件を満たさない場合を含む）",
    2: "本契約に基づく債務の支払を怠るおそれがある",
    3: "申込に際して虚偽の事実を申告した",
    4: "違法に、又は明らかに公序良俗に反する態様で利用するおそれがある",
    5: "業務を行う上で支障がある又は支障が生じるおそれがある",
}


def next_status(status: ApplicationStatus, action: Action) -> ApplicationStatus:
    """The status after `action`, or StateError when the action is not allowed now."""
    target = TRANSITIONS[status].get(action)
    if target is None:
        raise StateError(f"{APPLICATION_STATUS_LABELS[status]}の申込には「{ACTION_LABELS[action]}」はできません")
    return target


@dataclass(frozen=True)
class Assessment:
    """What the screening step shows: allowed actions, open prerequisites, suggested reasons."""

    status: ApplicationStatus
    allowed: tuple[Action, ...]
    unmet: tuple[int, ...]
    unchecked: tuple[int, ...]
    needs_override: bool  # accepting now needs an override note
    can_start_service: bool  # all four prerequisites met
    suggested_reasons: tuple[int, ...]
    warnings: tuple[str, ...]


def assess(application: Application) -> Assessment:
    unmet, unchecked = open_prerequisites(application)
    warnings = [f"前提条件({n}) {PREREQUISITES[n][1]} を満たしていません" for n in unmet]
    warnings += [f"前提条件({n}) {PREREQUISITES[n][1]} が未確認です" for n in unchecked]
    status = ApplicationStatus(application.status)
    return Assessment(
        status=status,
        allowed=tuple(TRANSITIONS[status]),
        unmet=unmet,
        unchecked=unchecked,
        needs_override=bool(unmet or unchecked),
        can_start_service=not unmet and not unchecked,
        suggested_reasons=(1,) if unmet else (),
        warnings=tuple(warnings),
    )


def parse_reasons(reasons: Iterable[int]) -> tuple[int, ...]:
    chosen = tuple(sorted(set(reasons)))
    if not chosen:
        raise ValidationError("謝絶には第4条の事由(1)〜(5)を一つ以上選んでください", "refusal_reasons")
    for reason in chosen:
        if reason not in REFUSAL_REASONS:
            raise ValidationError(f"謝絶の事由は(1)〜(5)から選んでください: {reason}", "refusal_reasons")
    return chosen


def _load(session: Session, application_id: int) -> Application:
    return checks.get_or_error(session, Application, application_id, "申込")


def _decision_date(application: Application, day: object, ctx: UseCaseContext) -> date:
    decided = checks.a_date(day, "decision_date", "判断日")
    checks.not_before(decided, application.received_date, "decision_date", "判断日", "申込書の到達日")
    checks.not_future(decided, ctx.today, "decision_date", "判断日")
    return decided


@translates_terms_errors
def submit_application(
    engine: Engine,
    ctx: UseCaseContext,
    customer: CustomerInput | int,
    received_date: date,
    *,
    monthly_fee: int,
    initial_fee: int = 0,
    requested_start: date | None = None,
) -> int:
    """Record an application form that has arrived (Art 2); returns the application id.

    `customer` is a new customer's data or an existing customer's id.
    """
    received = checks.a_date(received_date, "received_date", "申込書の到達日")
    checks.not_future(received, ctx.today, "received_date", "申込書の到達日")
    checks.money(monthly_fee, "monthly_fee", "月額費用", positive=True)
    checks.money(initial_fee, "initial_fee", "初期費用")
    if requested_start is not None:
        checks.a_date(requested_start, "requested_start", "希望開始日")
        checks.not_before(requested_start, received, "requested_start", "希望開始日", "申込書の到達日")
    if isinstance(customer, CustomerInput):
        customer = customer.validated()  # before any write
    with session_scope(engine) as session:
        row, customer_id = existing_or_new_customer(session, ctx, customer)
        application = Application(
            customer_id=customer_id,
            received_date=received,
            requested_start=requested_start,
            initial_fee=initial_fee,
            monthly_fee=monthly_fee,
        )
        application_id = write_audit(session, ctx, action="submit_application", row=application, before=None, contract_id=None,
                    summary=f"申込を受付（{row.company_name}）")
        return application_id


@translates_terms_errors
def record_prerequisite_check(
    engine: Engine,
    ctx: UseCaseContext,
    application_id: int,
    answers: Mapping[int, Prerequisite],
    *,
    confirmed_by: str = "",
    confirmed_on: date | None = None,
    notes: Mapping[int, str] | None = None,
) -> Assessment:
    """Record answers to Art 7 (1)-(4), e.g. {1: MET, 3: UNMET}; returns the new assessment.

    `confirmed_by` (who confirmed with the customer; default the actor), `confirmed_on` (when;
    not in the future) and `notes` per prerequisite go into the audit entry when given.
    """
    if not answers:
        raise ValidationError("確認した前提条件を選んでください", "prerequisites")
    for number, answer in answers.items():
        if number not in PREREQUISITES:
            raise ValidationError(f"前提条件は(1)〜(4)です: {number}", "prerequisites")
        if not isinstance(answer, Prerequisite):
            raise ValidationError(f"前提条件({number})の回答が正しくありません", PREREQUISITES[number][0])
    details: dict[str, Any] | None = None
    if confirmed_by or confirmed_on is not None or notes:
        who = checks.text(confirmed_by, "confirmed_by", "確認者", max_length=100) or ctx.actor
        when = checks.a_date(confirmed_on, "confirmed_on", "確認日") if confirmed_on is not None else ctx.today
        checks.not_future(when, ctx.today, "confirmed_on", "確認日")
        texts = {n: checks.text(t, "prerequisite_notes", f"前提条件({n})のメモ", max_length=500)
                 for n, t in (notes or {}).items() if n in answers}
        details = {"confirmed_by": who, "confirmed_on": when,
                   "notes": {str(n): t for n, t in sorted(texts.items()) if t}}
    with session_scope(engine) as session:
        application = _load(session, application_id)
        status = next_status(ApplicationStatus(application.status), Action.CHECK)
        before = snapshot(application)
        for number, answer in answers.items():
            setattr(application, PREREQUISITES[number][0], answer)
        application.status = status
        labels = "、".join(f"({n}){PREREQUISITE_LABELS[a]}"
                          for n, a in sorted(answers.items()))
        by = f"（確認者 {details['confirmed_by']}、確認日 {details['confirmed_on'].isoformat()}）" if details else ""
        write_audit(session, ctx, action="record_prerequisite_check", row=application, before=before,
                    contract_id=_contract_id_of(session, application_id), summary=f"前提条件を確認: {labels}{by}",
                    extra=details)
        return assess(application)


def _contract_id_of(session: Session, application_id: int) -> int | None:
    found = session.exec(select(Contract.id).where(Contract.application_id == application_id)).first()
    return int(found) if found is not None else None


@translates_terms_errors
def accept_application(
    engine: Engine,
    ctx: UseCaseContext,
    application_id: int,
    accepted_date: date,
    *,
    override_note: str = "",
    contract_number: str | None = None,
) -> int:
    """Accept (承諾): the contract is formed on `accepted_date`; returns the contract id.

    With any prerequisite not met, `override_note` must say why; it goes into the audit entry.
    """
    note = checks.text(override_note, "override_note", "承諾の理由")
    with session_scope(engine) as session:
        application = _load(session, application_id)
        status = next_status(ApplicationStatus(application.status), Action.ACCEPT)
        accepted = _decision_date(application, accepted_date, ctx)
        assessment = assess(application)
        if assessment.needs_override and not note:
            open_items = "、".join(f"({n})" for n in assessment.unmet + assessment.unchecked)
            raise ValidationError(
                f"前提条件{open_items}が確認できていません。承諾するには理由を入力してください", "override_note"
            )
        customer = checks.get_or_error(session, Customer, application.customer_id, "顧客")

        before = snapshot(application)
        application.status = status
        application.decision_date = accepted
        application.decided_by = ctx.actor
        application.override_note = note if assessment.needs_override else ""
        override = (
            {"override_note": note, "unconfirmed_prerequisites": list(assessment.unmet + assessment.unchecked)}
            if assessment.needs_override
            else None
        )
        new = NewContract(accepted, application.initial_fee, application.monthly_fee, number=contract_number)
        contract_id = add_contract(session, ctx, customer, new, application_id=application.id)
        write_audit(session, ctx, action="accept_application", row=application, before=before,
                    contract_id=contract_id,
                    summary="申込を承諾" + ("（前提条件未確認のまま承諾）" if override else ""), extra=override)
        return contract_id


def _decide(application: Application, action: Action, decision_date: date, ctx: UseCaseContext) -> dict[str, Any] | None:
    """Move `application` to its decided state (refused or withdrawn); returns the snapshot from before."""
    status = next_status(ApplicationStatus(application.status), action)
    decided = _decision_date(application, decision_date, ctx)
    before = snapshot(application)
    application.status = status
    application.decision_date = decided
    application.decided_by = ctx.actor
    return before


@translates_terms_errors
def refuse_application(
    engine: Engine,
    ctx: UseCaseContext,
    application_id: int,
    decision_date: date,
    reasons: Iterable[int],
    *,
    note: str = "",
) -> None:
    """Refuse (謝絶, Art 4) with one or more reasons (1)-(5)."""
    chosen = parse_reasons(reasons)
    text = checks.text(note, "refusal_note", "謝絶の補足")
    with session_scope(engine) as session:
        application = _load(session, application_id)
        before = _decide(application, Action.REFUSE, decision_date, ctx)
        application.refusal_reasons = ",".join(str(r) for r in chosen)
        application.refusal_note = text
        write_audit(session, ctx, action="refuse_application", row=application, before=before, contract_id=None,
                    summary="申込を謝絶（第4条" + "".join(f"({r})" for r in chosen) + "）")


@translates_terms_errors
def withdraw_application(engine: Engine, ctx: UseCaseContext, application_id: int, decision_date: date,
                         *, note: str = "") -> None:
    """The applicant withdrew the application before a decision."""
    text = checks.text(note, "refusal_note", "取下げの補足")
    with session_scope(engine) as session:
        application = _load(session, application_id)
        before = _decide(application, Action.WITHDRAW, decision_date, ctx)
        application.refusal_note = text
        write_audit(session, ctx, action="withdraw_application", row=application, before=before, contract_id=None,
                    summary="申込の取下げ")
