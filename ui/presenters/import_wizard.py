"""The import wizard's state, without Qt (Electrum's wizard as state): file -> mapping -> dry run -> import.

The wizard's pages only show this state and call its steps; tests drive it without a window.
Slow steps (`load`, `dry_run`, `run_import`) take a `ProgressLike` (ui.workers.Progress) and run
in the background; every other method is instant.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine

from app.exchange.apply import ImportResult, apply_plan
from app.exchange.cells import cell_text
from app.exchange.fields import BY_KEY, FIELDS
from app.exchange.mapping import ColumnMapping, guess_mapping, load_remembered, remember
from app.exchange.plan import ACTION_LABELS, Action, Cancelled, ImportPlan, RowPlan, plan_import
from app.exchange.problems import ImportFileError, Problem, column_letter
from app.exchange.reader import SUPPORTED, read_sheet
from app.exchange.sheet import Sheet
from app.usecases.context import UseCaseContext

SAMPLE_ROWS = 3
FILE_FILTER = "表計算ファイル (*.xlsx *.xlsm *.csv *.txt);;Excel ブック (*.xlsx *.xlsm);;CSV (*.csv *.txt)"


class ProgressLike(Protocol):
    def report(self, done: int, total: int, text: str = "") -> None: ...

    @property
    def cancelled(self) -> bool: ...


@dataclass(frozen=True)
class MappingRow:
    column: int  # 0-based
    letter: str
    header: str
    samples: str  # the first values, for recognising the column
    key: str  # '' = not imported


@dataclass(frozen=True)
class PlanRow:
    row: int
    action: Action
    action_label: str
    number: str
    company: str
    detail: str  # the changes, or the problems
    has_problem: bool


FIELD_CHOICES: list[tuple[str, str]] = [("", "（取り込まない）")] + [
    (spec.key, spec.label + ("（必須）" if spec.required else "")) for spec in FIELDS
]


def _callback(progress: ProgressLike, text: str) -> Callable[[int, int], bool]:
    def report(done: int, total: int) -> bool:
        progress.report(done, total, text)
        return not progress.cancelled

    return report


class ImportWizardState:
    """What the wizard knows so far; each step replaces what follows it."""

    def __init__(self, engine: Callable[[], Engine], today: Callable[[], date],
                 context: Callable[[], UseCaseContext]) -> None:
        self._engine = engine
        self._today = today
        self._context = context
        self.path: Path | None = None
        self.sheet: Sheet | None = None
        self.mapping = ColumnMapping()
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self.skip_invalid = False

    # --- step 1: the file -----------------------------------------------------------------------

    @staticmethod
    def path_problem(text: str) -> str:
        """'' when `text` names a file the wizard can read, else why not (Japanese)."""
        if not text.strip():
            return "取り込むファイルを選んでください"
        path = Path(text.strip())
        if path.suffix.lower() not in SUPPORTED:
            return "読み込めるのは .xlsx と .csv のファイルです"
        if not path.is_file():
            return "ファイルが見つかりません"
        return ""

    def load(self, path: Path, progress: ProgressLike, sheet_name: str | None = None) -> Sheet:
        """Read the file (one sheet of a workbook; ImportFileError when it cannot be read at all) and guess
        the mapping."""
        progress.report(0, 0, "ファイルを読み込んでいます…")
        sheet = read_sheet(path, sheet_name)
        self.path, self.sheet, self.plan, self.result = path, sheet, None, None
        self.mapping = guess_mapping(sheet.headers, load_remembered())
        return sheet

    def file_summary(self) -> str:
        if self.sheet is None:
            return ""
        sheet = self.sheet
        encoding = f"、文字コード {sheet.encoding}" if sheet.encoding else ""
        where = f"（シート「{sheet.sheet_name}」）" if len(sheet.sheet_names) > 1 else ""
        return (f"{sheet.name}{where}: 見出しは{sheet.header_row}行目、データ {len(sheet.rows):,}行"
                f"（列 {len([h for h in sheet.headers if h])}）{encoding}")

    # --- step 2: the mapping --------------------------------------------------------------------

    def mapping_rows(self) -> list[MappingRow]:
        if self.sheet is None:
            return []
        rows = []
        for index, header in enumerate(self.sheet.headers):
            samples = [cell_text(r.cells[index]) for r in self.sheet.rows[:SAMPLE_ROWS] if index < len(r.cells)]
            rows.append(MappingRow(index, column_letter(index + 1), header,
                                   "、".join(s for s in samples if s), self.mapping.columns.get(index, "")))
        return rows

    def set_field(self, column: int, key: str) -> None:
        self.mapping = self.mapping.with_column(column, key)
        self.plan = None

    def mapping_problem(self) -> str:
        missing = self.mapping.missing_required()
        if missing:
            return "必須の項目に列を割り当ててください: " + "、".join(spec.label for spec in missing)
        return ""

    def remember_mapping(self) -> None:
        """Keep this mapping for the next file with the same headers (a failure only loses the memory)."""
        if self.sheet is not None:
            try:
                remember(self.sheet.headers, self.mapping)
            except Exception:  # noqa: BLE001 - remembering is a convenience, never a reason to stop
                pass

    # --- step 3: the dry run --------------------------------------------------------------------

    def dry_run(self, progress: ProgressLike) -> ImportPlan:
        if self.sheet is None:
            raise ValueError("no sheet")
        plan = plan_import(self.sheet, self.mapping, self._engine(), self._today(),
                           _callback(progress, "確認しています…"))
        self.plan = plan
        return plan

    def plan_rows(self, *, problems_only: bool = False) -> list[PlanRow]:
        if self.plan is None:
            return []
        layout = [PlanRow(p.row or 0, Action.INVALID, "ファイル", "", "", p.line(), True) for p in self.plan.file_problems]
        number_column = self.plan.mapping.column_of("number")
        company_column = self.plan.mapping.column_of("company_name")

        def raw(cells: tuple[object, ...], column: int | None) -> str:
            return cell_text(cells[column]) if column is not None and column < len(cells) else ""

        rows = [_plan_row(plan, raw(sheet_row.cells, number_column), raw(sheet_row.cells, company_column))
                for plan, sheet_row in zip(self.plan.rows, self.plan.sheet.rows)]
        return layout + [row for row in rows if row.has_problem or not problems_only]

    def file_problems(self) -> list[Problem]:
        return [] if self.plan is None else list(self.plan.file_problems)

    def plan_summary(self) -> str:
        plan = self.plan
        if plan is None:
            return ""
        counts = "、".join(f"{ACTION_LABELS[a]} {plan.count(a):,}件" for a in Action)
        found = len(plan.problems)
        return counts + (f"（問題 {found:,}件）" if found else "（問題はありません）")

    def import_problem(self) -> str:
        """'' when the import may start with the current choice, else why not."""
        plan = self.plan
        if plan is None:
            return "確認（ドライラン）がまだです"
        if plan.file_blocked:
            return "ファイル全体の問題があるため取り込めません"
        if plan.problems and not self.skip_invalid:
            return "問題があるため、このままでは何も取り込めません。問題を直したファイルで取り込むか、「問題のない行だけ取り込む」を選んでください"
        if not plan.to_apply(skip_invalid=self.skip_invalid):
            return "新しく取り込む行も、更新する行もありません"
        return ""

    # --- step 4: the import ---------------------------------------------------------------------

    def run_import(self, progress: ProgressLike) -> ImportResult:
        """All rows or the valid ones, in one transaction; Cancelled leaves the database unchanged."""
        if self.plan is None:
            raise ValueError("no plan")
        total = len(self.plan.to_apply(skip_invalid=self.skip_invalid))
        progress.report(0, total, "取り込んでいます…")
        self.result = apply_plan(self._engine(), self._context(), self.plan, skip_invalid=self.skip_invalid,
                                 progress=_callback(progress, "取り込んでいます…"))
        return self.result


def _plan_row(plan: RowPlan, number: str, company: str) -> PlanRow:
    """One table row; `number` and `company` as the cells hold them (a row with problems has no record)."""
    record = plan.record
    if plan.problems:
        detail = " / ".join(p.line() for p in plan.problems)
    else:
        detail = " / ".join(c.describe() for c in plan.changes)
    return PlanRow(plan.row, plan.action, ACTION_LABELS[plan.action], record.number if record else number,
                   record.customer.company_name if record else company, detail, bool(plan.problems))


__all__ = ["BY_KEY", "Cancelled", "FIELD_CHOICES", "FILE_FILTER", "ImportFileError", "ImportWizardState",
           "MappingRow", "PlanRow"]
