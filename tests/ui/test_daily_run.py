"""The day moves on while the window stays open: at the first clock check after midnight the hub moves
the contracts whose end date passed to 終了 in a worker and tells the screens."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlmodel import Session, select

from app.models import AuditEntry, Contract, ContractStatus
from app.startup import open_workspace
from app.usecases import termination
from app.usecases.context import UseCaseContext
from tests.ui.screen_fixtures import JST, SETTINGS
from tests.usecases.conftest import new_contract
from ui.hub import ALL, DAY_CHECK_MS, Hub
from ui.main_window import MainWindow


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_crossing_midnight_ends_the_contracts_whose_end_date_passed(qtbot: QtBot, tmp_path: Path) -> None:
    clock = FakeClock(datetime(2025, 10, 31, 23, 58, tzinfo=JST))
    workspace = open_workspace(str(tmp_path / "secplus.db"), SETTINGS, clock.now)
    try:
        engine = workspace.database.engine
        ctx = UseCaseContext("山田 太郎", date(2025, 9, 10))
        ending = new_contract(engine, ctx)
        running = new_contract(engine, ctx, company="株式会社続行")
        termination.record_termination_notice(engine, ctx, ending, date(2025, 9, 10), date(2025, 10, 31))
        hub = Hub(SETTINGS, clock=clock)
        window = MainWindow(hub, version="test")
        qtbot.addWidget(window)
        hub.set_workspace(workspace)
        hub.watch_the_date()
        assert hub.day_timer.isActive() and hub.day_timer.interval() == DAY_CHECK_MS == 60_000
        changes: list[str] = []
        hub.changed.connect(changes.append)

        clock.now = datetime(2025, 10, 31, 23, 59, 30, tzinfo=JST)
        assert hub.check_date() is False  # the same day: nothing runs
        clock.now = datetime(2025, 11, 1, 0, 0, 20, tzinfo=JST)  # midnight passed
        with qtbot.waitSignal(hub.day_changed, timeout=10_000) as signal:
            hub.day_timer.timeout.emit()  # the minute's tick
        assert signal.args == [date(2025, 11, 1), 1]
        assert changes == [ALL]  # the screens reload (days left, what falls due)
        assert window.status_label.text() == "日付が変わりました（2025年11月1日）。終了日を過ぎた契約 1件を「終了」にしました。"
        with Session(engine) as session:
            assert session.get(Contract, ending).status == ContractStatus.ENDED  # type: ignore[union-attr]
            assert session.get(Contract, running).status == ContractStatus.ACTIVE  # type: ignore[union-attr]
            [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == "contract_ended")).all()
        assert entry.contract_id == ending and entry.actor == SETTINGS.user_name

        clock.now = datetime(2025, 11, 1, 0, 1, 20, tzinfo=JST)
        assert hub.check_date() is False  # once a day
        hub.set_workspace(None)
        assert not hub.day_timer.isActive()
    finally:
        workspace.database.close()


def test_a_start_that_ended_after_midnight_runs_the_new_day_at_the_first_tick(qtbot: QtBot, tmp_path: Path) -> None:
    clock = FakeClock(datetime(2025, 11, 1, 0, 0, 5, tzinfo=JST))
    workspace = open_workspace(str(tmp_path / "secplus.db"), SETTINGS, clock.now)
    try:
        hub = Hub(SETTINGS, clock=clock)
        hub.set_workspace(workspace, as_of=date(2025, 10, 31))  # the start read the clock before midnight
        with qtbot.waitSignal(hub.day_changed, timeout=10_000) as signal:
            assert hub.check_date() is True
        assert signal.args == [date(2025, 11, 1), 0]
    finally:
        workspace.database.close()
