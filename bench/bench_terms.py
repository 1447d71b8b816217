"""Speed of the terms arithmetic: microseconds per call, and the ratio to one add_months call (the baseline).

termination_options is what the quote screen recomputes on every keystroke.
"""
from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.terms import (  # noqa: E402
    ContractTerms,
    FeeChange,
    FeeSchedule,
    add_months,
    first_month_charge,
    notice_deadline,
    termination_options,
    termination_quote,
)


def _per_call_us(fn: Callable[[int], object], calls: int) -> float:
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        for i in range(calls):
            fn(i)
        best = min(best, time.perf_counter() - began)
    return best / calls * 1e6


def run(quick: bool = False) -> dict[str, float | int]:
    rng = random.Random(7)
    n = 200 if quick else 2000
    starts = [date(2020, 1, 1) + timedelta(days=rng.randrange(3000)) for _ in range(n)]
    notices = [s + timedelta(days=rng.randrange(60, 1500)) for s in starts]
    contracts = [
        ContractTerms(s, FeeSchedule(50_000, (FeeChange(add_months(s, 14), 60_000),)), initial_fee=100_000)
        for s in starts
    ]
    termination_options(contracts[0], notices[0])  # load the profile once

    baseline = _per_call_us(lambda i: add_months(starts[i], 1), n)
    figures: dict[str, float | int] = {"calls": n, "add_months_us (baseline)": round(baseline, 2)}
    cases: dict[str, Callable[[int], object]] = {
        "first_month_charge": lambda i: first_month_charge(50_000, starts[i]),
        "notice_deadline": lambda i: notice_deadline(notices[i]),
        "termination_quote": lambda i: termination_quote(starts[i], 50_000, notices[i], add_months(notices[i], 2)),
        "termination_options": lambda i: termination_options(contracts[i], notices[i]),
    }
    for name, fn in cases.items():
        us = _per_call_us(fn, n)
        figures[f"{name}_us"] = round(us, 1)
        figures[f"{name}_ratio"] = round(us / baseline, 1)
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:32} {value}")
