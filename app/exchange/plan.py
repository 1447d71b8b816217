"""The dry run: what importing a sheet would do, row by row, with every problem. It only reads.

Each row becomes a RowPlan: create (a new contract number), update (the contract exists and
the row differs), unchanged (re-importing the same file changes nothing), or invalid. Problems
carry their row and column; `ImportPlan.to_apply` gives the rows an import writes: all of
them or nothing, or with `skip_invalid` only those without a blocking problem.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sqlalchemy import Engine

from app.exchange.existing import StoredContract, customers_by_name, stored_contracts
from app.exchange.mapping import ColumnMapping
from app.exchange.problems import Problem
from app.exchange.record import CUSTOMER_FIELDS, ContractRecord, RowReader
from app.exchange.sheet import Sheet
from app.exchange.updates import Change, unsupported_changes
from app.models import ContractStatus

ProgressCallback = Callable[[int, int], bool]  # (done, total) -> False to stop


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    INVALID = "invalid"


ACTION_LABELS = {Action.CREATE: "新規", Action.UPDATE: "更新", Action.UNCHANGED: "変更なし", Action.INVALID: "取り込めません"}
CONTRACT_FIELDS = ("accepted_date", "start_date", "initial_term_end", "initial_fee", "monthly_fee", "note")


class Cancelled(Exception):
    """The user stopped the dry run or the import; nothing was changed."""


@dataclass
class RowPlan:
    row: int
    action: Action
    record: ContractRecord | None
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    contract_id: int | None = None  # the stored contract (update, unchanged)
    customer_id: int | None = None  # the stored customer (update; create for a known company name)

    @property
    def blocked(self) -> bool:
        return any(p.blocking for p in self.problems)


@dataclass
class ImportPlan:
    sheet: Sheet
    mapping: ColumnMapping
    rows: list[RowPlan]
    file_problems: list[Problem]

    @property
    def source_name(self) -> str:
        return self.sheet.name

    @property
    def problems(self) -> list[Problem]:
        every = self.file_problems + [p for r in self.rows for p in r.problems]
        return sorted(every, key=lambda p: (p.row or 0, p.column or 0))

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def file_blocked(self) -> bool:
        """A problem of the whole file (no usable header, a required column missing): nothing can be imported."""
        return any(p.blocking and p.row is None for p in self.file_problems) or bool(self.mapping.missing_required())

    def to_apply(self, *, skip_invalid: bool) -> list[RowPlan]:
        """Rows to write. Without `skip_invalid`, any problem at all means none."""
        if self.file_blocked or (not skip_invalid and self.problems):
            return []
        return [r for r in self.rows if r.action in (Action.CREATE, Action.UPDATE) and not r.blocked]


def _changes(record: ContractRecord, stored: StoredContract, mapped: set[str]) -> list[Change]:
    """Differences in the mapped fields only (a column the file does not have changes nothing)."""
    changes = []
    for key in CUSTOMER_FIELDS:
        if key in mapped and getattr(record.customer, key) != stored.customer[key]:
            changes.append(Change(key, stored.customer[key], getattr(record.customer, key)))
    for key in CONTRACT_FIELDS:
        if key == "accepted_date" and "accepted_date" not in mapped:
            continue
        if key in mapped or key == "accepted_date":
            after = getattr(record, key)
            before = getattr(stored, key)
            if key == "monthly_fee" and after == stored.current_monthly_fee:
                continue  # a sheet may hold the fee in effect now, after change contracts
            if after != before:
                changes.append(Change(key, before, after))
    return changes


def plan_import(sheet: Sheet, mapping: ColumnMapping, engine: Engine | None, today: date,
                progress: ProgressCallback | None = None) -> ImportPlan:
    """Parse and check every row, compare with the database (when `engine` is given). Reads only."""
    file_problems = list(sheet.problems)
    for spec in mapping.missing_required():
        file_problems.append(Problem(sheet.header_row or None, None,
                                     f"必須の列「{spec.label}」が見つかりません（列の対応を確認してください）"))
    if mapping.missing_required() or not sheet.rows:
        return ImportPlan(sheet, mapping, [], file_problems)
    reader = RowReader(sheet, mapping)
    plans: list[RowPlan] = []
    total = len(sheet.rows)
    for done, row in enumerate(sheet.rows, start=1):
        problems: list[Problem] = []
        record = reader.record(row, problems)
        plans.append(RowPlan(row.number, Action.CREATE if record else Action.INVALID, record, problems))
        if progress is not None and done % 500 == 0 and not progress(done, total):
            raise Cancelled()
    _mark_duplicates(plans, reader)
    stored = stored_contracts(engine, [p.record.number for p in plans if p.record]) if engine is not None else {}
    customers = (customers_by_name(engine, [p.record.customer.company_name for p in plans if p.record])
                 if engine is not None else {})
    mapped = set(mapping.columns.values())
    for plan in plans:
        if plan.record is None or plan.action == Action.INVALID:
            continue
        existing = stored.get(plan.record.number)
        if existing is None:  # a customer with the very same details is shared; any difference is another one
            wanted = {key: getattr(plan.record.customer, key) for key in CUSTOMER_FIELDS}
            plan.customer_id = next((cid for cid, details in customers.get(wanted["company_name"], [])
                                     if details == wanted), None)
            continue
        plan.contract_id, plan.customer_id = existing.id, existing.customer_id
        plan.changes = _changes(plan.record, existing, mapped)
        if not plan.changes:
            plan.action = Action.UNCHANGED
            continue
        plan.action = Action.UPDATE
        if existing.status not in (ContractStatus.ACTIVE, ContractStatus.SUSPENDED, ContractStatus.NOTICE_RECEIVED):
            plan.problems.append(reader.problem(plan.row, "number",
                                                f"契約 {existing.number} は終了しているため変更できません"))
        else:
            for change, reason in unsupported_changes(existing, plan.changes):
                plan.problems.append(reader.problem(plan.row, change.key,
                                                    f"{change.describe()}: {reason}"))
        if plan.blocked:
            plan.action = Action.INVALID
    if progress is not None:
        progress(total, total)
    return ImportPlan(sheet, mapping, plans, file_problems)


def _mark_duplicates(plans: list[RowPlan], reader: RowReader) -> None:
    """The second and later rows with a contract number already used higher up in the file."""
    first_row: dict[str, int] = {}
    for plan in plans:
        if plan.record is None:
            continue
        number = plan.record.number
        if number in first_row:
            plan.problems.append(reader.problem(plan.row, "number",
                                                f"契約番号 {number} が{first_row[number]}行目と重複しています"))
            plan.action = Action.INVALID
        else:
            first_row[number] = plan.row
