"""The live fee preview of the forms: a pure function of what is typed (no Qt, no database).

A form builds a `FeeForm` (the texts of its fields, plus what a stored contract already
fixes) and calls `compute_preview` once per edit; the panel beside the form shows the
`Preview` it returns: the first month's pro-rata, the minimum-term end, the term end, the
next non-renewal deadline in both readings, the billing of the coming months and the penalty
if the customer gave notice now. A field that does not parse gives its Japanese message in
place of the numbers that depend on it, never an exception or a stale figure.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from app import terms
from app.formatting import format_date, yen
from app.inputs import InputError, parse_date, parse_month, parse_yen
from app.terms.calendar import add_months, month_first, month_last
from app.terms.profile import NoticeReading

FIELD_LABELS: dict[str, str] = {
    "start": "サービス開始日",
    "monthly_fee": "月額費用",
    "initial_fee": "初期費用",
    "term_end": "契約期間の満了日",
    "change_month": "変更後サービスの開始月",
    "change_fee": "変更後の月額費用",
    "change_one_time": "初期費用（見積額）",
    "change_description": "変更内容",
    "notice": "通知の到達日",
    "end": "終了希望日",
}

BILLING_MONTHS = 12

# Art 6: the six kinds of work outside the service; a change that names one is flagged.
EXCLUDED_WORK: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("第6条(1) 契約申込者以外の第三者からの直接の提供要請", ("第三者",)),
    ("第6条(2) 故障・不具合原因の解析", ("原因の解析", "原因解析", "故障解析", "不具合解析", "障害解析")),
    ("第6条(3)(4) 故障の修理・不具合の修正", ("修理", "不具合の修正", "不具合修正")),
    ("第6条(5) 対象機器のオーバーホール", ("オーバーホール",)),
    ("第6条(6) 対象機器の改造・移動・分解・撤去", ("改造", "移動", "分解", "撤去")),
)


def excluded_work(description: str) -> tuple[str, ...]:
    """The Art 6 exclusions that `description` names (by keyword), in article order."""
    text = description.replace(" ", "").replace("　", "")
    return tuple(label for label, words in EXCLUDED_WORK if any(word in text for word in words))


@dataclass(frozen=True)
class KnownTerms:
    """What a stored contract already fixes; a form's typed field overrides the matching value."""

    start: date | None = None
    monthly_fee: int | None = None
    initial_fee: int = 0
    initial_end: date | None = None
    changes: tuple[terms.FeeChange, ...] = ()


@dataclass(frozen=True)
class FeeForm:
    """The values of a form as typed. Empty text means "not entered" (the known value, if any, applies)."""

    today: date
    start: str = ""
    monthly_fee: str = ""
    initial_fee: str = ""
    term_end: str = ""
    change_month: str = ""
    change_fee: str = ""
    change_one_time: str = ""
    change_description: str = ""
    notice: str = ""
    end: str = ""
    known: KnownTerms = field(default_factory=KnownTerms)
    reading: NoticeReading | None = None  # settings' reading override; None: the profile's


@dataclass(frozen=True)
class Deadline:
    term_end: date  # the term whose renewal the notice would stop
    month: date  # reading "month" (the profile's default)
    strict: date  # reading "clear-month": the dashboard warns from here
    reading: NoticeReading  # the reading in force (which of the two is binding)


@dataclass(frozen=True)
class PenaltyPreview:
    notice: date
    end: date
    quote: terms.TerminationQuote


@dataclass(frozen=True)
class Preview:
    """What the panel shows. A value is None when it cannot be computed; `errors` then says why."""

    errors: dict[str, str]  # field -> Japanese message
    start: date | None = None
    first_month: int | None = None
    minimum_term_end: date | None = None
    term_end: date | None = None  # initial term end (notified, or the minimum term)
    term_confirmed: bool = False
    current_term_end: date | None = None  # end of the term running on `today` (or the first)
    deadline: Deadline | None = None
    billing: tuple[terms.BillingLine, ...] = ()
    penalty: PenaltyPreview | None = None
    penalty_error: str = ""
    flags: tuple[str, ...] = ()  # warnings for the user to decide (change in the pro-rated month, Art 6)

    @property
    def ok(self) -> bool:
        return not self.errors


class FieldReader:
    """Reads typed texts into values (app.inputs), keeping the first Japanese message per field.

    Empty text is "not entered": the fallback, or a "please enter" message when required.
    The forms' presenters use it too (ui/presenters/form_input.Reader).
    """

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def _empty(self, name: str, label: str, required: bool) -> None:
        if required:
            self.errors.setdefault(name, f"{label}を入力してください")

    def day(self, name: str, text: str, label: str, *, required: bool = False,
            fallback: date | None = None) -> date | None:
        text = text.strip()
        if not text:
            self._empty(name, label, required and fallback is None)
            return fallback
        try:
            return parse_date(text, label)
        except InputError as error:
            self.errors.setdefault(name, error.message)
            return None

    def month(self, name: str, text: str, label: str, *, required: bool = False) -> date | None:
        """A month typed as '2026-01', '令和8年1月' or any date in it (its first day)."""
        text = text.strip()
        if not text:
            self._empty(name, label, required)
            return None
        try:
            return parse_month(text, label)
        except InputError:
            pass
        try:
            return month_first(parse_date(text, label))
        except InputError as error:
            self.errors.setdefault(name, error.message)
            return None

    def yen(self, name: str, text: str, label: str, *, required: bool = False, positive: bool = False,
            fallback: int | None = None) -> int | None:
        text = text.strip()
        if not text:
            self._empty(name, label, required and fallback is None)
            return fallback
        try:
            value = parse_yen(text, label)
        except InputError as error:
            self.errors.setdefault(name, error.message)
            return None
        if positive and value <= 0:
            self.errors.setdefault(name, f"{label}は1円以上で入力してください")
            return None
        return value


def _profile(day: date, reading: NoticeReading | None) -> terms.TermsProfile:
    profile = terms.profile_for(day)
    if reading is not None and reading != profile.notice_reading:
        profile = replace(profile, notice_reading=reading)
    return profile


def next_deadline(chain: terms.RenewalChain, today: date, reading: NoticeReading | None) -> Deadline:
    """The next non-renewal deadline on or after `today` (the first term's when the start is ahead)."""
    for term in chain.terms():
        profile = _profile(term.last_day, reading)
        month = terms.notice_deadline(term.last_day, reading="month", profile=profile)
        strict = terms.strict_notice_deadline(term.last_day)
        binding = month if profile.notice_reading == "month" else strict
        if binding >= today:
            return Deadline(term.last_day, month, strict, profile.notice_reading)
    raise AssertionError("unreachable")  # pragma: no cover


_FIELD_OF_TERMS = {"initial_end": "term_end", "end": "end", "monthly_fee": "monthly_fee",
                   "new_monthly_fee": "change_fee", "one_time_fee": "change_one_time", "initial_fee": "initial_fee"}


def _terms_error(error: Exception, default_field: str) -> tuple[str, str]:
    if isinstance(error, terms.TermsInputError):
        return _FIELD_OF_TERMS.get(error.field or "", default_field), error.message
    return default_field, "日付が計算できる範囲を超えています。入力を確認してください"


def compute_preview(form: FeeForm) -> Preview:
    """One recomputation through app.terms for the values of `form`."""
    parsed = FieldReader()
    known = form.known
    label = FIELD_LABELS
    start = parsed.day("start", form.start, label["start"], required=True, fallback=known.start)
    monthly = parsed.yen("monthly_fee", form.monthly_fee, label["monthly_fee"], required=True, positive=True,
                         fallback=known.monthly_fee)
    initial_fee = parsed.yen("initial_fee", form.initial_fee, label["initial_fee"], fallback=known.initial_fee)
    term_end_in = parsed.day("term_end", form.term_end, label["term_end"], fallback=known.initial_end)
    change_month = parsed.month("change_month", form.change_month, label["change_month"])
    change_fee = parsed.yen("change_fee", form.change_fee, label["change_fee"],
                            required=bool(form.change_month.strip()), positive=True)
    one_time = parsed.yen("change_one_time", form.change_one_time, label["change_one_time"], fallback=0)
    notice_in = parsed.day("notice", form.notice, label["notice"])
    end_in = parsed.day("end", form.end, label["end"])
    flags: list[str] = []
    if form.change_description.strip():
        flags += [f"適用除外の作業が含まれている可能性があります: {label}"
                  for label in excluded_work(form.change_description)]
    errors = parsed.errors
    result = Preview(errors=errors, start=start)
    if start is None:
        return replace(result, flags=tuple(flags))
    try:
        minimum = terms.minimum_term_end(start)
    except (terms.TermsInputError, ValueError, OverflowError) as error:
        errors.setdefault(*_terms_error(error, "start"))
        return replace(result, flags=tuple(flags))
    result = replace(result, minimum_term_end=minimum)
    term_ok = True
    try:
        chain = terms.RenewalChain.of(start, term_end_in)
        running = chain.term_containing(max(form.today, start))
        deadline = next_deadline(chain, form.today, form.reading)
        result = replace(result, term_end=chain.initial_end, term_confirmed=term_end_in is not None,
                         current_term_end=running.last_day, deadline=deadline)
    except (terms.TermsInputError, ValueError, OverflowError) as error:
        errors.setdefault(*_terms_error(error, "term_end"))
        term_ok = False  # the fees do not depend on the term: they are still shown
    if monthly is None or initial_fee is None or "change_month" in errors or "change_fee" in errors \
            or "change_one_time" in errors:
        return replace(result, flags=tuple(flags))
    changes = list(known.changes)
    if change_month is not None and change_fee is not None:
        month = month_first(change_month)
        changes = [c for c in changes if c.effective_month != month]
        changes.append(terms.FeeChange(month, change_fee, one_time or 0, form.change_description.strip()))
        if month < month_first(start):
            errors["change_month"] = "変更後サービスの開始月がサービス開始月より前です"
            return replace(result, flags=tuple(flags))
        if month == month_first(start) and start.day != 1:
            flags.insert(0, "日割計算となる初月に変更契約が開始します。初月の請求方法を確認してください")
    try:
        profile = terms.profile_for(start)
        schedule = terms.FeeSchedule.for_profile(monthly, tuple(changes), profile)
        first_month = terms.first_month_charge(schedule.fee_for_month(start), start)
        if change_month is not None:
            first = add_months(month_first(change_month), -2)
            first = max(first, month_first(start))
        else:
            first = month_first(max(form.today, start))
        billing = terms.billing_plan(start, schedule, initial_fee=initial_fee,
                                     through=month_last(add_months(first, BILLING_MONTHS - 1)), from_month=first,
                                     end=end_in if end_in is not None and end_in >= start else None)
    except (terms.TermsInputError, ValueError, OverflowError) as error:
        errors.setdefault(*_terms_error(error, "monthly_fee"))
        return replace(result, flags=tuple(flags))
    result = replace(result, first_month=first_month, billing=billing)
    if not term_ok or "notice" in errors or "end" in errors:
        return replace(result, flags=tuple(flags))
    notice = notice_in if notice_in is not None else max(form.today, start)
    try:
        profile = _profile(notice, form.reading)
        end = end_in if end_in is not None else terms.earliest_end(notice, profile.notice_months, profile=profile)
        quote = terms.termination_quote_for(start, schedule, notice, end, term_end_in, profile=profile)
    except (terms.TermsInputError, ValueError, OverflowError) as error:
        return replace(result, flags=tuple(flags), penalty_error=_terms_error(error, "notice")[1])
    return replace(result, penalty=PenaltyPreview(notice, end, quote), flags=tuple(flags))


# --- what the panel shows, as text (the widget only lays it out) -------------------------------

RowKind = Literal["value", "error", "warning"]


@dataclass(frozen=True)
class PreviewRow:
    label: str
    text: str
    kind: RowKind = "value"


def _missing(preview: Preview, *names: str) -> str:
    """The message of the first invalid field among `names` (what replaces a number)."""
    for name in names:
        if name in preview.errors:
            return preview.errors[name]
    return next(iter(preview.errors.values()), "入力を確認してください")


def preview_rows(preview: Preview, style: str = "western") -> tuple[PreviewRow, ...]:
    """The summary lines: each a value, or the Japanese message of the field it depends on."""
    def day(value: date | None, label: str, *depends: str) -> PreviewRow:
        if value is None:
            return PreviewRow(label, _missing(preview, *depends), "error")
        return PreviewRow(label, format_date(value, style))

    rows = [
        PreviewRow("初月の料金", yen(preview.first_month)) if preview.first_month is not None
        else PreviewRow("初月の料金", _missing(preview, "start", "monthly_fee", "initial_fee", "change_month", "change_fee",
                                              "change_one_time"), "error"),
        day(preview.minimum_term_end, "最低利用期間の満了日", "start"),
    ]
    if preview.term_end is not None:
        note = "" if preview.term_confirmed else "（期間未確定: 最低利用期間）"
        rows.append(PreviewRow("契約期間の満了日", format_date(preview.term_end, style) + note,
                               "value" if preview.term_confirmed else "warning"))
    else:
        rows.append(day(None, "契約期間の満了日", "term_end", "start"))
    deadline = preview.deadline
    if deadline is None:
        rows.append(PreviewRow("次の更新拒絶期限", _missing(preview, "term_end", "start"), "error"))
    else:
        rows.append(PreviewRow("次の更新拒絶期限",
                               f"{format_date(deadline.month, style)}（{format_date(deadline.term_end, style)}満了分）"))
        rows.append(PreviewRow("　厳格な読み方", format_date(deadline.strict, style)
                               + ("（適用中）" if deadline.reading == "clear-month" else "（この日から警告）")))
    penalty = preview.penalty
    if penalty is not None:
        quote = penalty.quote
        label = f"{format_date(penalty.notice, style)}に通知した場合"
        if quote.allowed:
            text = (f"違約金 {yen(quote.penalty)}（終了日 {format_date(quote.end, style)}、"
                    f"残り{quote.remaining_months}ヶ月）")
            if quote.after_renewal:
                text += "　更新後の通知のため違約金なし"
            rows.append(PreviewRow(label, text))
        else:
            allowed = quote.earliest_end if quote.end < quote.earliest_end else quote.latest_end
            rows.append(PreviewRow(label, f"{quote.reason}（指定可能な日: {allowed.isoformat()}）", "error"))
    else:
        rows.append(PreviewRow("解約した場合の違約金", preview.penalty_error
                               or _missing(preview, "notice", "end", "start", "monthly_fee"), "error"))
    rows += [PreviewRow("要確認", flag, "warning") for flag in preview.flags]
    return tuple(rows)


def billing_rows(preview: Preview) -> tuple[tuple[str, str, str], ...]:
    """(month, what, amount) of the billing lines, for the panel's table."""
    return tuple((f"{line.month.year}年{line.month.month}月", line.note + ("　⚠" if line.flags else ""),
                  yen(line.amount)) for line in preview.billing)
