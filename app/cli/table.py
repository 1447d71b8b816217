"""Plain-text tables that line up with Japanese (full-width) text."""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache


@lru_cache(maxsize=1 << 16)
def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: 2 for each wide or full-width character, 1 otherwise.

    Cached per string: a long table repeats most cells (dates, kinds, warnings), and ASCII text
    skips the per-character look-up, so 35,000 deadline rows take one look-up per distinct cell.
    """
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right_align: Sequence[int] = ()) -> str:
    """Columns separated by two spaces; columns listed in `right_align` (e.g. money) are right-aligned."""
    cells = [[str(cell) for cell in row] for row in (headers, *rows)]
    widths = [[display_width(cell) for cell in row] for row in cells]  # each cell measured once
    column_widths = [max(column) for column in zip(*widths)]
    right = set(right_align)
    lines = []
    for row, row_widths in zip(cells, widths):
        padded = [" " * (column_widths[i] - w) + cell if i in right else cell + " " * (column_widths[i] - w)
                  for i, (cell, w) in enumerate(zip(row, row_widths))]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines)
