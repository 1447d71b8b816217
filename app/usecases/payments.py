"""Charges, payments and late interest (Art 8.2, SPEC 6)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from app.formatting import format_date, yen
from app.labels import CHARGE_KIND_LABELS
from app import terms
from app.terms.interest import InterestPeriod
from app.terms.profile import TermsProfile
from app.models import Charge, ChargeKind, Payment
from app.store.engine import session_scope
from app.usecases import checks
from app.usecases.audit import write_audit
from app.usecases.context import UseCaseContext
from app.usecases.contracts import load_contract
from app.usecases.errors import ValidationError, translates_terms_errors

# 本サービス利用料: the fees that bear the profile's late-interest rate (8.2)
FEE_KINDS = frozenset({ChargeKind.INITIAL, ChargeKind.MONTHLY, ChargeKind.CHANGE})
# amounts owed on an ending (解約違約金, 16.3): the statutory rate for an unpaid amount (SPEC 6)
STATUTORY_KINDS = frozenset({ChargeKind.PENALTY, ChargeKind.PROVIDER_TERMINATION})


def interest_profile(kind: ChargeKind, due: date) -> TermsProfile | None:
    """The profile that sets a charge's interest for late payment: the one in force on the due date
    for the fees (8.2: 14.6% a year), the same with the statutory rate in force when the default began
    (365-day year) for STATUTORY_KINDS, None for the kinds that bear none (collection costs)."""
    profile = terms.profile_for(due)
    if kind in FEE_KINDS:
        return profile
    if kind in STATUTORY_KINDS:
        return replace(profile, late_rate_percent=profile.statutory_rate_on(due + timedelta(days=1)), day_count=365)
    return None


def interest_periods(kind: ChargeKind, amount: int, due: date, payments: Iterable[tuple[date, int]],
                     until: date) -> tuple[InterestPeriod, ...]:
    """The interest a charge has borne through `until`, per period of constant balance (payments made
    after `until` left out): the one rule behind the contract view, the home screen, the payment
    dialog and the late-interest letters."""
    profile = interest_profile(kind, due)
    if profile is None or until <= due:
        return ()
    return terms.late_interest_periods(amount, due, [(d, a) for d, a in payments if d <= until], until, profile)


def accrued_interest(kind: ChargeKind, amount: int, due: date, payments: Iterable[tuple[date, int]],
                     until: date) -> int:
    return sum(period.interest for period in interest_periods(kind, amount, due, payments, until))


@translates_terms_errors
def add_charge(
    engine: Engine,
    ctx: UseCaseContext,
    contract_id: int,
    kind: ChargeKind,
    amount: int,
    due_date: date,
    *,
    description: str = "",
) -> int:
    """An amount billed (tax included) with its due date; returns the charge id."""
    if not isinstance(kind, ChargeKind):
        raise ValidationError("請求の種類を選んでください", "kind")
    checks.money(amount, "amount", "請求額", positive=True)
    due = checks.a_date(due_date, "due_date", "支払期日")
    text = checks.text(description, "description", "摘要", max_length=200)
    with session_scope(engine) as session:
        contract = load_contract(session, contract_id)
        checks.not_before(due, contract.accepted_date, "due_date", "支払期日", "承諾日")
        charge = Charge(contract_id=contract_id, kind=kind, amount=amount, due_date=due,
                        description=text or CHARGE_KIND_LABELS[kind])
        charge_id = write_audit(session, ctx, action="add_charge", row=charge, before=None, contract_id=contract_id,
                    summary=f"請求: {charge.description} {yen(amount)}（支払期日 {format_date(due)}）")
        return charge_id


def _paid_total(session: Session, charge_id: int) -> int:
    total = session.exec(select(func.coalesce(func.sum(Payment.amount), 0)).where(Payment.charge_id == charge_id)).one()
    return int(total)


@translates_terms_errors
def record_payment(engine: Engine, ctx: UseCaseContext, charge_id: int, paid_date: date, amount: int) -> int:
    """A payment received against a charge; refuses more than the balance. Returns the payment id."""
    paid = checks.a_date(paid_date, "paid_date", "入金日")
    checks.not_future(paid, ctx.today, "paid_date", "入金日")
    checks.money(amount, "amount", "入金額", positive=True)
    with session_scope(engine) as session:
        charge = checks.get_or_error(session, Charge, charge_id, "請求")
        balance = charge.amount - _paid_total(session, charge_id)
        if balance <= 0:
            raise ValidationError("この請求は支払済みです", "amount")
        if amount > balance:
            raise ValidationError(f"入金額が残高 {yen(balance)} を超えています", "amount")
        payment = Payment(charge_id=charge_id, paid_date=paid, amount=amount)
        payment_id = write_audit(session, ctx, action="record_payment", row=payment, before=None, contract_id=charge.contract_id,
                    summary=f"入金: {yen(amount)}（{format_date(paid)}、{charge.description}）")
        return payment_id


@dataclass(frozen=True)
class LateInterest:
    amount: int
    periods: tuple[InterestPeriod, ...]  # per period of constant balance
    balance: int  # still unpaid on `as_of`


@translates_terms_errors
def late_interest_due(engine: Engine, charge_id: int, as_of: date) -> LateInterest:
    """The interest a charge has borne up to `as_of`, per period of constant balance, by the one rule
    of interest_periods: the 8.2 rate on the fees, the statutory rate on the amounts owed on an
    ending, none on collection costs."""
    with Session(engine) as session:  # read only: never committed
        charge = checks.get_or_error(session, Charge, charge_id, "請求")
        payments = [
            (p.paid_date, p.amount)
            for p in session.exec(select(Payment).where(Payment.charge_id == charge_id, Payment.paid_date <= as_of))
        ]
    periods = interest_periods(ChargeKind(charge.kind), charge.amount, charge.due_date, payments, as_of)
    balance = charge.amount - sum(amount for _, amount in payments)
    return LateInterest(sum(p.interest for p in periods), periods, balance)


@translates_terms_errors
def charge_balance(engine: Engine, charge_id: int) -> int:
    with session_scope(engine) as session:
        charge = checks.get_or_error(session, Charge, charge_id, "請求")
        return charge.amount - _paid_total(session, charge_id)
