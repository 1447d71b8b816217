"""Text search over contracts: normalisation, the stored search text and its bigram index.

Stored text and typed text are normalised the same way (NFKC, case-folded, hiragana folded to
katakana) so that 'ﾔﾏﾀﾞ', 'やまだ' and 'ヤマダ' find the same customer and full-width 'ＳＰ'
finds 'SP'. A LIKE over every contract costs ~1 µs a row; the bigram index
(`contract_search_gram`) lets a word of two or more characters start from the contracts that
contain its rarest bigram instead.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from sqlalchemy import delete, insert, select
from sqlmodel import Session

from app.models import Contract, ContractSearchGram, Customer

_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().translate(_HIRAGANA_TO_KATAKANA)


def search_text(number: str, company_name: str, company_kana: str, contact_person: str) -> str:
    """What the filter looks in; fields are separated so a match cannot span two of them."""
    return "\n".join(normalize(part) for part in (number, company_name, company_kana, contact_person))


def grams_of(text: str) -> set[str]:
    """The distinct bigrams of normalised `text` (none spanning white space)."""
    return {text[i:i + 2] for i in range(len(text) - 1) if not (text[i].isspace() or text[i + 1].isspace())}


def indexed_grams(company_name: str, company_kana: str, contact_person: str) -> set[str]:
    """The bigrams the index holds for a contract (the number is searched by scanning)."""
    found: set[str] = set()
    for part in (company_name, company_kana, contact_person):
        found |= grams_of(normalize(part))
    return found


def can_use_index(word: str) -> bool:
    """Whether every match of `word` (normalised) lies in an indexed field, so the index finds it.

    A word of one character, or one that could be part of a contract number (ASCII letters,
    digits, '-'), is matched by scanning.
    """
    return len(word) >= 2 and bool(grams_of(word)) and not all(ch.isascii() and (ch.isalnum() or ch == "-")
                                                               for ch in word)


def index_contract(session: Session, contract: Contract, customer: Customer) -> None:
    """Write a contract's search text and bigrams (inside the caller's transaction)."""
    contract.search_text = search_text(contract.number, customer.company_name, customer.company_kana,
                                       customer.contact_person)
    session.add(contract)
    session.flush()
    session.execute(delete(ContractSearchGram).where(ContractSearchGram.contract_id == contract.id))
    rows = [{"gram": g, "contract_id": contract.id}
            for g in sorted(indexed_grams(customer.company_name, customer.company_kana, customer.contact_person))]
    if rows:
        session.execute(insert(ContractSearchGram), rows)


def rebuild_search_index(session: Session, contract_ids: Iterable[int] | None = None) -> int:
    """Recompute search text and bigrams (all contracts, or the given ones); returns how many."""
    query = select(Contract, Customer).join(Customer, Customer.id == Contract.customer_id)  # type: ignore[arg-type]
    if contract_ids is not None:
        query = query.where(Contract.id.in_(list(contract_ids)))  # type: ignore[union-attr]
    done = 0
    for contract, customer in session.execute(query).all():
        index_contract(session, contract, customer)
        done += 1
    return done
