"""The import itself: the planned rows written in ONE transaction, through the use cases.

The created rows go through the session variants of the forms' use cases (`create_contract_in`,
`start_service`), all in one Session whose transaction is committed only after the last row;
the customer edit of a changed row opens its own session on the same connection (SQLAlchemy's
"join an external transaction" recipe: a Session bound to a Connection already in a transaction
never commits it). Any error, or the user's cancel, rolls back every row: never half an import.

A created contract gets, beside the use case's own entries, an audit entry naming the file
and row it came from. A changed row updates the contract through the same use cases as the
forms (customer edit, service start); changes no use case makes from a sheet are problems of
the dry run, so they never reach this step.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import cast

from sqlalchemy import Connection, Engine
from sqlmodel import Session

from app.exchange.plan import Action, Cancelled, ImportPlan, RowPlan
from app.exchange.record import CUSTOMER_FIELDS
from app.usecases.audit import snapshot, write_audit
from app.usecases.context import UseCaseContext
from app.usecases.contracts import NewContract, create_contract_in, start_service
from app.usecases.customer_edit import load_customer, update_customer
from app.usecases.customers import CustomerInput

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
    with engine.connect() as connection, connection.begin(), Session(connection, expire_on_commit=False) as session:
        customers: dict[CustomerInput, int] = {}  # created by this import, shared by rows with the same details
        for done, row in enumerate(rows, start=1):
            if row.action == Action.CREATE:
                result.created.append(_create(session, ctx, row, plan.source_name, customers))
            else:
                _update(session, connection, ctx, row)
                result.updated.append(int(row.contract_id))  # type: ignore[arg-type]
            if progress is not None and (done % 50 == 0 or done == len(rows)) and not progress(done, len(rows)):
                raise Cancelled()
        session.flush()  # the last entries; the connection's transaction commits them all
    return result


def _create(session: Session, ctx: UseCaseContext, row: RowPlan, source: str,
            customers: dict[CustomerInput, int]) -> int:
    record = row.record
    assert record is not None
    customer: CustomerInput | int = row.customer_id or customers.get(record.customer) or record.customer
    contract = create_contract_in(session, ctx, customer, NewContract(
        accepted_date=record.accepted_date, initial_fee=record.initial_fee, monthly_fee=record.monthly_fee,
        number=record.number, note=record.note))
    contract_id = int(contract.id or 0)
    if record.start_date is not None:
        start_service(session, ctx, contract_id, record.start_date, initial_term_end=record.initial_term_end)
    customers.setdefault(record.customer, contract.customer_id)
    write_audit(session, ctx, action="import_contract", row=contract, before=snapshot(contract),
                contract_id=contract_id, summary=f"ファイル「{source}」の{row.row}行目から取り込み",
                extra={"source_file": source, "source_row": row.row})
    return contract_id


def _update(session: Session, connection: Connection, ctx: UseCaseContext, row: RowPlan) -> None:
    record = row.record
    assert record is not None and row.contract_id is not None
    keys = {change.key for change in row.changes}
    customer_keys = keys & set(CUSTOMER_FIELDS)
    if customer_keys and row.customer_id is not None:
        session.flush()  # the customer edit's own session, on the same connection, sees the rows before
        bound = cast(Engine, connection)  # its session joins this transaction
        current = load_customer(bound, row.customer_id)
        changed = replace(current, **{key: getattr(record.customer, key) for key in customer_keys})
        update_customer(bound, ctx, row.customer_id, changed)
        session.expire_all()  # ... and the rows it changed are read again
    if "start_date" in keys or "initial_term_end" in keys:
        if record.start_date is not None:
            start_service(session, ctx, row.contract_id, record.start_date, initial_term_end=record.initial_term_end)
