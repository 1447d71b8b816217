"""Speed of the screens' queries on a seeded database (100,000 contracts; --quick: 10,000).

Each query is timed through the application (app.usecases.contract_list, app.usecases.deadlines) and beside it the same SQL
in raw sqlite3 on the same file; the ratio says what the application layer costs. Targets:
deadline query <= 20 ms, filter <= 50 ms on 100,000 contracts. Figures are medians of repeated
runs (wall clock; other processes on the machine show up in them).

The seeded file is cached under the system temp directory, keyed by N and a hash of the code
that shapes it (schema revision, seeder, search index, derived dates), so repeated runs reuse it.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.store.engine import make_engine  # noqa: E402
from app.store.database import open_database  # noqa: E402
from app.store.migrate import head_revision  # noqa: E402
from app.store.paths import path_to_url  # noqa: E402
from app.usecases import contract_list, deadlines  # noqa: E402
from app.usecases.derived import STRICT_DEADLINE_MAX_LEAD, refresh_lapsed  # noqa: E402
from app.usecases.contract_list import normalize  # noqa: E402
from app.sample.seed import seed_contracts  # noqa: E402

TODAY = date(2026, 11, 28)  # fixed, so that runs compare
DAYS = 60
FILTER_TEXT = "山田"  # a surname / company-name part: what users type
# a contract-number prefix (the most common search), the first keystrokes of one, one character
PREFIX_FILTERS = {"number_prefix": "SP-2025-0004", "number_prefix_short": "SP-2025-0", "one_character": "山",
                  "ascii_digit": "7"}
SHAPING_CODE = ("app/sample/seed.py", "app/sample/names.py", "app/usecases/contract_list.py",
                "app/usecases/derived.py", "app/models.py")
ROW_SQL = ("SELECT c.id, c.number, cu.company_name, c.status, c.start_date, c.current_monthly_fee, "
           "c.next_deadline, c.end_date FROM contract c JOIN customer cu ON cu.id = c.customer_id")


def cached_database(n: int) -> tuple[Path, float | None]:
    """The seeded file for `n` contracts (made when missing) and the seconds seeding took (None: cached)."""
    digest = hashlib.sha256(head_revision().encode())
    for name in SHAPING_CODE:
        digest.update((ROOT / name).read_bytes())
    folder = Path(tempfile.gettempdir()) / "secplus-bench"
    path = folder / f"contracts-{n}-{digest.hexdigest()[:12]}.db"
    if path.exists():
        return path, None
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"contracts-{n}-*.db"):  # an older shape of the same size
        old.unlink()
    work = folder / f"building-{os.getpid()}.db"
    database = open_database(path_to_url(work), backup_count=10, now=datetime(2026, 11, 28, 9))
    try:
        began = time.perf_counter()
        seed_contracts(database.engine, n, today=TODAY, rng_seed=0, actor="bench")
        seconds = time.perf_counter() - began
    finally:
        database.close()  # checkpoints the WAL into the file
    for suffix in ("-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.move(work, path)
    return path, seconds


def timed(fn: Callable[[], Any], repeats: int) -> tuple[float, float, Any]:
    """(median ms, best ms, last result) after one warm-up call."""
    result = fn()
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), min(times), result


def _like(word: str) -> str:
    return "%" + word.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"


def raw_list_page(con: sqlite3.Connection) -> int:
    total = con.execute("SELECT count(*) FROM contract").fetchone()[0]
    con.execute(f"{ROW_SQL} ORDER BY c.number ASC NULLS LAST, c.id ASC LIMIT 100 OFFSET 0").fetchall()
    return int(total)


def raw_filter_same_plan(con: sqlite3.Connection, word: str) -> int:
    """The application's plan for an indexed word, step by step in raw SQL."""
    grams = sorted({word[i:i + 2] for i in range(len(word) - 1)})
    counts = [(con.execute("SELECT count(*) FROM (SELECT contract_id FROM contract_search_gram WHERE gram = ? "
                           "LIMIT 20000)", (g,)).fetchone()[0], g) for g in grams]
    gram = min(counts)[1]
    matches = con.execute(
        "SELECT c.id, c.number FROM contract_search_gram g JOIN contract c ON c.id = g.contract_id "
        "WHERE g.gram = ? AND c.search_text LIKE ? ESCAPE '/'", (gram, _like(word))).fetchall()
    page = [i for _, i in sorted((number, i) for i, number in matches)][:100]
    con.execute(f"{ROW_SQL} WHERE c.id IN ({', '.join('?' * len(page))})", page).fetchall()
    return len(matches)


def raw_filter_scan(con: sqlite3.Connection, word: str) -> int:
    """What a plain LIKE over every contract costs (no index)."""
    pattern = _like(word)
    total = con.execute("SELECT count(*) FROM contract WHERE search_text LIKE ? ESCAPE '/'", (pattern,)).fetchone()[0]
    con.execute(f"{ROW_SQL} WHERE c.search_text LIKE ? ESCAPE '/' ORDER BY c.number ASC NULLS LAST, c.id ASC "
                "LIMIT 100", (pattern,)).fetchall()
    return int(total)


def _raw_due(con: sqlite3.Connection, limit: int | None) -> int:
    today, last = TODAY.isoformat(), (TODAY + timedelta(days=DAYS)).isoformat()
    lead = (TODAY - STRICT_DEADLINE_MAX_LEAD).isoformat()
    base = "SELECT c.id, c.number, cu.company_name, {col}, c.non_renewal_deadline_strict FROM contract c " \
           "JOIN customer cu ON cu.id = c.customer_id WHERE "
    statements = [(base.format(col="c.non_renewal_deadline") + "c.non_renewal_deadline_strict BETWEEN ? AND ? AND "
                   "c.non_renewal_deadline >= ?", (lead, last, today),
                   " ORDER BY c.non_renewal_deadline_strict, c.id")]
    for col in ("renewal_date", "cure_deadline", "confidentiality_end"):
        statements.append((base.format(col=f"c.{col}") + f"c.{col} BETWEEN ? AND ?", (today, last),
                           f" ORDER BY c.{col}, c.id"))
    statements.append((base.format(col="c.end_date") + "c.end_date BETWEEN ? AND ? AND c.status = 'NOTICE_RECEIVED'",
                       (today, last), " ORDER BY c.end_date, c.id"))  # the ends fixed by notices received
    rows = 0
    for sql, params, order in statements:
        if limit is not None:
            rows += len(con.execute(sql + order + f" LIMIT {limit}", params).fetchall())
        else:
            rows += len(con.execute(sql, params).fetchall())
    return rows


def raw_due_page(con: sqlite3.Connection) -> int:
    today, last = TODAY.isoformat(), (TODAY + timedelta(days=DAYS)).isoformat()
    lead = (TODAY - STRICT_DEADLINE_MAX_LEAD).isoformat()
    con.execute("SELECT count(*) FROM contract WHERE non_renewal_deadline_strict BETWEEN ? AND ?", (today, last))
    con.execute("SELECT count(*) FROM contract WHERE non_renewal_deadline_strict BETWEEN ? AND ? AND "
                "non_renewal_deadline >= ?", (lead, (TODAY - timedelta(days=1)).isoformat(), today))
    for col in ("renewal_date", "cure_deadline", "confidentiality_end"):
        con.execute(f"SELECT count(*) FROM contract WHERE {col} BETWEEN ? AND ?", (today, last)).fetchone()
    con.execute("SELECT count(*) FROM contract WHERE end_date BETWEEN ? AND ? AND status = 'NOTICE_RECEIVED'",
                (today, last)).fetchone()
    return _raw_due(con, 200)


def raw_page_at(con: sqlite3.Connection, offset: int, where: str = "", params: tuple[Any, ...] = ()) -> int:
    """A page the plain way (OFFSET over the joined rows), the baseline of the application's plan."""
    total = con.execute(f"SELECT count(*) FROM contract c {where}", params).fetchone()[0]
    con.execute(f"{ROW_SQL} {where} ORDER BY c.number ASC NULLS LAST, c.id ASC LIMIT 200 OFFSET {offset}",
                params).fetchall()
    return int(total)


def run(quick: bool = False) -> dict[str, Any]:
    n = 10_000 if quick else 100_000
    repeats = 5 if quick else 15
    path, seed_seconds = cached_database(n)
    engine = make_engine(path_to_url(path))
    con = sqlite3.connect(path)
    figures: dict[str, Any] = {"contracts": n, "seeded_now": seed_seconds is not None}
    if seed_seconds is not None:
        figures["seed_s"] = round(seed_seconds, 1)
    figures["db_mb"] = round(path.stat().st_size / 1e6, 1)
    try:
        figures["refresh_lapsed_noop_ms"] = round(timed(lambda: refresh_lapsed(engine, TODAY), repeats)[0], 2)
        word = normalize(FILTER_TEXT)

        def pair(name: str, ours: Callable[[], Any], raw: Callable[[], Any]) -> Any:
            median, best, result = timed(ours, repeats)
            raw_median, _raw_best, _ = timed(raw, repeats)
            figures[f"{name}_ms"] = round(median, 2)
            figures[f"{name}_best_ms"] = round(best, 2)
            figures[f"{name}_raw_sqlite3_ms"] = round(raw_median, 2)
            figures[f"{name}_ratio"] = round(median / raw_median, 2) if raw_median else None
            return result

        page = pair("list_page", lambda: contract_list.list_contracts(engine), lambda: raw_list_page(con))
        assert page.total == n
        found = pair("filter", lambda: contract_list.list_contracts(engine, text=FILTER_TEXT),
                     lambda: raw_filter_same_plan(con, word))
        figures["filter_matches"] = found.total
        figures["filter_raw_like_scan_ms"] = round(timed(lambda: raw_filter_scan(con, word), repeats)[0], 2)
        for name, typed in PREFIX_FILTERS.items():  # issue 9.3: these use the index too
            result = pair(f"filter_{name}", lambda typed=typed: contract_list.list_contracts(engine, text=typed),
                          lambda typed=typed: raw_filter_scan(con, normalize(typed)))
            figures[f"filter_{name}_matches"] = result.total
        # the status chips (issue 9.3): a common status, a rare one, one with a number prefix typed
        for name, statuses, typed in (("status_common", ["active"], ""), ("status_rare", ["ended"], ""),
                                      ("status_rare_prefix", ["ended"], PREFIX_FILTERS["number_prefix_short"])):
            result = pair(name, lambda s=statuses, t=typed: contract_list.list_contracts(engine, t, statuses=s, limit=200),
                          lambda s=statuses: raw_page_at(con, 0, "WHERE c.status IN (?)", (s[0].upper(),)))
            figures[f"{name}_matches"] = result.total
        # a deep page (the list scrolled to its end) against the plain OFFSET over joined rows
        pair("deep_page", lambda: contract_list.list_contracts(engine, offset=n - 200, limit=200),
             lambda: raw_page_at(con, n - 200))
        broad = timed(lambda: contract_list.list_contracts(engine, text="株式会社"), repeats)
        figures["filter_broad_ms"] = round(broad[0], 2)  # nearly every contract matches: scanned
        figures["filter_broad_matches"] = broad[2].total

        def dashboard() -> tuple[list[deadlines.DeadlineRow], dict[str, int]]:
            return deadlines.due_within(engine, TODAY, DAYS, limit=200), deadlines.count_due_within(engine, TODAY, DAYS)

        rows, counts = pair("deadline", dashboard, lambda: raw_due_page(con))
        figures["deadline_rows_shown"] = len(rows)
        figures["deadline_total"] = sum(counts.values())
        pair("deadline_all_rows", lambda: deadlines.due_within(engine, TODAY, DAYS), lambda: _raw_due(con, None))
        figures["sorted_by_company_ms"] = round(timed(lambda: contract_list.list_contracts(engine, sort="company"),
                                                      repeats)[0], 2)
        figures["sorted_by_next_deadline_ms"] = round(timed(
            lambda: contract_list.list_contracts(engine, sort="next_deadline"), repeats)[0], 2)
        if n >= 100_000:
            figures["target_deadline_20ms_met"] = figures["deadline_ms"] <= 20
            figures["target_filter_50ms_met"] = all(figures[f"filter{n}_ms"] <= 50
                                                    for n in ("", *(f"_{k}" for k in PREFIX_FILTERS)))
    finally:
        con.close()
        engine.dispose()
    return figures


if __name__ == "__main__":
    quick_run = "--quick" in sys.argv
    for key, value in run(quick=quick_run).items():
        print(f"{key:32} {value}")
