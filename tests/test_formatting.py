"""Rates printed exactly as the terms write them, with no float on the way."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.formatting import decimal_text, percent


@pytest.mark.parametrize(("rate", "text"), [
    (Fraction(73, 5), "14.6"), (3, "3"), (Fraction(10), "10"), (Fraction(-73, 5), "-14.6"),
    (Fraction(1, 3), "0.333333"), (Fraction(2, 3), "0.666667"), (Fraction(5, 10**7), "0.000001"),
    (Fraction(1, 10**7), "0"),
])
def test_decimal_text(rate: Fraction | int, text: str) -> None:
    assert decimal_text(rate) == text


def test_places_and_percent() -> None:
    assert decimal_text(Fraction(1, 3), 4) == "0.3333"
    assert percent(Fraction(73, 5)) == "14.6%"


@given(st.decimals(min_value=-1000, max_value=1000, places=6, allow_nan=False, allow_infinity=False))
def test_a_finite_decimal_reads_back_exactly(value: Decimal) -> None:
    assert Decimal(decimal_text(Fraction(value))) == value
