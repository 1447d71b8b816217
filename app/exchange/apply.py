"""The import itself: the planned rows written in ONE transaction, through the use cases.

The use cases each open their own session; here they all run on one connection whose
transaction is committed only after the last row (SQLAlchemy's "join an external transaction"
recipe: a Session bound to a Connection already in a transaction never commits it). Any
error, or the user's cancel, rolls back every row: never half an import.

A created contract gets, beside the use case's own entries, an audit entry naming the file
and row it came from. A changed row updates the contract through the same use cases as the
forms (customer edit, service start); changes no use case makes from a sheet are problems of
the dry run, so they never reach this step.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import cast

from sqlalchemy import Engine

from app.exchange.plan import Action, Cancelled, ImportPlan, RowPlan
from app.exchange.record import CUSTOMER_FIELDS
from app.models import Contract
from app.store.engine import session_scope
from app.usecases.audit import snapshot, write_audit
from app.usecases.context import UseCaseContext
from app.usecases.contracts import NewContract, create_contract, record_service_start
from app.usecases.customer_edit import load_customer, update_customer
from app.usecases.customers import CustomerInput
from app.usecases.errors import ValidationError

ProgressCallback = Callable[[int, int], bool]  # (done, total) -> False to stop

@dataclass
class ImportResult:
    source_name: str
    created: list[int] = field(default_factory=list)  # contract ids
    updated: list[int] = field(default_factory=list)
    skipped_rows: int = 0  # rows left out (problems, --skip-invalid)
    unchanged: int = 0

    def summary(self) -> str:
        text = f"新規 {len(self.created)}件、更新 {len(self.updated)}件、変更なし {self.unchanged}件"
        return text + (f"、取り込まなかった行 {self.skipped_rows}件" if self.skipped_rows else "")


class NothingImported(Exception):
    """The file has problems and an all-or-nothing import was asked for: nothing was written."""


def apply_plan(engine: Engine, ctx: UseCaseContext, plan: ImportPlan, *, skip_invalid: bool,
               progress: ProgressCallback | None = None) -> ImportResult:
    """Write the plan's rows (all or nothing; `skip_invalid`: the rows without problems) in one transaction."""
    rows = plan.to_apply(skip_invalid=skip_invalid)
    result = ImportResult(plan.source_name, unchanged=plan.count(Action.UNCHANGED))
    result.skipped_rows = sum(1 for r in plan.rows if r.blocked)
    if plan.file_blocked or (plan.problems and not skip_invalid):
        raise NothingImported(f"問題が{len(plan.problems)}件あるため取り込みませんでした")
    with engine.connect() as connection, connection.begin():
        bound = cast(Engine, connection)  # the use cases' sessions join this transaction
        customers: dict[CustomerInput, int] = {}  # created by this import, shared by rows with the same details
        for done, row in enumerate(rows, start=1):
            if row.action == Action.CREATE:
                result.created.append(_create(bound, ctx, row, plan.source_name, customers))
            else:
                _update(bound, ctx, row)
                result.updated.append(int(row.contract_id))  # type: ignore[arg-type]
            if progress is not None and (done % 50 == 0 or done == len(rows)) and not progress(done, len(rows)):
                raise Cancelled()
    return result


def _create(engine: Engine, ctx: UseCaseContext, row: RowPlan, source: str,
            customers: dict[CustomerInput, int]) -> int:
    record = row.record
    assert record is not None
    customer: CustomerInput | int = row.customer_id or customers.get(record.customer) or record.customer
    contract_id = create_contract(engine, ctx, customer, NewContract(
        accepted_date=record.accepted_date, initial_fee=record.initial_fee, monthly_fee=record.monthly_fee,
        number=record.number, note=record.note))
    if record.start_date is not None:
        record_service_start(engine, ctx, contract_id, record.start_date, initial_term_end=record.initial_term_end)
    with session_scope(engine) as session:
        contract = session.get(Contract, contract_id)
        if contract is None:  # pragma: no cover - created just above in this transaction
            raise ValidationError(f"契約 {record.number} を取り込めませんでした")
        customers.setdefault(record.customer, contract.customer_id)
        write_audit(session, ctx, action="import_contract", row=contract, before=snapshot(contract),
                    contract_id=contract_id, summary=f"ファイル「{source}」の{row.row}行目から取り込み",
                    extra={"source_file": source, "source_row": row.row})
    return contract_id


def _update(engine: Engine, ctx: UseCaseContext, row: RowPlan) -> None:
    record = row.record
    assert record is not None and row.contract_id is not None
    keys = {change.key for change in row.changes}
    customer_keys = keys & set(CUSTOMER_FIELDS)
    if customer_keys and row.customer_id is not None:
        current = load_customer(engine, row.customer_id)
        changed = replace(current, **{key: getattr(record.customer, key) for key in customer_keys})
        update_customer(engine, ctx, row.customer_id, changed)
    if "start_date" in keys or "initial_term_end" in keys:
        if record.start_date is not None:
            record_service_start(engine, ctx, row.contract_id, record.start_date,
                                 initial_term_end=record.initial_term_end)
