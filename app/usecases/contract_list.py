"""The contract list: one page of contracts, filtered as the user types and sorted by any column.

Text search: stored text and typed text are normalised the same way (NFKC, case-folded, hiragana
folded to katakana) so that 'ﾔﾏﾀﾞ', 'やまだ' and 'ヤマダ' find the same customer and full-width
'ＳＰ' finds 'SP'. A LIKE over every contract costs ~1 µs a row; the gram index
(`contract_search_gram`: every character and every pair of adjacent characters of each field,
the contract number included) lets a word start from the contracts that hold its rarest gram
instead, so a contract-number prefix, an ASCII word and a single character use it too. A word
of one or two characters is its own gram: its matches and their count come from the index alone.
The rarest gram's contracts are checked and sorted by SQL (ORDER BY ... LIMIT: the page only comes
back to Python), and the gram counts that choose the plan are kept per engine (a keystroke counts
its one new gram).

Totals: from the indexes when they give them (no text, statuses only, one short word, a rare gram);
otherwise a count of the matches themselves (a LIKE over up to all contracts: 10-25 ms on 100,000).
The list as the user types asks with `exact_total=False` and gets such a page without its total
(a lower bound, `Page.exact` False); `count_contracts` counts it afterwards, off the GUI thread.

Status chips: `statuses` keeps the contracts in any of the given statuses. The count comes from the
status index alone; a rare status (under a quarter of all contracts) drives the page from that index,
a common one is filtered during the scan in the sort key's index order, which stops at the page.

User text never becomes SQL: filters are bound parameters (LIKE with escaping) and sort keys
come from a whitelist. The SQL is portable (SQLite and PostgreSQL). A read never writes.
"""
from __future__ import annotations

import unicodedata
import weakref
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, type_coerce
from sqlalchemy.engine import Connection
from sqlmodel import Session, col

from app.labels import STATUS_LABELS
from app.models import Contract, ContractSearchGram, ContractStatus, Customer
from app.usecases.errors import ValidationError

_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().translate(_HIRAGANA_TO_KATAKANA)


def search_text(number: str, company_name: str, company_kana: str, contact_person: str) -> str:
    """What the filter looks in; fields are separated so a match cannot span two of them."""
    return "\n".join(normalize(part) for part in (number, company_name, company_kana, contact_person))


def grams_of(text: str) -> set[str]:
    """The distinct bigrams of normalised `text` (none spanning white space)."""
    return {text[i:i + 2] for i in range(len(text) - 1) if not (text[i].isspace() or text[i + 1].isspace())}


def indexed_grams(number: str, company_name: str, company_kana: str, contact_person: str) -> set[str]:
    """The grams the index holds for a contract: the characters and bigrams of its four fields."""
    found: set[str] = set()
    for part in (number, company_name, company_kana, contact_person):
        text = normalize(part)
        found |= grams_of(text)
        found.update(ch for ch in text if not ch.isspace())
    return found


def word_grams(word: str) -> set[str]:
    """The grams every match of a (normalised, white-space free) word holds: the word itself when
    it has one character, else its bigrams."""
    return {word} if len(word) == 1 else grams_of(word)


_INSERT_GRAMS = insert(ContractSearchGram)


def index_contract(session: Session, contract: Contract, customer: Customer) -> None:
    """Write a contract's search text and bigrams (inside the caller's transaction)."""
    contract.search_text = search_text(contract.number, customer.company_name, customer.company_kana,
                                       customer.contact_person)
    new = contract.id is None  # written just now: it has no grams yet
    session.add(contract)
    session.flush()
    if not new:
        session.execute(delete(ContractSearchGram).where(col(ContractSearchGram.contract_id) == contract.id))
    _plan_counts.clear()
    rows = [{"gram": g, "contract_id": contract.id}
            for g in sorted(indexed_grams(contract.number, customer.company_name, customer.company_kana,
                                          customer.contact_person))]
    if rows:
        session.connection().execute(_INSERT_GRAMS, rows)  # Core executemany: no ORM bulk path


def rebuild_search_index(session: Session, contract_ids: Iterable[int] | None = None) -> int:
    """Recompute search text and bigrams (all contracts, or the given ones); returns how many."""
    query = select(Contract, Customer).join(Customer, col(Customer.id) == col(Contract.customer_id))
    if contract_ids is not None:
        query = query.where(col(Contract.id).in_(list(contract_ids)))
    done = 0
    for contract, customer in session.execute(query).all():
        index_contract(session, contract, customer)
        done += 1
    return done


# --- the list ---------------------------------------------------------------------------------

MAX_PAGE = 1000


@dataclass(frozen=True)
class ContractRow:
    id: int
    number: str
    company_name: str
    status: ContractStatus
    status_label: str
    start_date: date | None
    monthly_fee: int  # in effect (change contracts applied)
    next_deadline: date | None
    end_date: date | None


@dataclass(frozen=True)
class Page:
    rows: list[ContractRow]
    total: int
    exact: bool = True  # False: `total` is only a lower bound (its count was left to count_contracts)


SORT_KEYS: dict[str, Any] = {
    "number": Contract.number,
    "company": Customer.company_kana,
    "status": Contract.status,
    "start": Contract.start_date,
    "monthly_fee": Contract.current_monthly_fee,
    "next_deadline": Contract.next_deadline,
    "end": Contract.end_date,
}


# A gram held by more contracts than this is no faster than scanning: scan instead. Rarer grams
# drive the query: their contracts are checked and sorted in Python.
GRAM_CANDIDATE_LIMIT = 20_000
# A word of one or two characters has its exact count in the index; when it is that common, a scan
# in the sort order finds the page sooner (it stops at the page's last row) than sorting them all.
EXACT_SCAN_FROM = 3_000


def _words(text: str) -> list[str]:
    return [normalize(word) for word in text.split()]


def _text_conditions(words: list[str]) -> list[Any]:
    """One LIKE per word (all must match), on the normalised search column."""
    return [col(Contract.search_text).contains(word, autoescape=True) for word in words]


def _gram_count(session: Connection, gram: str, cap: int | None) -> int:
    """How many contracts hold `gram` (index only), counting no further than `cap`."""
    query = select(col(ContractSearchGram.contract_id)).where(col(ContractSearchGram.gram) == gram)
    if cap is not None:
        query = query.limit(cap)
    return int(session.execute(select(func.count()).select_from(query.subquery())).scalar_one())


# The plan's gram counts (capped at GRAM_CANDIDATE_LIMIT), per engine: typing a word adds one gram a
# keystroke, so only that one is counted again (each count reads up to 20,000 index entries, ~1 ms).
# They choose the plan only, never the rows or a total: a count gone stale (another process wrote)
# can make a query slower, never wrong. Writes through index_contract clear them.
_plan_counts: weakref.WeakKeyDictionary[Engine, dict[str, int]] = weakref.WeakKeyDictionary()
PLAN_COUNTS_KEPT = 20_000


def _plan_count(session: Connection, gram: str) -> int:
    counts = _plan_counts.setdefault(session.engine, {})
    found = counts.get(gram)
    if found is None:
        if len(counts) >= PLAN_COUNTS_KEPT:
            counts.clear()
        found = counts[gram] = _gram_count(session, gram, GRAM_CANDIDATE_LIMIT)
    return found


def _driving_gram(session: Connection, words: list[str]) -> str | None:
    """The rarest indexed gram of the words, or None when scanning is as good (every gram is in
    GRAM_CANDIDATE_LIMIT contracts or more, or the one short word is in EXACT_SCAN_FROM or more)."""
    best, best_count = None, GRAM_CANDIDATE_LIMIT
    for word in words:
        for gram in sorted(word_grams(word)):
            count = _plan_count(session, gram)
            if count < best_count:
                best, best_count = gram, count
            if count == 0:
                return gram
    if best is not None and best_count >= EXACT_SCAN_FROM and len(words) == 1 and len(words[0]) <= 2:
        return None  # counted exactly from the index, paged by the scan
    return best


def _exact_total(session: Connection, words: list[str], statuses: list[ContractStatus] | None = None) -> int | None:
    """The number of matches from the index alone, when one word of one or two characters is typed
    (its contracts are exactly those holding it as a gram; with `statuses`, those of the gram's
    contracts in them); else None."""
    if not (len(words) == 1 and 1 <= len(words[0]) <= 2):
        return None
    if not statuses:
        return _gram_count(session, words[0], None)
    return int(session.execute(
        select(func.count()).select_from(ContractSearchGram)
        .join(Contract, col(Contract.id) == col(ContractSearchGram.contract_id))
        .where(col(ContractSearchGram.gram) == words[0], status_in(statuses, use_index=False))
    ).scalar_one())


# Selected statuses holding at least this share of all contracts are filtered while scanning in sort order
# (the scan stops at the page); rarer ones are read from the status index and sorted.
STATUS_SCAN_SHARE = 0.25


def _statuses(statuses: Collection[ContractStatus | str]) -> list[ContractStatus]:
    """The chip selection as statuses (ValidationError for an unknown one), in a stable order; [] when
    it is every status (no filter)."""
    found = set()
    for status in statuses:
        try:
            found.add(ContractStatus(status))
        except ValueError:
            raise ValidationError(f"契約の状態が正しくありません: {status}", "status") from None
    return [] if len(found) == len(ContractStatus) else [s for s in ContractStatus if s in found]


def _status_count(session: Connection, statuses: list[ContractStatus]) -> int:
    """How many contracts are in `statuses` (index only)."""
    return int(session.execute(select(func.count()).select_from(Contract)
                               .where(col(Contract.status).in_(statuses))).scalar_one())


def status_in(statuses: list[ContractStatus], *, use_index: bool) -> Any:
    """`status IN (...)`; without the status index (`status || ''`) when another index (the sort
    key's, a date range's) is the better plan: SQLite, without statistics, would pick the status index."""
    status: Any = col(Contract.status)
    if use_index:
        return status.in_(statuses)
    return type_coerce(status.concat(""), status.type).in_(statuses)  # bound as stored (by name)


def _row_columns() -> tuple[Any, ...]:
    return tuple(col(c) for c in (Contract.id, Contract.number, Customer.company_name, Contract.status,
                                  Contract.start_date, Contract.current_monthly_fee, Contract.next_deadline,
                                  Contract.end_date))


def _to_row(r: Any) -> ContractRow:
    status = ContractStatus(r[3])
    return ContractRow(r[0], r[1], r[2], status, STATUS_LABELS[status], r[4], r[5], r[6], r[7])




def _rows_of(session: Connection, ids: list[int]) -> list[ContractRow]:
    """The list rows of contracts `ids`, in that order (ids of contracts deleted meanwhile are left out)."""
    if not ids:
        return []
    rows = session.execute(
        select(*_row_columns()).join(Customer, col(Customer.id) == col(Contract.customer_id))
        .where(col(Contract.id).in_(ids))
    ).all()
    by_id = {r[0]: r for r in rows}
    return [_to_row(by_id[i]) for i in ids if i in by_id]


# A gram-driven query whose gram is in at most this many contracts counts its matches at once (~1 ms);
# with more, a caller that asked for the page first (exact_total=False) gets the count from count_contracts.
INLINE_COUNT_UP_TO = 2_000


@dataclass(frozen=True)
class _Plan:
    """How the matches of the words and statuses are found: from the contracts holding `gram`, or by
    a scan (in the sort key's order for the page); `status_index`: the status index drives a scan."""
    words: list[str]
    statuses: list[ContractStatus]
    gram: str | None
    status_index: bool
    status_total: int | None  # the count of the statuses (index only) when no word is typed


def _plan(session: Connection, text: str, statuses: Collection[ContractStatus | str]) -> _Plan:
    words = _words(text)
    wanted = _statuses(statuses)
    gram = _driving_gram(session, words)
    status_index, status_total = False, None
    if wanted and gram is None:
        selected = _status_count(session, wanted)
        everything = int(session.execute(select(func.count()).select_from(Contract)).scalar_one())
        status_index = selected < everything * STATUS_SCAN_SHARE
        status_total = None if words else selected
    return _Plan(words, wanted, gram, status_index, status_total)


def _matches(plan: _Plan) -> Any:
    """SELECT the ids of the matching contracts (unordered)."""
    conditions = _text_conditions(plan.words)
    if plan.statuses:  # on the gram's few rows, or while scanning in sort order, or from the status index
        conditions.append(status_in(plan.statuses, use_index=plan.status_index))
    if plan.gram is None:
        return select(col(Contract.id)).where(*conditions)
    return (select(col(Contract.id)).select_from(ContractSearchGram)
            .join(Contract, col(Contract.id) == col(ContractSearchGram.contract_id))
            .where(col(ContractSearchGram.gram) == plan.gram, *conditions))


def _cheap_total(session: Connection, plan: _Plan) -> int | None:
    """The number of matches when the indexes alone give it (statuses only, every contract, a word of
    one or two characters) or the driving gram is rare; else None (a count of the matches is needed)."""
    if plan.status_total is not None:
        return plan.status_total
    if not plan.words and not plan.statuses:
        return int(session.execute(select(func.count()).select_from(Contract)).scalar_one())
    total = _exact_total(session, plan.words, plan.statuses)
    if total is None and plan.gram is not None and _plan_count(session, plan.gram) <= INLINE_COUNT_UP_TO:
        total = _total(session, plan)
    return total


def _total(session: Connection, plan: _Plan) -> int:
    return int(session.execute(select(func.count()).select_from(_matches(plan).subquery())).scalar_one())


def list_contracts(
    engine: Engine,
    text: str = "",
    sort: str = "number",
    descending: bool = False,
    offset: int = 0,
    limit: int = 100,
    statuses: Collection[ContractStatus | str] = (),
    *,
    exact_total: bool = True,
) -> Page:
    """One page of contracts whose number, company name, kana or contact person contain every word of
    `text` and whose status is one of `statuses` (none given: any), sorted by a whitelisted key (no
    value last), then by id.

    `exact_total=False` (the list as the user types): when the total would need a count of the
    matches themselves (a LIKE over thousands of contracts, 10-25 ms on 100,000), the page comes
    without it: `total` is then the lower bound `offset + len(rows)` and `exact` False, and
    count_contracts gives the number later (off the GUI thread)."""
    if sort not in SORT_KEYS:
        raise ValidationError(f"並べ替えの項目が正しくありません: {sort}", "sort")
    if not (isinstance(offset, int) and isinstance(limit, int)) or offset < 0 or not 0 < limit <= MAX_PAGE:
        raise ValidationError("表示範囲が正しくありません", "limit")
    with engine.connect() as session:  # read only: a plain connection, no ORM session
        plan = _plan(session, text, statuses)
        key = SORT_KEYS[sort]
        order = key.desc() if descending else key.asc()
        tiebreak = col(Contract.id).desc() if descending else col(Contract.id).asc()
        # the page's ids first (without text, on the sort key's index alone: a deep page skips index
        # entries, not rows; from a rare gram, its few contracts sorted by SQL), then their rows
        query = _matches(plan)
        if sort == "company":
            query = query.join(Customer, col(Customer.id) == col(Contract.customer_id))
        query = query.order_by(order.nulls_last(), tiebreak).offset(offset).limit(limit)
        rows = _rows_of(session, [int(i or 0) for i in session.execute(query).scalars()])
        total = _cheap_total(session, plan)
        if total is None:
            if not exact_total and len(rows) == limit:
                return Page(rows, offset + len(rows), exact=False)
            total = offset + len(rows) if rows and len(rows) < limit else _total(session, plan)
    return Page(rows, total)


def count_contracts(engine: Engine, text: str = "", statuses: Collection[ContractStatus | str] = ()) -> int:
    """How many contracts list_contracts(text, statuses=statuses) pages through: the total of a page
    that came without it (exact_total=False)."""
    with engine.connect() as session:
        plan = _plan(session, text, statuses)
        total = _cheap_total(session, plan)
        return _total(session, plan) if total is None else total
