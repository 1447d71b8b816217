"""Consumption tax per document per rate, and the invoice registration number (SPEC section 8)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.terms.profile import TermsProfile, default_registry


def _round(numerator: int, denominator: int, rounding: str) -> int:
    if rounding == "down":
        return numerator // denominator
    if rounding == "up":
        return -(-numerator // denominator)
    return (2 * numerator + denominator) // (2 * denominator)  # half up, for non-negative amounts


def tax_on(amount: int, profile: TermsProfile | None = None, rate_percent: int | None = None) -> int:
    """Consumption tax on a tax-exclusive amount, rounded as the profile says (down by default)."""
    profile = profile or default_registry().profiles[-1]
    rate = profile.consumption_rate_percent if rate_percent is None else rate_percent
    return _round(amount * rate, 100, profile.tax_rounding)


@dataclass(frozen=True)
class TaxLine:
    rate_percent: int  # 0 for non-taxable / outside the scope
    base: int
    tax: int


def document_tax(
    lines: Iterable[tuple[int, int]], profile: TermsProfile | None = None
) -> tuple[TaxLine, ...]:
    """Tax computed once per document per rate: lines are (tax-exclusive amount, rate percent)."""
    bases: dict[int, int] = {}
    for amount, rate in lines:
        bases[rate] = bases.get(rate, 0) + amount
    return tuple(
        TaxLine(rate, base, tax_on(base, profile, rate) if rate else 0) for rate, base in sorted(bases.items())
    )


_REGISTRATION = re.compile(r"T(\d{13})")


def registration_number_valid(number: str) -> bool:
    """'T' + 13 digits whose first digit is the check digit of the other twelve (法人番号の検査用数字)."""
    match = _REGISTRATION.fullmatch(number.strip())
    if match is None:
        return False
    digits = match.group(1)
    base = digits[1:]
    total = sum(int(d) * (1 if i % 2 == 1 else 2) for i, d in enumerate(reversed(base), start=1))
    return int(digits[0]) == 9 - total % 9
