"""Plain-text tables that line up with Japanese (full-width) text."""
from __future__ import annotations

from collections.abc import Sequence

from app.formatting import display_width


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right_align: Sequence[int] = ()) -> str:
    """Columns separated by two spaces; columns listed in `right_align` (e.g. money) are right-aligned.

    Laid out column by column with str.ljust/rjust (C speed): a cell of display width w and length n
    is padded to the column's width c by asking for c - w + n characters.
    """
    columns = [[str(cell) for cell in column] for column in zip(headers, *rows)]
    right = set(right_align)
    padded_columns = []
    for index, column in enumerate(columns):
        widths = [display_width(cell) for cell in column]  # each cell measured once (cached per string)
        width = max(widths)
        pad = str.rjust if index in right else str.ljust
        padded_columns.append([pad(cell, width - w + len(cell)) for cell, w in zip(column, widths)])
    return "\n".join("  ".join(line).rstrip() for line in zip(*padded_columns))
