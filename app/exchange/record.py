"""One import row turned into values: parsing each mapped cell and the checks of a single row."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from app import terms
from app.exchange.cells import CellError, cell_date, cell_text, cell_yen
from app.exchange.fields import BY_KEY
from app.exchange.mapping import ColumnMapping
from app.exchange.problems import Problem
from app.exchange.sheet import Sheet, SheetRow
from app.formatting import yen
from app.usecases import checks
from app.usecases.customers import CustomerInput
from app.usecases.errors import ValidationError

CUSTOMER_FIELDS = ("company_name", "company_kana", "department", "contact_person", "postal_code", "address", "phone",
                   "email")
MAX_NUMBER_LENGTH = 50


@dataclass(frozen=True)
class ContractRecord:
    """What one row says about one contract (and its customer)."""

    number: str
    customer: CustomerInput
    accepted_date: date
    start_date: date | None
    initial_term_end: date | None
    initial_fee: int
    monthly_fee: int
    note: str


class RowReader:
    """Reads the mapped cells of rows of one sheet, collecting problems with their row and column."""

    def __init__(self, sheet: Sheet, mapping: ColumnMapping) -> None:
        self.sheet = sheet
        self.columns = dict(mapping.columns)
        self.by_key = {key: column for column, key in self.columns.items()}

    def problem(self, row: int, key: str | None, message: str, *, blocking: bool = True) -> Problem:
        column = self.by_key.get(key) if key else None
        header = self.sheet.headers[column] if column is not None and column < len(self.sheet.headers) else ""
        if key and column is None:
            message = f"{BY_KEY[key].label}: {message}" if key in BY_KEY else message
        return Problem(row, None if column is None else column + 1, message, header=header, blocking=blocking)

    def values(self, row: SheetRow, problems: list[Problem]) -> dict[str, object]:
        """field key -> parsed value (None when empty or bad; bad cells add a problem)."""
        values: dict[str, object] = {}
        cells = row.cells
        for column, key in self.columns.items():
            raw = cells[column] if column < len(cells) else None
            if (row.number, column + 1) in self.sheet.formulas:
                if raw is None:
                    problems.append(self.problem(row.number, key, "数式のセルで、計算結果が保存されていません"
                                                           "（Excel で開いて保存し直すか、値に置き換えてください）"))
                    values[key] = _BAD
                    continue
                problems.append(self.problem(row.number, key, f"数式のセルです（保存されている計算結果「{cell_text(raw)}」を使います）",
                                             blocking=False))
            spec = BY_KEY[key]
            try:
                if spec.kind == "date":
                    values[key] = cell_date(_unguarded(raw), spec.label)
                elif spec.kind == "yen":
                    values[key] = cell_yen(_unguarded(raw), spec.label)
                else:
                    values[key] = cell_text(raw)
            except CellError as exc:
                problems.append(self.problem(row.number, key, exc.message))
                values[key] = _BAD
        return values

    def record(self, row: SheetRow, problems: list[Problem]) -> ContractRecord | None:
        """The row's contract, or None with at least one blocking problem added."""
        values = self.values(row, problems)
        before = len([p for p in problems if p.blocking])

        def text(key: str) -> str:
            value = values.get(key)
            return value if isinstance(value, str) else ""

        def day(key: str) -> date | None:
            value = values.get(key)
            return value if isinstance(value, date) else None

        number = text("number")
        if not number and values.get("number") is not _BAD:
            problems.append(self.problem(row.number, "number", "契約番号がありません"))
        elif len(number) > MAX_NUMBER_LENGTH:
            problems.append(self.problem(row.number, "number", f"契約番号は{MAX_NUMBER_LENGTH}文字以内にしてください"))
        fees: dict[str, int] = {}
        for key in ("monthly_fee", "initial_fee"):
            value = values.get(key)
            label = BY_KEY[key].label
            if value is _BAD:
                continue
            if value is None:
                if key == "monthly_fee":
                    problems.append(self.problem(row.number, key, "月額がありません"))
                fees[key] = 0
            elif isinstance(value, int) and value < 0:
                problems.append(self.problem(row.number, key, f"{label}が負の金額です（{yen(value)}）"))
            elif isinstance(value, int):
                fees[key] = value
        accepted, start, end = day("accepted_date"), day("start_date"), day("initial_term_end")
        dates_bad = any(values.get(k) is _BAD for k in ("accepted_date", "start_date", "initial_term_end"))
        if accepted is None and start is None and not dates_bad:
            problems.append(self.problem(row.number, "start_date", "契約開始日（または承諾日）がありません"))
        if accepted is not None and start is not None:
            try:
                checks.not_before(start, accepted, "start_date", "契約開始日", "承諾日")
            except ValidationError as exc:
                problems.append(self.problem(row.number, exc.field, exc.message))
        if end is not None:
            if start is None:
                if not dates_bad:
                    problems.append(self.problem(row.number, "initial_term_end", "契約期間満了日には契約開始日が必要です"))
            else:
                try:
                    minimum = terms.minimum_term_end(start)
                    checks.not_before(end, minimum, "initial_term_end", "契約期間満了日", "最低利用期間の満了日")
                except terms.TermsInputError as exc:
                    problems.append(self.problem(row.number, "start_date", exc.message))
                except ValidationError as exc:
                    problems.append(self.problem(row.number, exc.field, exc.message))
        customer = CustomerInput(**{key: text(key) for key in CUSTOMER_FIELDS if key != "postal_code"},
                                 postal_code=postal_code(text("postal_code")))
        if values.get("company_name") is not _BAD:
            try:
                customer = customer.validated()
            except ValidationError as exc:
                field = exc.field if exc.field in BY_KEY else None
                problems.append(self.problem(row.number, field, exc.message))
        if len([p for p in problems if p.blocking]) > before or any(v is _BAD for v in values.values()):
            return None
        return ContractRecord(
            number=number, customer=customer, accepted_date=accepted or start,  # type: ignore[arg-type]
            start_date=start, initial_term_end=end, initial_fee=fees.get("initial_fee", 0),
            monthly_fee=fees.get("monthly_fee", 0), note=text("note"),
        )


def postal_code(text: str) -> str:
    """'〒100-0001', '１００－０００１' and 1000001 (a number cell) all read as '100-0001'."""
    value = unicodedata.normalize("NFKC", text).replace("〒", "").strip().translate(_DASHES)
    if value.isdigit() and len(value) == 7:
        return f"{value[:3]}-{value[3:]}"
    return value


_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70"})


class _Bad:
    """Marks a cell that could not be read (its problem is already reported)."""


_BAD = _Bad()


def _unguarded(value: object) -> object:
    """Text an export guarded with an apostrophe ("'-5000") reads as the text behind it."""
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("'") and stripped[1:2] in ("=", "+", "-", "@"):
            return stripped[1:]
    return value
