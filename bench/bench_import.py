"""Import of a 10,000-row .xlsx (--quick: 2,000): the dry run and the import, beside reading the same
file with openpyxl alone (read-only, values only) in the same run. Goals: dry run <= 3x openpyxl;
import <= 20x openpyxl (it was 56x quick / 100x full while each row opened its own sessions and
flushed nine times; 15-17x with the rows in one session).

Also: the dry run of the same rows as CSV, and the peak resident memory of a whole dry run plus
import measured in a fresh subprocess (goal <= 250 MB). Times are the median of repeated runs.
"""
from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 4, 1)
HEADERS = ["契約番号", "顧客名", "フリガナ", "部署", "ご担当者", "住所", "電話番号", "承諾日", "契約開始日",
           "契約期間満了日", "初期費用", "月額", "備考"]

CHILD = """
import json, resource, sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, {root!r})
from bench.bench_import import dry_run, import_all, new_database
from bench.peak_memory import peak_rss_kb
engine = new_database(Path({db!r}))
started = time.perf_counter()
plan = dry_run(engine, Path({xlsx!r}))
dry = time.perf_counter() - started
started = time.perf_counter()
import_all(engine, plan)
done = time.perf_counter() - started
print(json.dumps({{"maxrss_kb": peak_rss_kb(), "dry": dry, "import": done}}))
"""


def rows(n: int) -> list[list[object]]:
    out: list[list[object]] = []
    for i in range(1, n + 1):
        month = i % 12 + 1
        start = date(2020 + i % 6, month, 1)
        out.append([f"BENCH-{i:06d}", f"株式会社ベンチマーク{i % 3000}", f"ベンチマーク{i % 3000}", "情報システム部",
                    f"担当 {i % 97}", f"東京都千代田区丸の内{i % 9 + 1}丁目{i % 20 + 1}番", f"03-{i % 9000 + 1000}-0000",
                    start, start if i % 5 else f"{start.year}/{start.month}/{start.day}", None,
                    100_000 + i % 7 * 10_000, 30_000 + i % 50 * 1_000, "" if i % 4 else "移行データ"])
    return out


def write_files(folder: Path, n: int) -> tuple[Path, Path]:
    from openpyxl import Workbook

    from tests.exchange.files import write_csv

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("契約")
    sheet.append(HEADERS)
    data = rows(n)
    for row in data:
        sheet.append(row)
    xlsx = folder / "contracts.xlsx"
    workbook.save(xlsx)
    return xlsx, write_csv(folder / "contracts.csv", data, HEADERS, encoding="cp932")


def new_database(path: Path) -> Any:
    from datetime import datetime

    from app.store.database import open_database

    return open_database(f"sqlite:///{path}", backup_count=10, now=datetime(2026, 4, 1)).engine


def openpyxl_alone(path: Path) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in workbook.active.iter_rows(values_only=True))
    workbook.close()
    return count


def dry_run(engine: Any, path: Path) -> Any:
    from app.exchange.mapping import guess_mapping
    from app.exchange.plan import plan_import
    from app.exchange.reader import read_sheet

    sheet = read_sheet(path)
    plan = plan_import(sheet, guess_mapping(sheet.headers), engine, TODAY)
    if plan.problems:
        raise AssertionError(plan.problems[0].line())
    return plan


def import_all(engine: Any, plan: Any) -> Any:
    from app.exchange.apply import apply_plan
    from app.usecases.context import UseCaseContext

    return apply_plan(engine, UseCaseContext("bench", TODAY), plan, skip_invalid=False)


def median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(quick: bool = False) -> dict[str, float | int]:
    from app.exchange.plan import Action

    n = 2_000 if quick else 10_000
    runs = 1 if quick else 3
    folder = Path(tempfile.mkdtemp(prefix="secplus-bench-import-"))
    try:
        xlsx, csv_path = write_files(folder, n)
        engine = new_database(folder / "bench.db")
        baseline = median_seconds(lambda: openpyxl_alone(xlsx), runs)
        dry = median_seconds(lambda: dry_run(engine, xlsx), runs)
        dry_csv = median_seconds(lambda: dry_run(engine, csv_path), runs)
        plan = dry_run(engine, xlsx)
        started = time.perf_counter()
        result = import_all(engine, plan)
        imported = time.perf_counter() - started
        assert len(result.created) == n
        started = time.perf_counter()
        again = dry_run(engine, xlsx)  # against n stored contracts: every row unchanged
        dry_again = time.perf_counter() - started
        assert again.count(Action.UNCHANGED) == n, again.count(Action.UPDATE)
        engine.dispose()
        child = subprocess.run(
            [sys.executable, "-c", CHILD.format(root=str(ROOT), db=str(folder / "child.db"), xlsx=str(xlsx))],
            capture_output=True, text=True, check=True, cwd=ROOT)
        measured = json.loads(child.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "rows": n,
        "openpyxl_read_s": round(baseline, 3),
        "dry_run_xlsx_s": round(dry, 3),
        "dry_run_vs_openpyxl": round(dry / baseline, 2),
        "dry_run_csv_cp932_s": round(dry_csv, 3),
        "dry_run_against_stored_s": round(dry_again, 3),
        "import_s": round(imported, 2),
        "import_rows_per_s": round(n / imported, 1),
        "import_vs_openpyxl": round(imported / baseline, 1),
        "peak_rss_mb_dry_run_and_import": round(measured["maxrss_kb"] / 1024, 1),
    }


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=2))
