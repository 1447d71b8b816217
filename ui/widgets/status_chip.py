"""Contract status colours (契約中, 解約通知受領, 終了 ...): the chips above the list and the status cells.

The cells are coloured through the model's Background/Foreground roles, not a Python delegate: a
delegate's paint() runs for every visible cell on every repaint (slow, and PySide's option objects
have crashed under it).
"""
from __future__ import annotations

from PySide6.QtGui import QBrush, QColor

STATUS_COLORS = {  # ContractStatus value -> (background, text)
    "active": ("#e3f4e8", "#1b5e20"),
    "notice_received": ("#fff3cd", "#7a4f00"),
    "ended": ("#eceff1", "#455a64"),
    "suspended": ("#fde0dc", "#b71c1c"),
    "terminated_by_provider": ("#f3e5f5", "#6a1b9a"),
}
DEFAULT_COLORS = ("#eceff1", "#263238")


def status_brushes(status: str) -> tuple[QBrush, QBrush]:
    """(background, text) of a status cell; shared QBrush objects, made once."""
    found = _BRUSHES.get(status)
    if found is None:
        background, foreground = STATUS_COLORS.get(status, DEFAULT_COLORS)
        found = _BRUSHES[status] = (QBrush(QColor(background)), QBrush(QColor(foreground)))
    return found


_BRUSHES: dict[str, tuple[QBrush, QBrush]] = {}


def chip_style(status: str) -> str:
    """The style sheet of a status chip label."""
    background, foreground = STATUS_COLORS.get(status, DEFAULT_COLORS)
    return f"QLabel {{ background: {background}; color: {foreground}; border-radius: 9px; padding: 2px 10px; }}"


def chip_button_style(status: str) -> str:
    """The style sheet of a status chip that filters (a checkable button): pressed, it is outlined and
    bold; with the keyboard focus, dotted."""
    background, foreground = STATUS_COLORS.get(status, DEFAULT_COLORS)
    return (f"QPushButton {{ background: {background}; color: {foreground}; border-radius: 10px; "
            f"padding: 2px 10px; border: 2px solid {background}; }}"
            f"QPushButton:checked {{ border: 2px solid {foreground}; font-weight: bold; }}"
            f"QPushButton:focus {{ border: 2px dotted {foreground}; }}"
            f"QPushButton:checked:focus {{ border: 2px solid {foreground}; }}")
