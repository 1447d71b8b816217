"""Text normalisation for the contract list's filter.

Stored text and typed text are normalised the same way (NFKC, case-folded, hiragana
folded to katakana) so that 'ﾔﾏﾀﾞ', 'やまだ' and 'ヤマダ' find the same customer and
full-width 'ＳＰ' finds 'SP'.
"""
from __future__ import annotations

import unicodedata

_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().translate(_HIRAGANA_TO_KATAKANA)


def search_text(
    number: str, company_name: str, company_kana: str, department: str, contact_person: str
) -> str:
    """What the filter looks in; fields are separated so a match cannot span two of them."""
    return "\n".join(normalize(part) for part in (number, company_name, company_kana, department, contact_person))
