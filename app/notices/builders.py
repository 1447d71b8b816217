"""Document builders: a stored contract's facts -> a `Letter` of one kind.

Every figure comes from `app.terms` (deadlines, penalty, interest, tax) applied to the stored
contract (`LetterFacts`); every sentence comes from the kind's template in data/notices/. Dates
are written by `app.formatting.format_date` in the user's style (西暦/和暦), yen by `yen`.
A contract that is not in a state for the kind (no notice received, no open cure notice, nothing
overdue, ...) raises `NotApplicable` with a Japanese message; nothing is printed blank.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction

from app import terms
from app.formatting import decimal_text, format_date, format_month, weekday, yen
from app.labels import CHARGE_KIND_LABELS
from app.models import ChargeKind
from app.notices.kinds import DocumentKind
from app.notices.layout import FigureTable, Letter, Sender
from app.notices.sources import ChargeFacts, LetterFacts
from app.notices.templates import Template, common_values, load_template
from app.terms.options import penalty_tax_label
from app.terms.profile import NoticeReading, TermsProfile
from app.terms.termination import fees_billed_from
from app.usecases.contract_terms import not_started
from app.usecases.grounds import NOTICE_GROUNDS
from app.usecases.payments import STATUTORY_KINDS, interest_profile

ONE_DAY = timedelta(days=1)
# Which charge bears which late rate: payments.interest_profile (8.2 for the fees, SPEC 6 for the rest).


class NotApplicable(ValueError):
    """This kind of document does not apply to the contract now (message in Japanese)."""


@dataclass(frozen=True)
class IssueContext:
    """What every letter needs besides the contract: the issue date, the sender and the date style."""

    issue_date: date
    sender: Sender
    date_style: str = "western"
    reading: NoticeReading | None = None  # the settings' notice-reading override (None: the profile's)


@dataclass(frozen=True)
class BuildOptions:
    """Per-kind choices: which term, cure notice or change contract; due dates given by the user."""

    term_end: date | None = None  # renewal: the term ending on this day (default: the term containing the issue date)
    cure_id: int | None = None  # cure: the open cure notice (default: the latest)
    change_id: int | None = None  # change: the change contract (default: the latest accepted)
    payment_due: date | None = None  # termination / late interest: the payment due date printed
    interest_since: date | None = None  # late interest: billed through this day (default: the last statement sent)


RATE_PLACES = 4  # a rate that is not a finite decimal is printed to 4 places


def document_number(prefix: str, issue_date: date, sequence: int) -> str:
    """'SP2026-000123': prefix, issue year and the never-reused serial number."""
    return f"{prefix}{issue_date.year}-{sequence:06d}"


class _Writer:
    """Fills one template for one contract: dates in the user's style, yen with separators."""

    def __init__(self, kind: DocumentKind, ic: IssueContext) -> None:
        self.template: Template = load_template(kind.value)
        self.ic = ic
        self.values: dict[str, str] = dict(common_values())

    def d(self, day: date) -> str:
        return format_date(day, self.ic.date_style)

    def month(self, day: date) -> str:
        return format_month(day, self.ic.date_style)

    def letter(self, facts: LetterFacts, number: str, *, extra_record: tuple[FigureTable, ...] = (),
               record_first: bool = False, amount: int = 0) -> Letter:
        t, v = self.template, self.values
        rows = [(t.fill(label, v), t.fill(value, v)) for label, value in t.record]
        kept = [(i, row) for i, row in enumerate(rows) if row[1].strip()]
        totals = [n for n, (i, _) in enumerate(kept) if i in t.total_rows]
        table = FigureTable(rows=[list(row) for _, row in kept], total_rows=totals)
        record: list[FigureTable | str] = [*extra_record, table] if record_first else [table, *extra_record]
        return Letter(
            document_number=number,
            issue_date=self.ic.issue_date,
            addressee=facts.addressee,
            sender=self.ic.sender,
            subject=t.fill(t.subject, v),
            opening=t.fill(t.opening, v),
            body=[text for text in (t.fill(p, v) for p in t.body) if text.strip()],
            record=record,
            notes=[t.fill(n, v) for n in t.notes],
            date_style=self.ic.date_style,
            salutation=t.salutation,
            meta={"contract_id": facts.contract_id, "amount": amount},
        )


def _profile(day: date, reading: NoticeReading | None) -> TermsProfile:
    profile = terms.profile_for(day)
    if reading is not None and reading != profile.notice_reading:
        profile = replace(profile, notice_reading=reading)
    return profile


def _started(facts: LetterFacts) -> terms.ContractTerms:
    contract_terms = facts.contract_terms
    if contract_terms is None:
        raise NotApplicable(not_started(facts.number))
    return contract_terms


def build_renewal(facts: LetterFacts, number: str, ic: IssueContext, options: BuildOptions = BuildOptions()) -> Letter:
    """契約更新のご案内 for the term ending on `options.term_end` (default: the current term)."""
    contract_terms = _started(facts)
    if facts.end_date is not None:
        raise NotApplicable(f"契約 {facts.number} は終了日が決まっているため、更新のご案内は作成できません")
    chain = contract_terms.chain()
    term = chain.term_containing(options.term_end or ic.issue_date)
    if options.term_end is not None and term.last_day != options.term_end:
        raise NotApplicable(f"契約 {facts.number} の契約期間は{format_date(options.term_end)}に満了しません")
    next_term = chain.term_containing(term.last_day + ONE_DAY)
    profile = _profile(term.last_day, ic.reading)
    deadline = terms.notice_deadline(term.last_day, profile.notice_months, profile=profile)
    fee = contract_terms.schedule.fee_for_month(next_term.first_day)
    (tax_line,) = terms.document_tax([(fee, profile.consumption_rate_percent)], profile)
    w = _Writer(DocumentKind.RENEWAL, ic)
    w.values.update(
        contract_number=facts.number,
        term_first=w.d(term.first_day),
        term_end=w.d(term.last_day),
        deadline=w.d(deadline),
        next_term_first=w.d(next_term.first_day),
        next_term_last=w.d(next_term.last_day),
        monthly_fee=yen(fee),
        tax_rate=str(profile.consumption_rate_percent),
        monthly_tax=yen(tax_line.tax),
        monthly_total=yen(fee + tax_line.tax),
        deadline_warning="",
    )
    if deadline.weekday() >= 5:
        w.values["deadline_warning"] = w.template.phrase("weekend_warning", {**w.values, "weekday": weekday(deadline)})
    return w.letter(facts, number, amount=fee + tax_line.tax)


def build_termination_acceptance(facts: LetterFacts, number: str, ic: IssueContext,
                                 options: BuildOptions = BuildOptions()) -> Letter:
    """解約のご通知受領および解約違約金のご請求: the received notice, last day, fees still billed, penalty."""
    contract_terms = _started(facts)
    if facts.notice_date is None or facts.end_date is None or facts.end_ground not in NOTICE_GROUNDS:
        raise NotApplicable(f"契約 {facts.number} には解約のご通知（第9条第3項・第4項）が記録されていません")
    notice, end = facts.notice_date, facts.end_date
    profile = _profile(notice, ic.reading)
    quote = terms.termination_quote_for(contract_terms.start, contract_terms.schedule, notice, end,
                                        contract_terms.initial_end, profile=profile)
    penalty = quote.penalty if quote.allowed else 0
    first_month = terms.month_first(max(ic.issue_date, contract_terms.start))
    fees = fees_billed_from(contract_terms, first_month, end) if first_month <= end else 0
    rate = profile.consumption_rate_percent
    lines = [(fees, rate)] + ([(penalty, rate)] if profile.penalty_tax == "taxable" else [])
    tax = sum(line.tax for line in terms.document_tax(lines, profile))
    penalty_charges = [c for c in facts.charges if c.kind == ChargeKind.PENALTY]
    w = _Writer(DocumentKind.TERMINATION_ACCEPTANCE, ic)
    t = w.template
    w.values.update(
        contract_number=facts.number,
        notice_date=w.d(notice),
        end_date=w.d(end),
        ground="利用約款第9条第3項（更新しない旨のお申し出）" if facts.end_ground == "9.3" else "利用約款第9条第4項（途中解約）",
        term_first=w.d(terms.RenewalChain.of(contract_terms.start, contract_terms.initial_end)
                       .term_containing(end).first_day),
        term_end=w.d(quote.term_end),
        billed_months=(f"{w.month(first_month)}分～{w.month(end)}分" if fees else t.phrase("no_fees_billed", w.values)),
        fees_billed=yen(fees),
        tax_rate=str(rate),
        fees_tax=yen(tax),
        remaining_months=str(quote.remaining_months),
        penalty_tax_label=penalty_tax_label(profile),
        penalty_tax_note="" if profile.penalty_tax_confirmed else t.phrase("tax_unconfirmed", w.values),
        penalty=yen(penalty),
        total=yen(fees + tax + penalty),
    )
    due = options.payment_due or (penalty_charges[-1].due_date if penalty_charges else None)
    w.values["penalty_due"] = (w.d(due) if due else t.phrase("penalty_due_later", w.values)) if penalty else ""
    if penalty:
        w.values["penalty_sentence"] = t.phrase("penalty_owed", w.values)
    elif quote.after_renewal:
        w.values["penalty_sentence"] = t.phrase("no_penalty_after_renewal", w.values)
    else:
        w.values["penalty_sentence"] = t.phrase("no_penalty_term_end", w.values)
    return w.letter(facts, number, amount=fees + tax + penalty)


def build_cure(facts: LetterFacts, number: str, ic: IssueContext, options: BuildOptions = BuildOptions()) -> Letter:
    """催告書 (16.1): the breach, the 30-day deadline from dispatch, termination and the 16.3 sum.

    The letter is dated on the recorded dispatch day (通知発送日), from which the period runs.
    """
    contract_terms = _started(facts)
    cures = [c for c in facts.open_cures if options.cure_id is None or c.id == options.cure_id]
    if not cures:
        raise NotApplicable(f"契約 {facts.number} には未解決の催告（是正の求め）が記録されていません")
    cure = cures[-1]
    profile = terms.profile_for(cure.dispatched_date)
    deadline = terms.cure_deadline(cure.dispatched_date, profile)
    termination_from = terms.cure_termination_from(cure.dispatched_date, profile)
    amount = terms.provider_termination_sum(contract_terms.start, contract_terms.schedule, termination_from,
                                            contract_terms.initial_end)
    w = _Writer(DocumentKind.CURE, replace(ic, issue_date=cure.dispatched_date))
    w.values.update(
        contract_number=facts.number,
        breach=cure.breach,
        dispatched=w.d(cure.dispatched_date),
        cure_days=str(profile.cure_days),
        cure_deadline=w.d(deadline),
        termination_from=w.d(termination_from),
        termination_sum=yen(amount),
    )
    letter = w.letter(facts, number, amount=0)
    letter.meta["cure_id"] = cure.id
    return letter


@dataclass(frozen=True)
class InterestLine:
    charge: ChargeFacts
    balance: int
    first_day: date
    last_day: date
    days: int
    rate: Fraction
    statutory: bool
    paid: bool  # the period ends with a payment (else on the calculation day)
    interest: int


def interest_lines(facts: LetterFacts, as_of: date, since: date | None = None) -> list[InterestLine]:
    """Late interest per charge and period of constant balance through `as_of` (8.2, SPEC 6).

    Fees (with tax) at the profile's late rate; a penalty or 16.3 sum at the statutory rate in
    force on the first day of default. Periods already billed through `since` are left out.
    """
    lines: list[InterestLine] = []
    for charge in facts.charges:
        profile = interest_profile(charge.kind, charge.due_date)
        if charge.due_date >= as_of or profile is None:
            continue
        statutory = charge.kind in STATUTORY_KINDS
        payments = [(paid, amount) for paid, amount in charge.payments if paid <= as_of]
        for period in terms.late_interest_periods(charge.amount, charge.due_date, payments, as_of, profile):
            first, interest, days = period.first_day, period.interest, period.days
            if since is not None:
                if period.last_day <= since:
                    continue
                if first <= since:
                    first = since + ONE_DAY
                    days = (period.last_day - since).days
                    interest = terms.late_interest(period.balance, since, period.last_day, profile)
            if interest <= 0:
                continue
            paid = any(p == period.last_day for p, _ in payments)
            lines.append(InterestLine(charge, period.balance, first, period.last_day, days,
                                      profile.late_rate_percent, statutory, paid, interest))
    return lines


def build_late_interest(facts: LetterFacts, number: str, ic: IssueContext,
                        options: BuildOptions = BuildOptions()) -> Letter:
    """遅延利息のご請求 through the issue date: one row per charge and period, the total (非課税)."""
    # interest already billed by an earlier statement is not billed again
    since = options.interest_since or facts.last_interest_statement
    lines = interest_lines(facts, ic.issue_date, since)
    if not lines:
        raise NotApplicable(f"契約 {facts.number} には{format_date(ic.issue_date)}時点で遅延利息の生じるお支払いがありません")
    profile = terms.profile_for(ic.issue_date)
    w = _Writer(DocumentKind.LATE_INTEREST, ic)
    t = w.template
    total = sum(line.interest for line in lines)
    w.values.update(
        contract_number=facts.number,
        as_of=w.d(ic.issue_date),
        total=yen(total),
        day_count=str(profile.day_count),
        late_rate=decimal_text(profile.late_rate_percent, RATE_PLACES),
        statutory_rate=decimal_text(profile.statutory_rate_on(ic.issue_date), RATE_PLACES),
    )
    w.values["payment_due"] = w.d(options.payment_due) if options.payment_due else t.phrase("payment_due_later", w.values)
    rows = []
    for line in lines:
        label = line.charge.description or CHARGE_KIND_LABELS[line.charge.kind]
        rate = t.phrase("statutory_rate" if line.statutory else "fee_rate", {"rate": decimal_text(line.rate, RATE_PLACES)})
        period = t.phrase("period", {"first": w.d(line.first_day), "last": w.d(line.last_day)})
        if not line.paid:
            period = t.phrase("unpaid", {"period": period})
        rows.append([label, yen(line.balance), w.d(line.charge.due_date), period, f"{line.days}日", rate,
                     yen(line.interest)])
    header = t.table_header or ("ご請求の内容", "残高", "支払期日", "計算期間", "日数", "利率", "遅延利息")
    table = FigureTable(rows=rows, header=list(header), numeric_columns=(1, 4, 6),
                        col_widths=(25, 19, 25, 38, 10, 21, 18), font_size=8.5)
    return w.letter(facts, number, extra_record=(table,), record_first=True, amount=total)


def build_change(facts: LetterFacts, number: str, ic: IssueContext, options: BuildOptions = BuildOptions()) -> Letter:
    """契約内容変更のご案内 (10): the new fee from its month, without pro-rata."""
    changes = [c for c in facts.change_contracts if options.change_id is None or c.id == options.change_id]
    if not changes:
        raise NotApplicable(f"契約 {facts.number} には変更契約が記録されていません")
    change = changes[-1]
    schedule = facts.schedule
    month = terms.month_first(change.effective_month)
    old_fee = schedule.fee_for_month(month - ONE_DAY)
    new_fee = change.new_monthly_fee
    fee_from = month if schedule.fee_for_month(month) == new_fee else terms.add_months(month, 1)
    profile = terms.profile_for(change.accepted_date)
    (tax_line,) = terms.document_tax([(new_fee, profile.consumption_rate_percent)], profile)
    w = _Writer(DocumentKind.CHANGE, ic)
    w.values.update(
        contract_number=facts.number,
        description=change.description or "サービス内容の変更",
        requested_date=w.d(change.requested_date),
        accepted_date=w.d(change.accepted_date),
        effective_month=w.month(month),
        old_fee=yen(old_fee),
        new_fee=yen(new_fee),
        tax_rate=str(profile.consumption_rate_percent),
        new_tax=yen(tax_line.tax),
        new_total=yen(new_fee + tax_line.tax),
        fee_from=w.month(fee_from),
        one_time_fee=yen(change.one_time_fee) if change.one_time_fee else "",
    )
    letter = w.letter(facts, number, amount=new_fee + tax_line.tax)
    letter.meta["change_id"] = change.id
    return letter


Builder = Callable[[LetterFacts, str, IssueContext, BuildOptions], Letter]

BUILDERS: Mapping[DocumentKind, Builder] = {
    DocumentKind.RENEWAL: build_renewal,
    DocumentKind.TERMINATION_ACCEPTANCE: build_termination_acceptance,
    DocumentKind.CURE: build_cure,
    DocumentKind.LATE_INTEREST: build_late_interest,
    DocumentKind.CHANGE: build_change,
}


def build(kind: DocumentKind, facts: LetterFacts, number: str, ic: IssueContext,
          options: BuildOptions = BuildOptions()) -> Letter:
    try:
        builder = BUILDERS[kind]
    except KeyError:
        raise NotApplicable(f"{kind.value} はこの画面では作成できません") from None
    return builder(facts, number, ic, options)
