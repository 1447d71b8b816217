"""The quote screen without Qt: typed texts in, a `QuoteScreenState` out (tests drive it directly).

The screen (ui/screens/quote.py) forwards each edit to `set_field` and paints the state it gets
back; nothing is computed in the widget. Every change recomputes at once (the quote is pure
arithmetic, well under a frame).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from app.formatting import format_date
from app.inputs import InputError, parse_date
from app.quote import Quote, QuoteInputError, QuoteSubject, build_quote
from app.quote.picture import quote_timeline
from app.quote.prospect import FIELD_LABELS, ProspectForm, prospect_subject
from app.quote.text import ROW_LABELS, TITLE, column_cells, customer_notes, earlier_terms_note, header, summary
from app.timeline import Timeline

PROSPECT_FIELDS = ("start", "monthly", "initial_end", "initial_fee", "changes", "company")


@dataclass(frozen=True)
class QuoteTable:
    headers: tuple[str, ...]  # one per column (option)
    keys: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # rows[r][c], r over ROW_LABELS
    cheapest: int | None  # column index of the cheapest option
    unavailable: tuple[int, ...]
    row_labels: tuple[str, ...] = ROW_LABELS


@dataclass(frozen=True)
class QuoteScreenState:
    title: str
    table: QuoteTable | None
    errors: dict[str, str]  # field -> Japanese message
    summary: str  # the allowed end dates for the notice date, or what to enter
    notes: tuple[str, ...]  # shown to the customer too
    internal: tuple[str, ...]  # internal notes and details: hidden in presenter mode
    timeline: Timeline | None
    quote: Quote | None
    presenter_mode: bool

    @property
    def shown_internal(self) -> tuple[str, ...]:
        """Internal notes and details, none in presenter mode (the customer sees the screen)."""
        return () if self.presenter_mode else self.internal

    @property
    def can_print(self) -> bool:
        return self.quote is not None and not self.errors


def quote_table(quote: Quote, style: str) -> QuoteTable:
    cols = quote.columns
    headers = tuple(header(c) for c in cols)
    cells = [column_cells(c, style) for c in cols]
    rows = tuple(tuple(cells[c][r] for c in range(len(cols))) for r in range(len(ROW_LABELS)))
    cheapest = next((i for i, c in enumerate(cols) if c.cheapest), None)
    return QuoteTable(headers, tuple(c.key for c in cols), rows, cheapest,
                      tuple(i for i, c in enumerate(cols) if not c.available))


@dataclass
class QuotePresenter:
    """State of one quote screen: a stored contract (`subject` given) or a prospect (typed in)."""

    today: date
    date_style: str = "western"
    validity_days: int = 30
    subject: QuoteSubject | None = None
    on_change: Callable[[QuoteScreenState], None] | None = None
    texts: dict[str, str] = field(default_factory=dict)
    presenter_mode: bool = False
    state: QuoteScreenState | None = None
    notice_edited: bool = False  # until the user types a notice date, it follows today (or a later start)

    def __post_init__(self) -> None:
        self.texts.setdefault("notice", self.today.isoformat())
        self.texts.setdefault("end", "")
        self.recompute()

    @property
    def is_prospect(self) -> bool:
        return self.subject is None

    # --- input --------------------------------------------------------------------------------

    def set_field(self, name: str, text: str) -> QuoteScreenState:
        self.texts[name] = text
        if name == "notice":
            self.notice_edited = True
        return self.recompute()

    def set_notice(self, day: date) -> QuoteScreenState:
        return self.set_field("notice", day.isoformat())

    def set_end(self, day: date | None) -> QuoteScreenState:
        return self.set_field("end", "" if day is None else day.isoformat())

    def set_presenter_mode(self, on: bool) -> QuoteScreenState:
        self.presenter_mode = on
        assert self.state is not None
        self.state = replace(self.state, presenter_mode=on)
        self._emit()
        return self.state

    def set_subject(self, subject: QuoteSubject | None) -> QuoteScreenState:
        """Quote this stored contract (None: back to a prospect typed in); notice follows today again."""
        self.subject = subject
        self.notice_edited = False
        self.texts["end"] = ""
        return self.recompute()

    def set_today(self, today: date) -> QuoteScreenState:
        self.today = today
        return self.recompute()

    def use_column_end(self, key: str) -> QuoteScreenState:
        """Take an option's suggested (month-end) end date as the user's end date."""
        if self.state is None or self.state.quote is None:
            return self.recompute()
        column = self.state.quote.column(key)
        return self.set_end(column.suggested_end)

    # --- output -------------------------------------------------------------------------------

    def recompute(self) -> QuoteScreenState:
        errors: dict[str, str] = {}
        subject = self._subject(errors)
        if not self.notice_edited:
            default = self.today if subject is None else max(self.today, subject.terms.start)
            self.texts["notice"] = default.isoformat()
        notice = self._date("notice", errors, required=True)
        end = self._date("end", errors, required=False)
        quote = None
        if subject is not None and notice is not None:
            try:
                quote = build_quote(subject, notice, issued_on=self.today, requested_end=end,
                                    validity_days=self.validity_days)
            except QuoteInputError as exc:
                errors[exc.field or "notice"] = exc.message
        if quote is not None and quote.refusal is not None:
            errors["end"] = quote.refusal.text(lambda day: format_date(day, self.date_style))
        self.state = self._state(subject, quote, errors)
        self._emit()
        return self.state

    def _emit(self) -> None:
        if self.on_change is not None and self.state is not None:
            self.on_change(self.state)

    def _subject(self, errors: dict[str, str]) -> QuoteSubject | None:
        if self.subject is not None:
            return self.subject
        form = ProspectForm(**{name: self.texts.get(name, "") for name in PROSPECT_FIELDS})
        if not form.start.strip() and not form.monthly.strip():
            return None
        try:
            return prospect_subject(form)
        except QuoteInputError as exc:
            errors[exc.field or "start"] = exc.message
            return None

    def _date(self, name: str, errors: dict[str, str], *, required: bool) -> date | None:
        text = self.texts.get(name, "").strip()
        if not text:
            if required:
                errors[name] = f"{FIELD_LABELS[name]}を入力してください"
            return None
        try:
            return parse_date(text)
        except InputError as exc:
            errors[name] = f"{FIELD_LABELS[name]}: {exc}"
            return None

    def _state(self, subject: QuoteSubject | None, quote: Quote | None, errors: dict[str, str]) -> QuoteScreenState:
        style = self.date_style
        title = TITLE
        internal: list[str] = []
        if subject is not None:
            if subject.contract_number:
                title += f"　契約番号 {subject.contract_number}"
            if subject.addressee.company:
                title += f"　{subject.addressee.company} 様"
            if subject.internal_notes:
                internal.append(f"社内メモ: {subject.internal_notes}")
            internal.extend(subject.warnings)
            if not subject.terms.term_confirmed:
                internal.append("契約期間が未確認のため、最低利用期間の満了日で計算しています")
        if quote is None:
            if errors:
                prompt = "赤字の項目を直すと、終了方法の比較を表示します"
            elif subject is None and self.is_prospect:
                prompt = "開始日と月額費用を入力してください"
            else:
                prompt = "通知到達日を入力してください"
            return QuoteScreenState(title, None, errors, prompt, (), tuple(internal), None, None,
                                    self.presenter_mode)
        internal.append(f"約款プロファイル {quote.profile_id}")
        if quote.earlier_terms_version:
            internal.append(earlier_terms_note(quote, style))
        return QuoteScreenState(title, quote_table(quote, style), errors, summary(quote, style), customer_notes(quote),
                                tuple(internal),
                                quote_timeline(quote), quote, self.presenter_mode)
