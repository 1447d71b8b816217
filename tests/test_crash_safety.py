"""Crash safety: a child process making use-case calls is killed with SIGKILL at random moments.

After every round the SQLite file must pass integrity_check and foreign_key_check, every
change the child reported as committed must be there with its audit entry, and nothing may
be half-written: every row has its creating audit entry (and every such entry its row), state
changes come with the rows that belong to them, derived dates match a fresh computation.
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session

from app.models import (
    Application,
    ApplicationStatus,
    AuditEntry,
    ChangeContract,
    Charge,
    Contract,
    ContractStatus,
    CureNotice,
    Customer,
    Notice,
    NoticeDirection,
    NoticeKind,
    Payment,
)
from app.store.engine import make_engine
from app.store.database import open_database
from app.store.paths import path_to_url
from app.usecases.contract_terms import contract_facts
from app.usecases.derived import DERIVED_COLUMNS, compute_derived
from tests.crash_child import TODAY

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 8
MODELS = {m.__tablename__: m for m in (Customer, Application, Contract, Notice, Charge, Payment,  # type: ignore[attr-defined]
                                       ChangeContract, CureNotice)}


class Child:
    """The child process and a thread reading its committed-ids pipe until EOF."""

    def __init__(self, db: Path, seed: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.crash_child", str(db), str(seed)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        )
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.strip() == "ready":
                self.ready.set()
            elif line.endswith("\n"):  # a line cut by the kill was not reported
                self.lines.append(line.strip())
        self.ready.set()

    def kill_after(self, seconds: float) -> None:
        assert self.ready.wait(60), "the child did not start"
        time.sleep(seconds)
        assert self.process.poll() is None, self.process.stderr.read() if self.process.stderr else ""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(30)
        self.reader.join(30)
        assert self.process.stdout is not None and self.process.stderr is not None
        self.process.stdout.close()
        self.process.stderr.close()
        assert self.process.returncode == -signal.SIGKILL


def check_database(path: Path, reported: list[str]) -> None:
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        raw.close()
    engine = make_engine(path_to_url(path))
    try:
        with Session(engine) as session:
            _check_rows(session, reported)
    finally:
        engine.dispose()


def _check_rows(session: Session, reported: list[str]) -> None:
    audits = session.exec(select(AuditEntry)).scalars().all()
    touched = {(a.entity, a.entity_id) for a in audits}
    created = Counter((a.entity, a.entity_id) for a in audits if a.before_json == "")
    actions = {(a.action, a.entity_id) for a in audits}
    rows = {name: {r.id: r for r in session.exec(select(model)).scalars()} for name, model in MODELS.items()}

    # every committed change the child reported is there, with its audit entry
    for line in reported:
        if line.startswith("refused"):
            continue
        what, number = line.split()
        row_id = int(number)
        table = {"application_checked": "application", "contract_started": "contract"}.get(what, what)
        assert row_id in rows[table], line
        assert (table, row_id) in touched, line
        if what == "application_checked":
            assert rows[table][row_id].status != ApplicationStatus.RECEIVED, line
        if what == "contract_started":
            assert rows[table][row_id].start_date is not None, line

    # nothing half-written: each row was created with its entry, each creating entry has its row
    for name, by_id in rows.items():
        for row_id in by_id:
            assert created[(name, row_id)] == 1, f"{name} {row_id} has no creating audit entry"
    for (name, row_id), _ in created.items():
        assert row_id in rows[name], f"audit entry for missing {name} {row_id}"

    notices = rows["notice"].values()
    for contract in rows["contract"].values():
        application = rows["application"][contract.application_id]
        assert application.status == ApplicationStatus.ACCEPTED
        assert ("accept_application", application.id) in actions
        if contract.start_date is not None:
            assert ("record_service_start", contract.id) in actions
        mine = [n for n in notices if n.contract_id == contract.id]
        if contract.status == ContractStatus.NOTICE_RECEIVED:
            received = [n for n in mine if n.direction == NoticeDirection.RECEIVED]
            assert [(n.notice_date, n.requested_end) for n in received] == [(contract.notice_date, contract.end_date)]
            if received[0].penalty:
                assert any(c.contract_id == contract.id and c.amount == received[0].penalty
                           for c in rows["charge"].values())
        elif contract.status == ContractStatus.TERMINATED_BY_PROVIDER:
            assert [n.notice_date for n in mine if n.kind == NoticeKind.PROVIDER_TERMINATION] == [contract.end_date]
            assert all(c.closed for c in rows["cure_notice"].values() if c.contract_id == contract.id)
        else:
            assert contract.status == ContractStatus.ACTIVE and contract.end_date is None and not mine
        changes = [c for c in rows["change_contract"].values() if c.contract_id == contract.id]
        cures = [c for c in rows["cure_notice"].values() if c.contract_id == contract.id and not c.closed]
        assert {k: getattr(contract, k) for k in DERIVED_COLUMNS} == compute_derived(
            contract_facts(contract, changes, cures), None, TODAY)
    for application in rows["application"].values():
        has_contract = any(c.application_id == application.id for c in rows["contract"].values())
        assert has_contract == (application.status == ApplicationStatus.ACCEPTED)
    paid = Counter()
    for payment in rows["payment"].values():
        paid[payment.charge_id] += payment.amount
    assert all(paid[charge.id] <= charge.amount for charge in rows["charge"].values())


@pytest.mark.slow
def test_sigkill_during_use_cases_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    open_database(path_to_url(path), backup_count=10, now=datetime(2026, 3, 1, 9)).close()
    rng = random.Random(20260301)
    reported: list[str] = []
    per_round = []
    for round_number in range(ROUNDS):
        child = Child(path, seed=round_number)
        child.kill_after(rng.uniform(0.2, 2.5))
        reported += child.lines
        per_round.append(len(child.lines))
        check_database(path, reported)
    print(f"\ncrash safety: {ROUNDS} rounds, committed calls per round {per_round}, total {sum(per_round)}")
    assert sum(per_round) > 1000  # thousands of calls at full speed; the kills land mid-stream


def test_the_check_finds_a_half_written_record(tmp_path: Path) -> None:
    """The checker above can fail: a row without its audit entry, a notice without its contract change."""
    from datetime import date

    from app.models import ChargeKind
    from app.usecases.context import UseCaseContext
    from tests.usecases.conftest import new_contract

    path = tmp_path / "half.db"
    open_database(path_to_url(path), backup_count=10, now=datetime(2026, 3, 1, 9)).close()
    engine = make_engine(path_to_url(path))
    contract_id = new_contract(engine, UseCaseContext("試験", TODAY))
    engine.dispose()
    check_database(path, [f"contract_started {contract_id}"])
    with pytest.raises(AssertionError, match="contract 99"):
        check_database(path, ["contract 99"])  # reported but missing
    raw = sqlite3.connect(path)
    try:
        raw.execute("INSERT INTO charge (contract_id, kind, description, amount, due_date) VALUES (?, ?, '', 1, ?)",
                    (contract_id, ChargeKind.MONTHLY.name, date(2026, 3, 31).isoformat()))
        raw.commit()
    finally:
        raw.close()
    with pytest.raises(AssertionError, match="charge 1 has no creating audit entry"):
        check_database(path, [])
