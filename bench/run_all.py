"""Run every benchmark in bench/ and record the figures: `make bench` or `python bench/run_all.py`.

A benchmark is a module ``bench/bench_<name>.py`` with a function

    def run(quick: bool = False) -> dict[str, int | float | str]: ...

returning named figures (e.g. ``{"quotes_per_second": 41234.0, "rows": 10000}``); the
``quick`` parameter is optional and asks for a short run. Figures go to bench/results.json
(with the date, the Python version and the machine) and are printed as a table. Timing
belongs here, never in the tests.
"""
from __future__ import annotations

import argparse
import importlib.util
import inspect
import json
import os
import platform
import sys
import time
import traceback
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
PREFIX = "bench_"


def discover(bench_dir: Path) -> dict[str, Path]:
    """``{name: path}`` for each ``bench_<name>.py`` in ``bench_dir``, sorted by name."""
    return {path.stem[len(PREFIX):]: path for path in sorted(bench_dir.glob(f"{PREFIX}*.py"))}


def select(found: Mapping[str, Path], only: Sequence[str]) -> dict[str, Path]:
    if not only:
        return dict(found)
    wanted = [name.removeprefix(PREFIX).removesuffix(".py") for name in only]
    unknown = [name for name in wanted if name not in found]
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(found) or 'none'}")
    return {name: found[name] for name in wanted}


def load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"{PREFIX}{name}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run_one(name: str, path: Path, quick: bool) -> dict[str, Any]:
    """The figures of one benchmark, or ``{"error": ...}``; ``_seconds`` is its wall time."""
    started = time.perf_counter()
    try:
        module = load(name, path)
        run = getattr(module, "run")
        accepts_quick = "quick" in inspect.signature(run).parameters
        figures = run(quick=quick) if accepts_quick else run()
        if not isinstance(figures, Mapping):
            raise TypeError(f"run() returned {type(figures).__name__}, expected a dict of figures")
        result: dict[str, Any] = {str(key): value for key, value in figures.items()}
    except Exception:  # one broken benchmark must not hide the others
        result = {"error": traceback.format_exc(limit=5).strip().splitlines()[-1]}
        result["traceback"] = traceback.format_exc()
    result["_seconds"] = round(time.perf_counter() - started, 3)
    return result


def machine_info() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor(),
        "cpu_count": os.cpu_count(),
    }


def format_value(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.4g}" if abs(value) < 1e15 else f"{value:.4e}"


def table(results: Mapping[str, Mapping[str, Any]]) -> str:
    rows = [("benchmark", "figure", "value")]
    for name, figures in results.items():
        for key, value in figures.items():
            if key != "traceback":
                rows.append((name, key, format_value(value)))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:>{widths[2]}}" for a, b, c in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, bench_dir: Path = BENCH_DIR) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks in bench/ (bench_*.py).")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="run only this benchmark (bench_NAME.py); may be given more than once")
    parser.add_argument("--quick", action="store_true", help="short runs (passed to run(quick=True))")
    parser.add_argument("--output", type=Path, default=bench_dir / "results.json",
                        help="where to write the figures (default: bench/results.json)")
    args = parser.parse_args(argv)

    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))  # benchmarks import app.*
    chosen = select(discover(bench_dir), args.only)
    if not chosen:
        print(f"no benchmarks (bench_*.py) in {bench_dir}", file=sys.stderr)
        return 1

    results: dict[str, dict[str, Any]] = {}
    for name, path in chosen.items():
        print(f"running {name} ...", file=sys.stderr, flush=True)
        results[name] = run_one(name, path, args.quick)
        if "traceback" in results[name]:
            print(results[name]["traceback"], file=sys.stderr)

    report = {
        "date": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
        "quick": args.quick,
        **machine_info(),
        "benchmarks": results,
    }
    args.output.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print(f"\nwritten to {args.output}")
    failed = [name for name, figures in results.items() if "error" in figures]
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
