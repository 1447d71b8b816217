"""Every worked example of SPEC.md, in one table (section, function, inputs, expected)."""
from __future__ import annotations

from datetime import date as d

# (SPEC section, name of the public function, positional args, expected result)
CALENDAR = [
    ("1", "add_months", (d(2025, 1, 31), 1), d(2025, 2, 28)),
    ("1", "add_months", (d(2024, 1, 31), 1), d(2024, 2, 29)),
    ("1", "add_months", (d(2025, 3, 31), -1), d(2025, 2, 28)),
    ("1", "period_end", (d(2025, 5, 1), 12), d(2026, 4, 30)),
    ("1", "period_end", (d(2024, 2, 29), 12), d(2025, 2, 28)),
    ("1", "period_end", (d(2028, 2, 29), 12), d(2029, 2, 28)),
    ("2", "first_month_charge", (50_000, d(2025, 4, 15)), 26_700),
    ("2", "first_month_charge", (98_000, d(2024, 2, 10)), 67_600),
    ("2", "first_month_charge", (120_000, d(2025, 1, 31)), 3_900),
    ("2", "first_month_charge", (30_000, d(2025, 6, 16)), 15_000),
    ("2", "first_month_charge", (80_000, d(2025, 5, 1)), 80_000),
    ("3", "minimum_term_end", (d(2025, 4, 15),), d(2026, 4, 30)),
    ("3", "minimum_term_end", (d(2025, 4, 1),), d(2026, 3, 31)),
    ("3", "minimum_term_end", (d(2024, 2, 29),), d(2025, 2, 28)),
    ("3", "minimum_term_end", (d(2025, 12, 20),), d(2026, 12, 31)),
    ("3", "notice_deadline", (d(2026, 4, 30),), d(2026, 3, 31)),
    ("3", "notice_deadline", (d(2026, 3, 31),), d(2026, 2, 28)),
    ("3", "notice_deadline", (d(2026, 2, 28),), d(2026, 1, 31)),
    ("3", "notice_deadline", (d(2026, 3, 15),), d(2026, 2, 15)),
    ("3", "notice_deadline", (d(2024, 3, 31),), d(2024, 2, 29)),
    ("3", "strict_notice_deadline", (d(2026, 4, 30),), d(2026, 3, 29)),
    ("3", "strict_notice_deadline", (d(2026, 3, 31),), d(2026, 2, 27)),
    ("3", "strict_notice_deadline", (d(2026, 2, 28),), d(2026, 1, 27)),
    ("3", "strict_notice_deadline", (d(2026, 3, 15),), d(2026, 2, 14)),
    ("3", "strict_notice_deadline", (d(2024, 3, 31),), d(2024, 2, 28)),
    ("4", "earliest_end", (d(2025, 9, 10),), d(2025, 10, 10)),
    ("5", "cure_deadline", (d(2026, 3, 2),), d(2026, 4, 1)),
    ("5", "cure_termination_from", (d(2026, 3, 2),), d(2026, 4, 2)),
    ("6", "late_interest", (330_000, d(2025, 5, 31), d(2025, 7, 15)), 5_940),
    ("6", "late_interest", (110_000, d(2024, 2, 29), d(2024, 3, 31)), 1_364),
]

# SPEC section 4: start 2025-04-15, 50,000/month, initial term to 2026-04-30, reading "month".
# (notice, end, allowed, earliest end, latest end, term end, months after end month, penalty, refusal names)
PENALTY_START, PENALTY_FEE, PENALTY_INITIAL_END = d(2025, 4, 15), 50_000, d(2026, 4, 30)
PENALTY = [
    (d(2025, 9, 10), d(2025, 10, 31), True, d(2025, 10, 10), d(2026, 4, 30), 6, 300_000, None),
    (d(2025, 9, 10), d(2025, 10, 9), False, d(2025, 10, 10), d(2026, 4, 30), 0, 0, "2025年10月10日"),
    (d(2025, 9, 10), d(2026, 5, 31), False, d(2025, 10, 10), d(2026, 4, 30), 0, 0, "2026年4月30日"),
    (d(2026, 3, 31), d(2026, 4, 30), True, d(2026, 4, 30), d(2026, 4, 30), 0, 0, None),
    (d(2026, 4, 5), d(2026, 5, 31), True, d(2026, 5, 5), d(2027, 4, 30), 11, 550_000, None),
    (d(2026, 5, 1), d(2026, 6, 1), True, d(2026, 6, 1), d(2027, 4, 30), 10, 0, None),
]

# SPEC section 6: a 366-day basis would give 1,360 for the second example.
LATE_INTEREST_366 = (110_000, d(2024, 2, 29), d(2024, 3, 31), 1_360)
