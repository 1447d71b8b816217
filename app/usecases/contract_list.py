"""The contract list: one page of contracts, filtered as the user types and sorted by any column.

Text search: stored text and typed text are normalised the same way (NFKC, case-folded, hiragana
folded to katakana) so that 'ﾔﾏﾀﾞ', 'やまだ' and 'ヤマダ' find the same customer and full-width
'ＳＰ' finds 'SP'. A LIKE over every contract costs ~1 µs a row; the gram index
(`contract_search_gram`: every character and every pair of adjacent characters of each field,
the contract number included) lets a word start from the contracts that hold its rarest gram
instead, so a contract-number prefix, an ASCII word and a single character use it too. A word
of one or two characters is its own gram: its matches and their count come from the index alone.

Status chips: `statuses` keeps the contracts in any of the given statuses. The count comes from the
status index alone; a rare status (under a quarter of all contracts) drives the page from that index,
a common one is filtered during the scan in the sort key's index order, which stops at the page.

User text never becomes SQL: filters are bound parameters (LIKE with escaping) and sort keys
come from a whitelist. The SQL is portable (SQLite and PostgreSQL). A read never writes.
"""
from __future__ import annotations

import unicodedata
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


def index_contract(session: Session, contract: Contract, customer: Customer) -> None:
    """Write a contract's search text and bigrams (inside the caller's transaction)."""
    contract.search_text = search_text(contract.number, customer.company_name, customer.company_kana,
                                       customer.contact_person)
    session.add(contract)
    session.flush()
    session.execute(delete(ContractSearchGram).where(col(ContractSearchGram.contract_id) == contract.id))
    rows = [{"gram": g, "contract_id": contract.id}
            for g in sorted(indexed_grams(contract.number, customer.company_name, customer.company_kana,
                                          customer.contact_person))]
    if rows:
        session.execute(insert(ContractSearchGram), rows)


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


def _driving_gram(session: Connection, words: list[str]) -> str | None:
    """The rarest indexed gram of the words, or None when scanning is as good (every gram is in
    more than GRAM_CANDIDATE_LIMIT contracts, or the one short word is in EXACT_SCAN_FROM or more)."""
    best, best_count = None, GRAM_CANDIDATE_LIMIT
    for word in words:
        for gram in sorted(word_grams(word)):
            count = _gram_count(session, gram, best_count)
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




def _page_from_index(session: Connection, gram: str, words: list[str], sort: str, descending: bool, offset: int,
                     limit: int, statuses: list[ContractStatus]) -> Page:
    """Matches from the contracts holding `gram`, sorted in Python like the SQL path sorts them."""
    key = SORT_KEYS[sort]
    query = (select(col(Contract.id), key).select_from(ContractSearchGram)
             .join(Contract, col(Contract.id) == col(ContractSearchGram.contract_id)))
    if sort == "company":
        query = query.join(Customer, col(Customer.id) == col(Contract.customer_id))
    if statuses:
        query = query.where(status_in(statuses, use_index=False))  # checked on the gram's few rows
    matches = session.execute(query.where(col(ContractSearchGram.gram) == gram, *_text_conditions(words))).all()
    if sort == "status":  # enums are stored, and so sorted by SQL, by name
        present = sorted(((k.name, i) for i, k in matches if k is not None), reverse=descending)
    else:
        present = sorted(((k, i) for i, k in matches if k is not None), reverse=descending)
    absent = sorted((i for i, k in matches if k is None), reverse=descending)  # no value sorts last
    ordered = [i for _, i in present] + absent
    return Page(_rows_of(session, ordered[offset:offset + limit]), len(matches))


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


def list_contracts(
    engine: Engine,
    text: str = "",
    sort: str = "number",
    descending: bool = False,
    offset: int = 0,
    limit: int = 100,
    statuses: Collection[ContractStatus | str] = (),
) -> Page:
    """One page of contracts whose number, company name, kana or contact person contain every word of
    `text` and whose status is one of `statuses` (none given: any), sorted by a whitelisted key (no
    value last), then by id."""
    if sort not in SORT_KEYS:
        raise ValidationError(f"並べ替えの項目が正しくありません: {sort}", "sort")
    if not (isinstance(offset, int) and isinstance(limit, int)) or offset < 0 or not 0 < limit <= MAX_PAGE:
        raise ValidationError("表示範囲が正しくありません", "limit")
    words = _words(text)
    wanted = _statuses(statuses)
    with engine.connect() as session:  # read only: a plain connection, no ORM session
        gram = _driving_gram(session, words)
        if gram is not None:
            return _page_from_index(session, gram, words, sort, descending, offset, limit, wanted)
        conditions = _text_conditions(words)
        total: int | None = None
        if wanted:
            selected = _status_count(session, wanted)
            everything = int(session.execute(select(func.count()).select_from(Contract)).scalar_one())
            common = selected >= everything * STATUS_SCAN_SHARE
            conditions.append(status_in(wanted, use_index=not common))
            if not words:
                total = selected
        key = SORT_KEYS[sort]
        order = key.desc() if descending else key.asc()
        tiebreak = col(Contract.id).desc() if descending else col(Contract.id).asc()
        # the page's ids first (on the sort key's index alone when no text is typed: a deep page skips
        # index entries, not rows), then their rows
        query = select(col(Contract.id))
        if sort == "company":
            query = query.join(Customer, col(Customer.id) == col(Contract.customer_id))
        query = query.where(*conditions).order_by(order.nulls_last(), tiebreak).offset(offset).limit(limit)
        if total is None:
            total = _exact_total(session, words, wanted)
        if total is None:
            total = session.execute(select(func.count()).select_from(Contract).where(*conditions)).scalar_one()
        rows = _rows_of(session, [int(i or 0) for i in session.execute(query).scalars()])
    return Page(rows, int(total))
