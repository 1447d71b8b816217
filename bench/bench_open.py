"""Opening the database costs the same at any size: open of 100,000 contracts beside 1,000 (--quick: 10,000).

`open_database` (header and revision checks, no migration) and the window's whole start
(`open_workspace`: open, the day's backup already taken, nothing lapsed) are timed on copies
of the seeded files in a temporary folder, alternating small and big so that the machine's
load falls on both alike. Goal: open_ratio <= 1.2. `full_check_big_ms` is what every open
used to cost (PRAGMA integrity_check), for comparison. Seeded files are bench_queries'
cache (system temp folder), so repeated runs do not seed again.
"""
from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_queries import cached_database  # noqa: E402

from app.settings import Settings  # noqa: E402
from app.store.database import open_database  # noqa: E402
from app.store.integrity import integrity_problems  # noqa: E402
from app.store.paths import path_to_url  # noqa: E402

NOW = datetime(2026, 11, 28, 9)  # the seeding day of bench_queries: nothing has lapsed
SETTINGS = Settings(user_name="bench", backup_count=3)
SMALL = 1_000


def _ms(fn: Callable[[], Any]) -> float:
    began = time.perf_counter()
    fn()
    return (time.perf_counter() - began) * 1000


def _open_close(path: Path) -> None:
    open_database(path_to_url(path), backup_count=SETTINGS.backup_count, now=NOW).close()


def _workspace(path: Path) -> None:
    from app.startup import open_workspace

    open_workspace(str(path), SETTINGS, NOW).database.close()


def _alternating(fn: Callable[[Path], None], small: Path, big: Path, repeats: int) -> tuple[float, float]:
    fn(small), fn(big)  # warm-up: page cache, -wal/-shm files, the day's backup
    small_times, big_times = [], []
    for _ in range(repeats):
        small_times.append(_ms(lambda: fn(small)))
        big_times.append(_ms(lambda: fn(big)))
    return statistics.median(small_times), statistics.median(big_times)


def run(quick: bool = False) -> dict[str, Any]:
    big_n = 10_000 if quick else 100_000
    repeats = 5 if quick else 15
    figures: dict[str, Any] = {"small_contracts": SMALL, "big_contracts": big_n, "repeats": repeats}
    with tempfile.TemporaryDirectory(prefix="secplus-bench-open-") as scratch:
        copies = []
        for n in (SMALL, big_n):
            cached, seeded = cached_database(n)
            if seeded is not None:
                figures[f"seed_{n}_s"] = round(seeded, 1)
            folder = Path(scratch) / str(n)
            folder.mkdir()
            copies.append(Path(shutil.copy2(cached, folder / "secplus.db")))
        small, big = copies
        figures["big_db_mb"] = round(big.stat().st_size / 1e6, 1)
        small_ms, big_ms = _alternating(_open_close, small, big, repeats)
        figures["open_small_ms"] = round(small_ms, 2)
        figures["open_big_ms"] = round(big_ms, 2)
        figures["open_ratio"] = round(big_ms / small_ms, 3)
        figures["full_check_big_ms"] = round(_ms(lambda: integrity_problems(big)), 1)
        try:
            small_ws, big_ws = _alternating(_workspace, small, big, max(3, repeats // 3))
        except Exception as exc:  # noqa: BLE001 - the use cases may be mid-change; the open figures stand
            figures["workspace_error"] = f"{type(exc).__name__}: {exc}"[:200]
        else:
            figures["workspace_small_ms"] = round(small_ws, 2)
            figures["workspace_big_ms"] = round(big_ws, 2)
            figures["workspace_ratio"] = round(big_ws / small_ws, 3)
    return figures


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick="--quick" in sys.argv), ensure_ascii=False, indent=2))
