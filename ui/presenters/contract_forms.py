"""The contract's recording forms without widgets: customer edit, change contract (Art 10),
termination notice received (9.3/9.4), cure notice and cure (16.1), the provider's termination,
payment with late interest, service start. Each turns typed text into a use-case call (FormErrors
per field on bad input) and into what its preview shows, computed without the database.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import Engine

from app import terms
from app.formatting import format_date, percent, yen
from app.labels import CHARGE_KIND_LABELS, GROUND_LABELS
from app.preview import FeeForm, excluded_work
from app.terms.profile import NoticeReading
from app.models import ChargeKind
from app.usecases import breach, change_contracts, contracts, payments, termination
from app.usecases.context import UseCaseContext
from app.usecases.customer_edit import update_customer
from app.usecases.customers import CustomerInput
from app.usecases.errors import ValidationError
from app.usecases.form_data import ChargeBrief, ContractBrief
from app.usecases.grounds import PROVIDER_GROUNDS, SUM_16_3_GROUNDS
from ui.presenters.form_input import FormErrors, Reader, from_use_case

# --- customer edit ------------------------------------------------------------------------------

CUSTOMER_EDIT_FIELDS = ("company_name", "company_kana", "department", "contact_person", "honorific", "postal_code",
                        "address", "phone", "email")


def save_customer(engine: Engine, ctx: UseCaseContext, customer_id: int, values: Mapping[str, str]) -> bool:
    data = CustomerInput(**{name: values.get(name, "") for name in CUSTOMER_EDIT_FIELDS})
    try:
        return update_customer(engine, ctx, customer_id, data)
    except ValidationError as error:
        raise from_use_case(error) from error


# --- change contract (Art 10) ----------------------------------------------------------------------

@dataclass(frozen=True)
class ChangeValues:
    requested_date: str = ""
    accepted_date: str = ""
    effective_month: str = ""
    new_monthly_fee: str = ""
    one_time_fee: str = ""
    description: str = ""


def change_fee_form(brief: ContractBrief, values: ChangeValues, today: date,
                    reading: NoticeReading | None = None) -> FeeForm:
    return FeeForm(today=today, change_month=values.effective_month, change_fee=values.new_monthly_fee,
                   change_one_time=values.one_time_fee, change_description=values.description, known=brief.known,
                   reading=reading)


def save_change(engine: Engine, ctx: UseCaseContext, brief: ContractBrief, values: ChangeValues) -> tuple[str, ...]:
    """Record the change contract; returns the use case's warnings plus the Art 6 flags."""
    reader = Reader()
    requested = reader.day("requested_date", values.requested_date, "変更の申込日", required=True)
    accepted = reader.day("accepted_date", values.accepted_date, "承諾日", required=True)
    month = reader.month("effective_month", values.effective_month, "変更後サービスの開始月", required=True)
    fee = reader.yen("new_monthly_fee", values.new_monthly_fee, "変更後の月額費用", required=True, positive=True)
    one_time = reader.yen("one_time_fee", values.one_time_fee, "初期費用（見積額）")
    text = reader.text("description", values.description, "変更内容", max_length=2000)
    reader.check()
    assert requested and accepted and month and fee is not None
    try:
        recorded = change_contracts.add_change_contract(
            engine, ctx, brief.id, requested_date=requested, accepted_date=accepted, effective_month=month,
            new_monthly_fee=fee, one_time_fee=one_time or 0, description=text)
    except ValidationError as error:
        raise from_use_case(error) from error
    return recorded.warnings + tuple(f"適用除外の作業: {label}" for label in excluded_work(text))


# --- termination notice received (9.3, 9.4) ---------------------------------------------------------

@dataclass(frozen=True)
class TerminationValues:
    notice_date: str = ""
    requested_end: str = ""
    penalty_due: str = ""
    note: str = ""


def termination_fee_form(brief: ContractBrief, values: TerminationValues, today: date,
                         reading: NoticeReading | None = None) -> FeeForm:
    return FeeForm(today=today, notice=values.notice_date, end=values.requested_end, known=brief.known,
                   reading=reading)


@dataclass(frozen=True)
class TerminationCheck:
    notice: date
    end: date
    quote: terms.TerminationQuote


def check_termination(brief: ContractBrief, values: TerminationValues,
                      reading: NoticeReading | None = None) -> TerminationCheck:
    """The quote for the typed notice and end; FormErrors naming the allowed date when refused
    (the same words as the command line: the terms' reason and "（指定可能な日: YYYY-MM-DD）")."""
    reader = Reader()
    notice = reader.day("notice_date", values.notice_date, "通知の到達日", required=True)
    end = reader.day("requested_end", values.requested_end, "終了希望日", required=True)
    reader.day("penalty_due", values.penalty_due, "違約金の支払期日")
    if brief.known.start is None:
        reader.fail("_form", f"契約 {brief.number} はサービス開始日が記録されていません")
    reader.check()
    assert notice and end and brief.known.start is not None and brief.known.monthly_fee is not None
    profile = terms.profile_for(notice)
    if reading is not None and reading != profile.notice_reading:
        profile = replace(profile, notice_reading=reading)
    schedule = terms.FeeSchedule(brief.known.monthly_fee, brief.known.changes)
    try:
        quote = terms.termination_quote_for(brief.known.start, schedule, notice, end, brief.known.initial_end,
                                            profile=profile)
        terms.require_allowed(quote, field="requested_end")
    except terms.TermsInputError as refused:
        allowed = f"（指定可能な日: {refused.allowed.isoformat()}）" if refused.allowed else ""
        raise FormErrors({"requested_end": f"{refused.message}{allowed}"}) from None
    return TerminationCheck(notice, end, quote)


def termination_question(check: TerminationCheck, style: str = "western") -> str:
    quote = check.quote
    kind = "更新しない旨の申出（第9条第3項）" if check.end == quote.term_end else "解約通知（第9条第4項）"
    return (f"{kind}として記録し、契約を{format_date(check.end, style)}で終了します。"
            f"違約金 {yen(quote.penalty)}。よろしいですか？")


def save_termination(engine: Engine, ctx: UseCaseContext, brief: ContractBrief,
                     values: TerminationValues) -> termination.TerminationRecorded:
    check = check_termination(brief, values, ctx.reading)
    reader = Reader()
    due = reader.day("penalty_due", values.penalty_due, "違約金の支払期日")
    note = reader.text("note", values.note, "備考")
    reader.check()
    try:
        return termination.record_termination_notice(engine, ctx, brief.id, check.notice, check.end,
                                                     penalty_due=due, note=note)
    except ValidationError as error:
        raise from_use_case(error) from error


# --- cure notice (16.1) ----------------------------------------------------------------------------

def cure_lines(dispatched_text: str, style: str = "western") -> tuple[str, ...]:
    """The cure period for the typed dispatch date: its last day and the first day to terminate."""
    reader = Reader()
    day = reader.day("dispatched_date", dispatched_text, "発送日", required=True)
    if day is None:
        return tuple(reader.errors.values())
    return (f"是正期限: {format_date(terms.cure_deadline(day), style)}（発送日の翌日から30日）",
            f"是正されない場合の解除: {format_date(terms.cure_termination_from(day), style)}から（第16条第1項）")


def save_cure_notice(engine: Engine, ctx: UseCaseContext, brief: ContractBrief, dispatched_text: str,
                     breach_text: str) -> int:
    reader = Reader()
    day = reader.day("dispatched_date", dispatched_text, "発送日", required=True)
    what = reader.text("breach", breach_text, "違反の内容", required=True)
    reader.check()
    assert day is not None
    try:
        return breach.record_cure_notice(engine, ctx, brief.id, day, what)
    except ValidationError as error:
        raise from_use_case(error) from error


def save_cure(engine: Engine, ctx: UseCaseContext, cure_id: int | None, cured_text: str) -> None:
    reader = Reader()
    if cure_id is None:
        reader.fail("cure", "是正された催告を選んでください")
    day = reader.day("cured_date", cured_text, "是正日", required=True)
    reader.check()
    assert day is not None and cure_id is not None
    try:
        breach.record_cure(engine, ctx, cure_id, day)
    except ValidationError as error:
        raise from_use_case(error) from error


# --- the provider's termination (15, 16) -------------------------------------------------------------

def ground_choices() -> tuple[tuple[str, str], ...]:
    return tuple((code, GROUND_LABELS[code]) for code in PROVIDER_GROUNDS)


def provider_sum_line(brief: ContractBrief, ground: str, day_text: str, style: str = "western") -> str:
    """What the provider will claim: the 16.3 sum for the typed date, or "damages by hand" (15.3)."""
    if ground not in SUM_16_3_GROUNDS:
        return "損害賠償額は別途入力します（第15条第5項）。この解除で残存期間の利用料相当額は生じません"
    reader = Reader()
    day = reader.day("termination_date", day_text, "解除日", required=True)
    if day is None:
        return next(iter(reader.errors.values()))
    if brief.known.start is None or brief.known.monthly_fee is None:
        return "サービス開始前のため、残存期間の利用料相当額はありません"
    try:
        amount = terms.provider_termination_sum(brief.known.start, terms.FeeSchedule(brief.known.monthly_fee,
                                                brief.known.changes), day, brief.known.initial_end)
    except (terms.TermsInputError, ValueError, OverflowError) as error:
        return getattr(error, "message", "日付が計算できる範囲を超えています")
    return f"残存期間の利用料相当額（第16条第3項）: {yen(amount)}（{format_date(day, style)}解除の場合）"


def save_provider_termination(engine: Engine, ctx: UseCaseContext, brief: ContractBrief, ground: str,
                              day_text: str, due_text: str, note_text: str) -> breach.ProviderTerminationRecorded:
    reader = Reader()
    if ground not in PROVIDER_GROUNDS:
        reader.fail("ground", "解除の根拠を選んでください")
    day = reader.day("termination_date", day_text, "解除日", required=True)
    due = reader.day("sum_due", due_text, "支払期日")
    note = reader.text("note", note_text, "備考")
    reader.check()
    assert day is not None
    try:
        return breach.terminate_by_provider(engine, ctx, brief.id, ground, day, sum_due=due, note=note)
    except ValidationError as error:
        raise from_use_case(error) from error


# --- payment (8.2) ---------------------------------------------------------------------------------

def charge_label(charge: ChargeBrief, style: str = "western") -> str:
    return (f"{charge.description or charge.label}　{yen(charge.amount)}（期日 {format_date(charge.due_date, style)}、"
            f"残高 {yen(charge.balance)}）")


def interest_lines(charge: ChargeBrief | None, paid_text: str, amount_text: str, style: str = "western") -> tuple[str, ...]:
    """Late interest to the typed payment date (per period of constant balance) and the balance after."""
    if charge is None:
        return ("請求を選んでください",)
    reader = Reader()
    paid = reader.day("paid_date", paid_text, "入金日", required=True)
    amount = reader.yen("amount", amount_text, "入金額", positive=True)
    if reader.errors:
        return tuple(reader.errors.values())
    assert paid is not None
    lines = []
    try:
        periods = payments.interest_periods(charge.kind, charge.amount, charge.due_date, charge.payments, paid)
    except terms.TermsInputError as error:
        return (error.message,)
    profile = payments.interest_profile(charge.kind, charge.due_date)
    if profile is None:
        lines.append(f"{charge.label}には遅延利息はかかりません")
    else:
        what = "遅延利息" if charge.kind in payments.FEE_KINDS else "遅延損害金（法定利率）"
        lines.append(f"{format_date(paid, style)}までの{what}（年{percent(profile.late_rate_percent)}）: "
                     f"{yen(sum(p.interest for p in periods))}（延滞{sum(p.days for p in periods)}日）")
    if amount is not None:
        after = charge.balance - amount
        lines.append(f"入金後の残高: {yen(after)}" if after >= 0 else f"入金額が残高 {yen(charge.balance)} を超えています")
    return tuple(lines)


def charge_interest_note(today: date) -> str:
    """What the charge form says about late interest, with the rates of the profile in force today:
    the fees bear the 8.2 rate, the amounts owed on an ending the statutory rate, collection costs none
    (the rule of payments.interest_profile)."""
    profile = terms.profile_for(today)
    fees = "・".join(CHARGE_KIND_LABELS[kind] for kind in ChargeKind if kind in payments.FEE_KINDS)
    endings = "・".join(CHARGE_KIND_LABELS[kind] for kind in ChargeKind if kind in payments.STATUTORY_KINDS)
    try:
        statutory = f"法定利率（現在 年{percent(profile.statutory_rate_on(today))}）"
    except ValueError:  # a day the profile has no statutory rate for
        statutory = "法定利率"
    return (f"{fees}の遅延には年{percent(profile.late_rate_percent)}の遅延利息（第8条第2項）、"
            f"{endings}の遅延には{statutory}の遅延損害金がかかります。")


def save_payment(engine: Engine, ctx: UseCaseContext, charge: ChargeBrief | None, paid_text: str,
                 amount_text: str) -> int:
    reader = Reader()
    if charge is None:
        reader.fail("charge", "入金の対象となる請求を選んでください")
    paid = reader.day("paid_date", paid_text, "入金日", required=True)
    amount = reader.yen("amount", amount_text, "入金額", required=True, positive=True)
    reader.check()
    assert charge is not None and paid is not None and amount is not None
    try:
        return payments.record_payment(engine, ctx, charge.id, paid, amount)
    except ValidationError as error:
        raise from_use_case(error) from error


def save_charge(engine: Engine, ctx: UseCaseContext, contract_id: int, kind: ChargeKind, amount_text: str,
                due_text: str, description: str) -> int:
    reader = Reader()
    amount = reader.yen("amount", amount_text, "請求額", required=True, positive=True)
    due = reader.day("due_date", due_text, "支払期日", required=True)
    text = reader.text("description", description, "摘要", max_length=200)
    reader.check()
    assert amount is not None and due is not None
    try:
        return payments.add_charge(engine, ctx, contract_id, kind, amount, due, description=text)
    except ValidationError as error:
        raise from_use_case(error) from error


# --- service start ---------------------------------------------------------------------------------

def start_fee_form(brief: ContractBrief, start_text: str, term_end_text: str, today: date,
                   reading: NoticeReading | None = None) -> FeeForm:
    known = replace(brief.known, start=None, initial_end=None)
    return FeeForm(today=today, start=start_text, term_end=term_end_text, known=known, reading=reading)


def save_service_start(engine: Engine, ctx: UseCaseContext, contract_id: int, start_text: str,
                       term_end_text: str) -> None:
    """Record the service start (refused by the use case until all four prerequisites are met)."""
    reader = Reader()
    start = reader.day("start_date", start_text, "サービス開始日", required=True)
    term_end = reader.day("term_end", term_end_text, "契約期間の満了日")
    reader.check()
    assert start is not None
    try:
        contracts.record_service_start(engine, ctx, contract_id, start, initial_term_end=term_end)
    except ValidationError as error:
        raise from_use_case(error, {"initial_term_end": "term_end"}) from error
