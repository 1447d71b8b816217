"""`python -m app deadlines --within 60` on 100,000 contracts, end to end (--quick: 10,000).

Each figure is a fresh process, as the user runs it: start, open, query, lay out the table, print.
Beside it, in the same run, a bare Python process that runs the same SQL with sqlite3 and prints
the rows unformatted: the ratio says what the program adds. Also: the same query and table in
process (no start-up), the old per-character width function on the same table (the cost issue 7
measured), and a day a year ahead (every row computed in memory: a read never writes). Goal: the
end-to-end run within 1 s at 100,000 contracts.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_queries import DAYS, TODAY, cached_database  # noqa: E402

from app.cli.table import render_table  # noqa: E402
from app.store.engine import make_engine  # noqa: E402
from app.store.paths import path_to_url  # noqa: E402
from app.usecases.deadlines import due_within  # noqa: E402
from app.usecases.derived import STRICT_DEADLINE_MAX_LEAD  # noqa: E402

RAW_PROGRAM = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
sql = ("SELECT c.non_renewal_deadline, c.number, cu.company_name FROM contract c JOIN customer cu "
       "ON cu.id = c.customer_id WHERE c.non_renewal_deadline_strict BETWEEN ? AND ? AND c.non_renewal_deadline >= ?")
out = [f"{d} {n} {name}" for d, n, name in con.execute(sql, sys.argv[2:5])]
for column in ("renewal_date", "cure_deadline", "confidentiality_end"):
    out += [f"{d} {n} {name}" for d, n, name in con.execute(
        f"SELECT c.{column}, c.number, cu.company_name FROM contract c JOIN customer cu ON cu.id = c.customer_id "
        f"WHERE c.{column} BETWEEN ? AND ?", (sys.argv[5], sys.argv[3]))]
print("\\n".join(sorted(out)))
"""


def _environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"), PYTHONDONTWRITEBYTECODE="1")
    return env


def _run(argv: list[str], env: dict[str, str], repeats: int) -> tuple[float, int]:
    """(median seconds, output lines) of `argv` run `repeats` times after a warm-up."""
    times, lines = [], 0
    for attempt in range(repeats + 1):
        began = time.perf_counter()
        done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - began
        if done.returncode != 0:
            raise RuntimeError(f"{argv[:4]} failed: {done.stderr.strip()[-300:]}")
        lines = done.stdout.count("\n")
        if attempt:
            times.append(elapsed)
    return statistics.median(times), lines


def _old_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def run(quick: bool = False) -> dict[str, Any]:
    n = 10_000 if quick else 100_000
    repeats = 3 if quick else 5
    path, _seconds = cached_database(n)
    today, last = TODAY, TODAY + timedelta(days=DAYS)
    figures: dict[str, Any] = {"contracts": n, "within_days": DAYS}
    with tempfile.TemporaryDirectory(prefix="bench-deadlines-") as home:
        env = _environment(Path(home))
        command = [sys.executable, "-m", "app", "deadlines", "--within", str(DAYS), "--today", today.isoformat(),
                   "--db", str(path)]
        seconds, lines = _run(command, env, repeats)
        raw_seconds, raw_lines = _run([sys.executable, "-c", RAW_PROGRAM, str(path), (today - STRICT_DEADLINE_MAX_LEAD)
                                       .isoformat(), last.isoformat(), today.isoformat(), today.isoformat()],
                                      env, repeats)
        figures["end_to_end_s"] = round(seconds, 3)
        figures["rows_printed"] = lines
        figures["bare_python_sqlite3_s"] = round(raw_seconds, 3)
        figures["bare_rows"] = raw_lines
        figures["ratio_to_bare"] = round(seconds / raw_seconds, 2)
        figures["target_1s_met"] = seconds <= 1.0
        later = [*command[:7], (today + timedelta(days=365)).isoformat(), *command[8:]]
        figures["a_year_ahead_end_to_end_s"] = round(_run(later, env, 1)[0], 3)

    engine = make_engine(path_to_url(path))
    try:
        began = time.perf_counter()
        rows = due_within(engine, today, DAYS)
        figures["query_in_process_ms"] = round((time.perf_counter() - began) * 1000, 1)
        table = [[r.date.isoformat(), f"{(r.date - today).days}日", r.kind, r.contract_number, r.company_name,
                  r.warning] for r in rows]
        began = time.perf_counter()
        render_table(["期限日", "残り", "種類", "契約番号", "会社名", "注意"], table, right_align=(1,))
        figures["table_layout_ms"] = round((time.perf_counter() - began) * 1000, 1)
        began = time.perf_counter()
        for row in table:
            for cell in row:
                _old_width(cell)
        figures["old_width_per_character_ms"] = round((time.perf_counter() - began) * 1000, 1)
    finally:
        engine.dispose()
    return figures


if __name__ == "__main__":
    for key, value in run(quick="--quick" in sys.argv).items():
        print(f"{key:32} {value}")
