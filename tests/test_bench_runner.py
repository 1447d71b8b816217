"""bench/run_all.py finds bench_*.py modules, runs them and records their figures."""
from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

RUNNER_PATH = Path(__file__).resolve().parent.parent / "bench" / "run_all.py"

FAKE_BENCH = '''
def run(quick: bool = False) -> dict:
    return {"rows": 10 if quick else 1000, "per_second": 1234.5678, "quick": quick}
'''
PLAIN_BENCH = '''
def run():
    return {"answer": 42}
'''
BROKEN_BENCH = '''
def run():
    raise ValueError("boom")
'''


@pytest.fixture
def runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run_all_under_test", RUNNER_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bench_dir(tmp_path: Path) -> Path:
    (tmp_path / "bench_fake.py").write_text(FAKE_BENCH, encoding="utf-8")
    (tmp_path / "bench_plain.py").write_text(PLAIN_BENCH, encoding="utf-8")
    (tmp_path / "helper.py").write_text("raise AssertionError('not a benchmark')\n", encoding="utf-8")
    return tmp_path


@pytest.fixture(autouse=True)
def forget_loaded_benchmarks() -> Iterator[None]:
    yield
    for name in [name for name in sys.modules if name.startswith("bench_")]:
        del sys.modules[name]


def test_runs_every_benchmark_and_writes_results(
    runner: ModuleType, bench_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert runner.main([], bench_dir=bench_dir) == 0

    report = json.loads((bench_dir / "results.json").read_text(encoding="utf-8"))
    assert list(report["benchmarks"]) == ["fake", "plain"]
    assert report["benchmarks"]["fake"]["rows"] == 1000
    assert report["benchmarks"]["fake"]["quick"] is False
    assert report["benchmarks"]["plain"]["answer"] == 42
    assert report["python"] == sys.version.split()[0]
    assert {"date", "machine", "platform", "cpu_count"} <= set(report)
    out = capsys.readouterr().out
    assert "per_second" in out and "1,235" in out and "1,000" in out


def test_only_and_quick(runner: ModuleType, bench_dir: Path, tmp_path: Path) -> None:
    output = tmp_path / "quick.json"
    assert runner.main(["--only", "bench_fake", "--quick", "--output", str(output)], bench_dir=bench_dir) == 0

    report = json.loads(output.read_text(encoding="utf-8"))
    assert report["quick"] is True
    assert list(report["benchmarks"]) == ["fake"]
    assert report["benchmarks"]["fake"]["rows"] == 10


def test_unknown_name_is_refused(runner: ModuleType, bench_dir: Path) -> None:
    with pytest.raises(SystemExit, match="unknown benchmark"):
        runner.main(["--only", "nope"], bench_dir=bench_dir)


def test_a_broken_benchmark_is_recorded_and_fails_the_run(
    runner: ModuleType, bench_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (bench_dir / "bench_broken.py").write_text(BROKEN_BENCH, encoding="utf-8")

    assert runner.main([], bench_dir=bench_dir) == 1

    report = json.loads((bench_dir / "results.json").read_text(encoding="utf-8"))
    assert "ValueError: boom" in report["benchmarks"]["broken"]["error"]
    assert report["benchmarks"]["fake"]["rows"] == 1000  # the others still ran
    assert "failed: broken" in capsys.readouterr().err


def test_empty_bench_dir_fails(runner: ModuleType, tmp_path: Path) -> None:
    assert runner.main([], bench_dir=tmp_path) == 1
