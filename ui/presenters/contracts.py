"""The contracts list without Qt: filter text, status chips, sort key, and a window of pages over the
query's rows.

`fetch(text, sort, descending, offset, limit, statuses) -> Page` is
app.usecases.contract_list.list_contracts bound to the engine; the Qt model
(ui/models/contract_list.py) only asks this presenter.

A page may come before its total is counted (Page.exact False: `total` is a lower bound, so that a
keystroke repaints without waiting for a count of thousands of matches): the list then holds the rows
known so far, the count text says "…件以上（件数を数えています）", and `count_arrived` takes the exact
count when it comes (from count_contracts in a worker; the screen runs it).
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.formatting import format_date, yen
from app.labels import STATUS_LABELS
from app.models import ContractStatus

if TYPE_CHECKING:
    from app.usecases.contract_list import ContractRow, Page

PAGE_SIZE = 200
MAX_CACHED_PAGES = 50  # at most 10,000 rows held in memory


@dataclass(frozen=True)
class ListColumn:
    title: str
    sort_key: str
    right: bool = False


COLUMNS = (
    ListColumn("契約番号", "number"),
    ListColumn("会社名", "company"),
    ListColumn("状態", "status"),
    ListColumn("開始日", "start"),
    ListColumn("月額", "monthly_fee", right=True),
    ListColumn("次の期限", "next_deadline"),
    ListColumn("終了日", "end"),
)

Fetch = Callable[[str, str, bool, int, int, tuple[str, ...]], "Page"]
# what a total depends on: filter text, chips, and the data (`generation`: a reload, after a change)
QueryKey = tuple[str, tuple[str, ...], int]


def cell_text(row: ContractRow, column: int, style: str) -> str:
    key = COLUMNS[column].sort_key
    if key == "number":
        return row.number
    if key == "company":
        return row.company_name
    if key == "status":
        return row.status_label
    if key == "monthly_fee":
        return yen(row.monthly_fee)
    day = {"start": row.start_date, "next_deadline": row.next_deadline, "end": row.end_date}[key]
    return format_date(day, style) if day is not None else "—"


class ContractListPresenter:
    """A window on the query's rows: pages are fetched when a row in them is first wanted and the least
    recently used are dropped, so a jump to the end costs one page and memory stays bounded."""

    def __init__(self, fetch: Fetch, page_size: int = PAGE_SIZE, max_pages: int = MAX_CACHED_PAGES) -> None:
        self._fetch = fetch
        self.page_size = page_size
        self.max_pages = max_pages
        self.text = ""
        self.sort = "number"
        self.descending = False
        self.statuses: tuple[str, ...] = ()  # the chips pressed (ContractStatus values); none: every status
        self.pages: OrderedDict[int, list[ContractRow]] = OrderedDict()
        self.total = 0
        self.total_exact = True  # False: `total` is a lower bound until count_arrived
        self.count_failed = False
        self.fetches = 0  # pages read from the query layer since the last reload (tests, benchmarks)
        self._last_total = (0, True)  # the total the last page read reported, and whether exact
        self._counted: tuple[QueryKey, int] | None = None  # the last exact total, kept across a re-sort
        self.generation = 0  # reloads so far: a count of the data before one is not this list's

    def reload(self) -> None:
        """Read the list again (the data may have changed: totals are counted again)."""
        self._counted = None
        self.generation += 1
        self._load()

    def _load(self) -> None:
        self.pages.clear()
        self.fetches = 0
        self.total = 0
        self.count_failed = False
        self._page(0)
        key = self.query_key()
        if self._counted is not None and self._counted[0] == key:
            self.total, self.total_exact = self._counted[1], True
        else:
            self.total, self.total_exact = self._last_total
            self._counted = (key, self.total) if self.total_exact else None

    def query_key(self) -> QueryKey:
        return self.text, self.statuses, self.generation

    def count_arrived(self, key: QueryKey, total: int) -> bool:
        """The exact total of `key` was counted: True when it is this list's (then it is the total)."""
        if key != self.query_key() or self.total_exact:
            return False
        self.total, self.total_exact = total, True
        self._counted = (key, total)
        return True

    def set_filter(self, text: str) -> None:
        self.text = text.strip()
        self._load()

    def toggle_status(self, status: str) -> None:
        """A chip clicked: its status joins the filter, or leaves it when it was in."""
        chosen = set(self.statuses) ^ {str(ContractStatus(status))}
        self.statuses = tuple(str(s) for s in ContractStatus if str(s) in chosen)
        self._load()

    def set_sort(self, column: int, descending: bool) -> None:
        self.sort = COLUMNS[column].sort_key
        self.descending = descending
        self._load()

    def _page(self, index: int) -> list[ContractRow]:
        rows = self.pages.get(index)
        if rows is not None:
            self.pages.move_to_end(index)
            return rows
        page = self._fetch(self.text, self.sort, self.descending, index * self.page_size, self.page_size,
                           self.statuses)
        self.fetches += 1
        self._last_total = (page.total, page.exact)
        rows = list(page.rows)
        self.pages[index] = rows
        while len(self.pages) > self.max_pages:
            self.pages.popitem(last=False)
        return rows

    def row(self, number: int) -> ContractRow | None:
        """Row `number` (0-based) of the whole result; None past its end (rows deleted meanwhile)."""
        if not 0 <= number < self.total:
            return None
        rows = self._page(number // self.page_size)
        offset = number % self.page_size
        return rows[offset] if offset < len(rows) else None

    def cached_rows(self) -> int:
        return sum(len(rows) for rows in self.pages.values())

    def count_text(self) -> str:
        where = f"「{self.text}」に一致する契約" if self.text else "契約"
        if self.statuses:
            where += "（" + "・".join(STATUS_LABELS[ContractStatus(s)] for s in self.statuses) + "）"
        if self.total_exact:
            return f"{where} {self.total:,}件"
        state = "件数を数えられませんでした" if self.count_failed else "件数を数えています"
        return f"{where} {self.total:,}件以上（{state}）"
