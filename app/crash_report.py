"""The crash report: a text file in the user's log directory that support can read, with no customer data.

It holds what a developer needs (time, program and library versions, platform, frozen or
source, the exception type, the stack as file:line in function) and nothing a customer wrote:
no local variables, no source lines from the user's files, and the exception messages pass
through `app.logs.redact` (Japanese text, amounts, long numbers, quoted phrases, SQL
parameters removed). Home folders in paths become "~".

No Qt here: ui/crash_handler.py adds the Qt versions through `extra` and shows the dialog.
"""
from __future__ import annotations

import os
import platform
import sys
import traceback
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from types import TracebackType

from app.logs import FILE_MODE, log_dir, make_private_dirs, redact

REPORT_PREFIX = "crash-"
REPORTS_KEPT = 20
PACKAGES = ("PySide6-Essentials", "SQLAlchemy", "sqlmodel", "alembic", "reportlab", "platformdirs")
MAX_FRAMES = 60
_ROOT = Path(__file__).resolve().parent.parent  # the source tree or the bundle folder


def package_versions(names: tuple[str, ...] = PACKAGES) -> dict[str, str]:
    from importlib import metadata  # scans the installed packages: only when a report is written

    versions: dict[str, str] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "-"
    return versions


def short_path(filename: str) -> str:
    """A frame's file as a relative name: app/..., ui/..., a package under site-packages, or ~/..."""
    path = filename.replace("\\", "/")
    root = str(_ROOT).replace("\\", "/").rstrip("/") + "/"
    if path.startswith(root):
        return path[len(root):]
    for marker in ("/site-packages/", "/_internal/", "/lib/python"):
        if marker in path:
            return path.split(marker, 1)[1]
    home = str(Path.home()).replace("\\", "/")
    if home not in ("", "/") and path.startswith(home):
        return "~" + path[len(home):]
    return path


def describe_exception(error: BaseException) -> list[str]:
    """The exception chain, oldest cause first, as 'Type: redacted message' plus frames."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = error
    heading = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, heading))
        if current.__cause__ is not None:
            heading, current = "The above exception was the direct cause of the following:", current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            heading, current = "During handling of the above exception, another occurred:", current.__context__
        else:
            current = None
    lines: list[str] = []
    for index, (exc, _) in enumerate(reversed(chain)):
        if index > 0:
            lines += ["", chain[len(chain) - index][1]]
        lines.append("Traceback (most recent call last):")
        frames = traceback.extract_tb(exc.__traceback__)[-MAX_FRAMES:]
        for frame in frames:
            lines.append(f"  {short_path(frame.filename)}:{frame.lineno} in {frame.name}")
        lines.append(f"{type(exc).__module__}.{type(exc).__qualname__}: {redact(str(exc))}".replace("builtins.", ""))
    return lines


def report_text(
    error: BaseException,
    *,
    now: datetime,
    version: str,
    where: str = "unhandled exception",
    extra: Mapping[str, str] | None = None,
) -> str:
    frozen = "frozen (built program)" if getattr(sys, "frozen", False) else "source checkout"
    lines = [
        "secplus-desk crash report (セキュリティ・プラス 契約管理 エラー報告)",
        "This file holds no customer data: messages are redacted, no variables are recorded.",
        "",
        f"time:                {now.isoformat(timespec='seconds')}",
        f"where:               {where}",
        f"program:             secplus-desk {version} ({frozen})",
        f"python:              {platform.python_implementation()} {platform.python_version()}",
        f"platform:            {platform.platform()} ({platform.machine()})",
    ]
    for name, value in {**package_versions(), **(extra or {})}.items():
        lines.append(f"{name + ':':<20} {redact(value)}")
    lines += ["", *describe_exception(error), ""]
    return "\n".join(lines)


def write_crash_report(
    error: BaseException,
    *,
    now: datetime,
    version: str,
    where: str = "unhandled exception",
    extra: Mapping[str, str] | None = None,
    directory: Path | None = None,
) -> Path:
    """Write the report (mode 0600) and keep only the newest REPORTS_KEPT; returns its path."""
    folder = make_private_dirs(directory or log_dir())
    stamp = now.strftime("%Y%m%d-%H%M%S")
    path = folder / f"{REPORT_PREFIX}{stamp}-{os.getpid()}.txt"
    counter = 1
    while path.exists():
        counter += 1
        path = folder / f"{REPORT_PREFIX}{stamp}-{os.getpid()}-{counter}.txt"
    text = report_text(error, now=now, version=version, where=where, extra=extra)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    prune_reports(folder, newest=path)
    return path


def prune_reports(folder: Path, keep: int = REPORTS_KEPT, newest: Path | None = None) -> None:
    """Delete all but the `keep` newest reports (`newest`, just written, always stays)."""
    reports = sorted(folder.glob(f"{REPORT_PREFIX}*.txt"), key=lambda p: (p == newest, p.stat().st_mtime_ns),
                     reverse=True)
    for old in reports[keep:]:
        try:
            old.unlink()
        except OSError:
            pass


def exception_from(
    exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None
) -> BaseException:
    """The exception object of an excepthook's arguments (a bare type becomes an instance)."""
    if exc is None:
        exc = exc_type()
    if tb is not None and exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    return exc
