"""The command line's table widths: the same as `east_asian_width` per character, computed fast."""
from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from app.cli.table import render_table
from app.formatting import display_width


def test_width_follows_east_asian_width_also_from_the_cache() -> None:
    for text in ("ｶﾅ", "カナ", "Ａ1", "é", "株式会社", "ｶﾅ"):
        expected = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
        assert display_width(text) == expected, text


def test_mixed_text_and_alignment() -> None:
    assert display_width("SP-2025-00001") == 13
    assert display_width("株式会社ＡＢＣ ｶﾅ") == 4 * 2 + 3 * 2 + 1 + 2
    table = render_table(["会社名", "額"], [["山田精工", "1,000円"], ["ABC", "5円"]], right_align=(1,))
    assert {display_width(line) for line in table.splitlines()} == {8 + 2 + 7}  # the money column right-aligned
    assert table.splitlines()[2] == "ABC" + " " * 5 + "  " + " " * 4 + "5円"


_CELLS = st.text(alphabet=st.sampled_from(list("ab 12-日本ｱ株式会社（）")), max_size=8)


@given(st.integers(1, 5).flatmap(lambda n: st.tuples(
    st.lists(_CELLS, min_size=n, max_size=n),
    st.lists(st.lists(_CELLS, min_size=n, max_size=n), max_size=6),
    st.sets(st.integers(0, n - 1)))))
def test_every_column_starts_at_the_same_display_column(table: tuple[list[str], list[list[str]], set[int]]) -> None:
    headers, rows, right = table
    lines = render_table(headers, rows, tuple(right)).split("\n")
    assert len(lines) == len(rows) + 1
    widths = [max(display_width(row[i]) for row in (headers, *rows)) for i in range(len(headers))]
    for line, row in zip(lines, (headers, *rows)):
        expected = "  ".join(
            " " * (w - display_width(cell)) + cell if i in right else cell + " " * (w - display_width(cell))
            for i, (cell, w) in enumerate(zip(row, widths)))
        assert line == expected.rstrip()
