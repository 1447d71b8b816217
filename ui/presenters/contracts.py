"""The contracts list without Qt: filter text, sort key, the rows fetched so far, page by page.

`fetch(text, sort, descending, offset, limit) -> Page` is app.usecases.contract_list.list_contracts
bound to the engine; the Qt model (ui/models/contract_list.py) only asks this presenter.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.formatting import format_date, yen

if TYPE_CHECKING:
    from app.usecases.contract_list import ContractRow, Page

PAGE_SIZE = 200


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

Fetch = Callable[[str, str, bool, int, int], "Page"]


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
    def __init__(self, fetch: Fetch, page_size: int = PAGE_SIZE) -> None:
        self._fetch = fetch
        self.page_size = page_size
        self.text = ""
        self.sort = "number"
        self.descending = False
        self.rows: list[ContractRow] = []
        self.total = 0

    def reload(self) -> None:
        page = self._fetch(self.text, self.sort, self.descending, 0, self.page_size)
        self.rows = list(page.rows)
        self.total = page.total

    def set_filter(self, text: str) -> None:
        self.text = text.strip()
        self.reload()

    def set_sort(self, column: int, descending: bool) -> None:
        self.sort = COLUMNS[column].sort_key
        self.descending = descending
        self.reload()

    def can_fetch_more(self) -> bool:
        return len(self.rows) < self.total

    def fetch_more(self) -> list[ContractRow]:
        """The next page (appended to `rows`); empty when all are there."""
        if not self.can_fetch_more():
            return []
        page = self._fetch(self.text, self.sort, self.descending, len(self.rows), self.page_size)
        self.rows.extend(page.rows)
        self.total = page.total
        return list(page.rows)

    def count_text(self) -> str:
        where = f"「{self.text}」に一致する契約" if self.text else "契約"
        return f"{where} {self.total:,}件（表示 {len(self.rows):,}件）"
