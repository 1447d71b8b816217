"""The built program: build time, folder and archive size, and start to first window beside the source checkout.

Start to first window: from launching the process to Qt flushing the first paint of the main
window (Qt's `qt.widgets.painting` debug message, which the program's Qt message handler
passes on to stderr), offscreen, on a fresh user profile (so the first start, as on a new
machine). The same for `python -m ui.app` from the source checkout; `first_window_ratio` is
built / source. `self_test_*_s` times the whole `--self-test` run of each.

quick=True reuses dist/secplus-desk when it exists (no build; build figures then are 0).
"""
from __future__ import annotations

import os
import selectors
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import build_installer  # noqa: E402

FIRST_PAINT = "qt.widgets.painting: Flushing"
TIMEOUT_S = 120.0


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "SECPLUS_", "PYTHON"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_STATE_HOME=str(home / "state"), QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8",
               QT_LOGGING_RULES="qt.widgets.painting.debug=true")
    return env


def first_window_s(command: list[str], cwd: Path) -> float:
    """Seconds from launch to the first flush of the main window's paint (then the process is killed)."""
    with tempfile.TemporaryDirectory(prefix="bench-dist-home-") as home:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=_env(Path(home)), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)
        assert process.stderr is not None
        selector = selectors.DefaultSelector()
        selector.register(process.stderr, selectors.EVENT_READ)
        try:
            while time.perf_counter() - started < TIMEOUT_S:
                if not selector.select(timeout=1.0):
                    continue
                line = process.stderr.readline()
                if not line:
                    raise RuntimeError(f"{command[0]} exited ({process.wait()}) before showing a window")
                if line.startswith(FIRST_PAINT) and "MainWindow" in line:
                    return time.perf_counter() - started
            raise RuntimeError(f"no window within {TIMEOUT_S} s")
        finally:
            process.kill()
            process.wait()


def self_test_s(command: list[str], cwd: Path) -> float:
    with tempfile.TemporaryDirectory(prefix="bench-dist-home-") as home:
        started = time.perf_counter()
        subprocess.run([*command, "--self-test"], cwd=cwd, env=_env(Path(home)), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=TIMEOUT_S)
        return time.perf_counter() - started


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def run(quick: bool = False) -> dict[str, float | int | str]:
    project = build_installer.read_project()
    figures: dict[str, float | int | str] = {"platform": build_installer.platform_tag()}
    with tempfile.TemporaryDirectory(prefix="bench-dist-") as tmp:
        where = Path(tmp)
        folder = REPO_ROOT / "dist" / project.name
        if quick and folder.is_dir():
            figures["build_s"] = 0
        else:
            started = time.perf_counter()
            subprocess.run([sys.executable, str(REPO_ROOT / "build_installer.py"), "--dist", str(where / "dist"),
                            "--work", str(where / "work")], check=True, stdout=subprocess.DEVNULL)
            figures["build_s"] = round(time.perf_counter() - started, 1)
            folder = where / "dist" / project.name
        figures["folder_mb"] = round(build_installer.folder_size(folder) / 1e6, 1)
        figures["folder_files"] = sum(1 for p in folder.rglob("*") if p.is_file())
        started = time.perf_counter()
        archive = where / f"{project.name}.tar.gz"
        build_installer.write_archive(folder, archive)
        figures["archive_s"] = round(time.perf_counter() - started, 1)
        figures["archive_mb"] = round(archive.stat().st_size / 1e6, 1)

        exe = folder / (project.name + (".exe" if sys.platform == "win32" else ""))
        built = [str(exe)]
        source = [sys.executable, "-m", "ui.app"]
        elsewhere = where / "cwd"
        elsewhere.mkdir()
        runs = 2 if quick else 5
        built_times = [first_window_s(built, elsewhere) for _ in range(runs)]
        source_times = [first_window_s(source, REPO_ROOT) for _ in range(runs)]
        figures["runs"] = runs
        figures["first_window_built_s"] = median(built_times)
        figures["first_window_source_s"] = median(source_times)
        figures["first_window_ratio"] = round(median(built_times) / median(source_times), 2)
        figures["self_test_built_s"] = median([self_test_s(built, elsewhere) for _ in range(runs)])
        figures["self_test_source_s"] = median([self_test_s(source, REPO_ROOT) for _ in range(runs)])
    return figures


if __name__ == "__main__":
    for key, value in run(quick="--quick" in sys.argv).items():
        print(f"{key}: {value}")
