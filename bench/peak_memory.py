"""Peak memory of the running process, for benchmarks that measure a child process.

`resource.getrusage(RUSAGE_SELF).ru_maxrss` is no good there: Linux keeps that high-water mark
across fork and exec, so a child started by a large parent (bench/run_all.py after the other
benchmarks: 500-700 MB) reports the parent's peak instead of its own. /proc/self/status's VmHWM
belongs to the process's own address space, which exec replaces.
"""
from __future__ import annotations

import resource
import sys


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def current_rss_kb() -> int:
    """The resident set size of this process now, in KiB (0 where /proc is missing)."""
    return _status_kb("VmRSS") or 0


def peak_rss_kb() -> int:
    """The peak resident set size of this process since its exec, in KiB."""
    peak = _status_kb("VmHWM")
    if peak is not None:
        return peak
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes


def peak_rss_mb() -> float:
    return peak_rss_kb() / 1024
