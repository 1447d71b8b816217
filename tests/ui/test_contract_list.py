"""Filtering and sorting the contracts list give the rows the query layer gives; pages are read as they
are shown, and a jump to the end reads the last page only."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.startup import Workspace
from app.usecases.contract_list import list_contracts
from tests.ui.screen_fixtures import hub, seeded_db, shown_window, workspace  # noqa: F401 (fixtures)
from ui.hub import Hub
from ui.presenters.contracts import COLUMNS, ContractListPresenter, QueryKey
from ui.screens.contracts import ContractsScreen


def all_ids(workspace: Workspace, text: str, sort: str, descending: bool,  # noqa: F811
            statuses: tuple[str, ...] = ()) -> list[int]:
    return [r.id for r in list_contracts(workspace.database.engine, text, sort, descending, 0, 1000, statuses).rows]


def screen_of(qtbot: QtBot, hub: Hub) -> ContractsScreen:  # noqa: F811
    _window, screen = shown_window(qtbot, hub, "contracts")
    assert isinstance(screen, ContractsScreen)
    return screen


def loaded_ids(screen: ContractsScreen) -> list[int]:
    model = screen.model
    return [model.contract_id(row) for row in range(model.rowCount())]


@pytest.mark.parametrize("text", ["", "SP-2020", "株式会社", "ホールディングス", "S", "zzz-none"])
def test_filter_gives_the_query_layers_rows(qtbot: QtBot, hub: Hub, workspace: Workspace, text: str) -> None:  # noqa: F811
    screen = screen_of(qtbot, hub)
    screen.presenter.page_size = 50  # several pages
    screen.filter.setText(text)  # what typing does (Japanese is not typed through keyClicks)
    assert loaded_ids(screen) == all_ids(workspace, text, "number", False)
    assert screen.presenter.total == len(all_ids(workspace, text, "number", False))
    assert f"{screen.presenter.total:,}件" in screen.count_label.text()


def test_typing_a_contract_number_prefix_filters_as_you_type(qtbot: QtBot, hub: Hub, workspace: Workspace) -> None:  # noqa: F811
    screen = screen_of(qtbot, hub)
    screen.filter.setFocus()
    QTest.keyClicks(screen.filter, "SP-2021")
    assert loaded_ids(screen) == all_ids(workspace, "SP-2021", "number", False)
    assert all(screen.model.data(screen.model.index(r, 0)).startswith("SP-2021") for r in range(screen.model.rowCount()))


@pytest.mark.parametrize("column", range(len(COLUMNS)))
def test_sorting_by_a_column_is_the_query_layers_order(qtbot: QtBot, hub: Hub, workspace: Workspace,  # noqa: F811
                                                       column: int) -> None:
    screen = screen_of(qtbot, hub)
    screen.presenter.page_size = 70
    screen.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    assert loaded_ids(screen) == all_ids(workspace, "", COLUMNS[column].sort_key, True)
    screen.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    assert loaded_ids(screen) == all_ids(workspace, "", COLUMNS[column].sort_key, False)


def test_presenter_pages_without_qt(workspace: Workspace) -> None:  # noqa: F811
    engine = workspace.database.engine
    presenter = ContractListPresenter(lambda t, s, d, o, n, st: list_contracts(engine, t, s, d, o, n, st), page_size=30,
                                      max_pages=3)
    presenter.set_filter("SP-20")
    expected = all_ids(workspace, "SP-20", "number", False)
    assert presenter.total == len(expected) > 90 and presenter.fetches == 1
    last = presenter.row(presenter.total - 1)
    assert last is not None and last.id == expected[-1] and presenter.fetches == 2  # the end: one more page
    assert [r.id for r in (presenter.row(i) for i in range(presenter.total)) if r is not None] == expected
    assert len(presenter.pages) == 3 and presenter.cached_rows() <= 90  # memory stays bounded
    assert presenter.row(presenter.total) is None and presenter.row(-1) is None
    assert presenter.count_text() == f"「SP-20」に一致する契約 {len(expected):,}件"


def test_the_view_reads_only_the_pages_it_shows(qtbot: QtBot, hub: Hub) -> None:  # noqa: F811
    screen = screen_of(qtbot, hub)
    screen.presenter.page_size = 20
    screen.model.reload()
    screen.table.resize(900, 400)
    qtbot.wait(10)
    assert screen.presenter.fetches <= 2
    screen.table.scrollToBottom()
    qtbot.wait(10)
    screen.table.viewport().repaint()
    assert screen.presenter.fetches <= 4  # not the 10 pages of the 200 contracts
    assert (200 - 1) // 20 in screen.presenter.pages


def test_status_chips_show_counts(qtbot: QtBot, hub: Hub) -> None:  # noqa: F811
    screen = screen_of(qtbot, hub)
    screen.refresh()
    texts = [chip.text() for chip in screen.chips.values()]
    assert any(text.startswith("契約中 ") for text in texts)
    total = sum(int(text.split()[-1].replace(",", "")) for text in texts)
    assert total == screen.presenter.total == 200


def test_the_status_bar_counts_follow_the_screen_shown(qtbot: QtBot, hub: Hub) -> None:  # noqa: F811
    window, screen = shown_window(qtbot, hub, "contracts")
    assert isinstance(screen, ContractsScreen)
    screen.filter.setText("SP-2021")
    assert window.count_label.text() == screen.presenter.count_text()
    window.show_screen("home")
    assert window.count_label.text() == ""
    hub.notify("contracts")  # the list reloads in the background: the home screen's status bar stays
    assert window.count_label.text() == ""
    window.show_screen("contracts")
    assert window.count_label.text() == screen.presenter.count_text()


def test_keyboard_only_filter_then_enter_then_enter_opens_the_contract(qtbot: QtBot, hub: Hub,  # noqa: F811
                                                                       workspace: Workspace) -> None:  # noqa: F811
    window, screen = shown_window(qtbot, hub, "contracts")
    assert isinstance(screen, ContractsScreen)
    screen.focus_filter()
    QTest.keyClicks(screen.filter, "SP-2022-0001")
    QTest.keyClick(screen.filter, Qt.Key.Key_Return)  # Enter: into the rows, the first one selected
    assert window.focusWidget() is screen.table and screen.table.currentIndex().row() == 0
    QTest.keyClick(screen.table, Qt.Key.Key_Return)  # Enter: open it
    assert window.current_key() == "contract"
    assert getattr(window.screen_widget("contract"), "contract_id") == all_ids(workspace, "SP-2022-0001", "number",
                                                                                False)[0]


def chip_counts(screen: ContractsScreen) -> dict[str, int]:
    return {status: int(chip.text().split()[-1].replace(",", "")) for status, chip in screen.chips.items()}


def test_a_status_chip_click_filters_and_a_second_click_clears(qtbot: QtBot, hub: Hub,  # noqa: F811
                                                               workspace: Workspace) -> None:  # noqa: F811
    screen = screen_of(qtbot, hub)
    screen.refresh()
    counts = chip_counts(screen)
    assert sum(1 for count in counts.values() if count) >= 2  # the seed has contracts in several statuses
    screen.presenter.page_size = 40
    QTest.mouseClick(screen.chips["ended"], Qt.MouseButton.LeftButton)
    ended = all_ids(workspace, "", "number", False, ("ended",))
    assert screen.chips["ended"].isChecked() and loaded_ids(screen) == ended and len(ended) == counts["ended"]
    assert "（終了）" in screen.count_label.text() and f"{len(ended):,}件" in screen.count_label.text()
    QTest.mouseClick(screen.chips["notice_received"], Qt.MouseButton.LeftButton)  # a second status joins
    both = all_ids(workspace, "", "number", False, ("notice_received", "ended"))
    assert loaded_ids(screen) == both and len(both) == counts["ended"] + counts["notice_received"]
    assert set(both) == set(ended) | set(all_ids(workspace, "", "number", False, ("notice_received",)))
    screen.filter.setText("SP-2021")  # with a text filter too
    assert loaded_ids(screen) == all_ids(workspace, "SP-2021", "number", False, ("notice_received", "ended"))
    screen.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert loaded_ids(screen) == all_ids(workspace, "SP-2021", "start", True, ("notice_received", "ended"))
    QTest.mouseClick(screen.chips["ended"], Qt.MouseButton.LeftButton)
    QTest.mouseClick(screen.chips["notice_received"], Qt.MouseButton.LeftButton)  # both released: every status
    assert not any(chip.isChecked() for chip in screen.chips.values())
    assert loaded_ids(screen) == all_ids(workspace, "SP-2021", "start", True)
    screen.refresh()
    assert chip_counts(screen) == counts  # the chips keep counting every contract


def test_status_chips_by_keyboard(qtbot: QtBot, hub: Hub, workspace: Workspace) -> None:  # noqa: F811
    window, screen = shown_window(qtbot, hub, "contracts")
    assert isinstance(screen, ContractsScreen)
    screen.focus_filter()
    first = next(iter(screen.chips))
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_Tab)  # filter -> the first chip
    assert window.focusWidget() is screen.chips[first]
    QTest.keyClick(screen.chips[first], Qt.Key.Key_Space)
    assert screen.presenter.statuses == (first,)
    assert loaded_ids(screen) == all_ids(workspace, "", "number", False, (first,))
    QTest.keyClick(screen.chips[first], Qt.Key.Key_Space)
    assert not screen.presenter.statuses and screen.presenter.total == 200


def deferred_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every total that needs a count of the matches comes after the page (as on 100,000 contracts)."""
    from app.usecases import contract_list

    monkeypatch.setattr(contract_list, "INLINE_COUNT_UP_TO", 0)


def test_rows_first_then_the_count_from_a_worker(qtbot: QtBot, hub: Hub, workspace: Workspace,  # noqa: F811
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    deferred_counts(monkeypatch)
    window, screen = shown_window(qtbot, hub, "contracts")
    assert isinstance(screen, ContractsScreen)
    screen.presenter.page_size = 30
    expected = all_ids(workspace, "株式会社", "number", False)
    assert len(expected) > 60
    screen.filter.setText("株式会社")
    assert screen.model.rowCount() == 30 and not screen.presenter.total_exact  # the first page, shown at once
    assert screen.count_label.text() == "「株式会社」に一致する契約 30件以上（件数を数えています）"
    assert window.count_label.text() == screen.count_label.text()
    screen.table.selectRow(5)
    resets: list[int] = []
    screen.model.modelReset.connect(lambda: resets.append(1))
    qtbot.waitUntil(lambda: not screen.counting(), timeout=5000)
    assert screen.presenter.total_exact and screen.model.rowCount() == len(expected)
    assert loaded_ids(screen) == expected
    assert screen.count_label.text() == f"「株式会社」に一致する契約 {len(expected):,}件"
    assert window.count_label.text() == screen.count_label.text()
    assert not resets and screen.table.currentIndex().row() == 5  # rows added, the selection kept
    screen.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # the same matches: their count is kept
    assert screen.presenter.total_exact and not screen.counting()
    assert loaded_ids(screen) == all_ids(workspace, "株式会社", "start", True)


def test_only_the_newest_lists_count_is_taken(qtbot: QtBot, hub: Hub, workspace: Workspace,  # noqa: F811
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    deferred_counts(monkeypatch)
    screen = screen_of(qtbot, hub)
    screen.presenter.page_size = 20
    counted: list[tuple[str, tuple[str, ...]]] = []
    real = screen._counted

    def recorded(key: QueryKey, total: int) -> None:
        counted.append(key[:2])
        real(key, total)

    monkeypatch.setattr(screen, "_counted", recorded)
    for text in ("株", "株式", "株式会", "株式会社", "株式会社 ホ"):  # typed faster than the counts come
        screen.filter.setText(text)
    qtbot.waitUntil(lambda: not screen.counting(), timeout=5000)
    assert counted == [("株式会社 ホ", ())]  # the words typed on the way were not counted
    assert loaded_ids(screen) == all_ids(workspace, "株式会社 ホ", "number", False)
    assert screen.presenter.total_exact
    assert not screen.presenter.count_arrived(("株式会社", (), screen.presenter.generation), 3)  # an older list's
    assert screen.model.rowCount() == len(all_ids(workspace, "株式会社 ホ", "number", False))
    screen.filter.setText("株式会社")  # a count running while the list changes: the newest one follows it
    screen._count_timer.timeout.emit()  # typing paused: the count starts
    assert screen._counting
    screen.toggle_status("active")
    qtbot.waitUntil(lambda: not screen.counting(), timeout=5000)
    expected = all_ids(workspace, "株式会社", "number", False, ("active",))
    assert counted[1:] == [("株式会社", ()), ("株式会社", ("active",))]
    assert screen.model.rowCount() == len(expected)
    assert loaded_ids(screen) == expected and f"{len(expected):,}件" in screen.count_label.text()


def test_a_failed_count_says_so_and_the_list_stays(qtbot: QtBot, hub: Hub, workspace: Workspace,  # noqa: F811
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from app.usecases import contract_list

    deferred_counts(monkeypatch)

    def broken(*_args: object) -> int:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(contract_list, "count_contracts", broken)
    screen = screen_of(qtbot, hub)
    screen.presenter.page_size = 30
    screen.filter.setText("株式会社")
    qtbot.waitUntil(lambda: not screen.counting(), timeout=5000)
    assert screen.count_label.text() == "「株式会社」に一致する契約 30件以上（件数を数えられませんでした）"
    assert loaded_ids(screen) == all_ids(workspace, "株式会社", "number", False)[:30]


def test_a_count_of_the_data_before_a_change_is_not_taken(qtbot: QtBot, hub: Hub, workspace: Workspace,  # noqa: F811
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from app.usecases import contract_list

    deferred_counts(monkeypatch)
    real = contract_list.count_contracts
    calls: list[str] = []

    def count(*args: object) -> int:  # the first count saw the data before the change
        calls.append("count")
        return real(*args) + (1000 if len(calls) == 1 else 0)  # type: ignore[arg-type]

    monkeypatch.setattr(contract_list, "count_contracts", count)
    screen = screen_of(qtbot, hub)
    screen.presenter.page_size = 30
    screen.filter.setText("株式会社")
    screen._count_timer.timeout.emit()  # typing paused: the count starts ...
    screen.refresh()  # ... and the data changes before it reports (hub.changed)
    qtbot.waitUntil(lambda: not screen.counting(), timeout=5000)
    expected = all_ids(workspace, "株式会社", "number", False)
    assert calls == ["count", "count"] and screen.presenter.total == len(expected)
    assert loaded_ids(screen) == expected
