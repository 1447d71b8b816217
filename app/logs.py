"""The program's log: a rotating file in the user's log directory, INFO by default, no customer data.

Where: platformdirs' user_log_dir("secplus-desk"): Linux ~/.local/state/secplus-desk/log,
macOS ~/Library/Logs/secplus-desk, Windows %LOCALAPPDATA%\\secplus-desk\\secplus-desk\\Logs
(beside the data), created private (0700; the files 0600). SECPLUS_LOG_DIR overrides it (tests, support).

What: code logs identifiers (contract ids, counts, timings), never names, amounts or addresses.
`redact` is the safety net applied to every record before it reaches the file: Japanese text
(names, addresses), numbers of four digits or more and any yen amount, e-mail addresses,
quoted phrases and SQL parameter lists are replaced by placeholders. The same function cleans
exception messages in crash reports (app/crash_report.py).
"""
from __future__ import annotations

import functools
import logging
import os
import re
from pathlib import Path

import platformdirs

APP_NAME = "secplus-desk"
LOG_DIR_ENV = "SECPLUS_LOG_DIR"
LOG_FILE_NAME = "secplus-desk.log"
MAX_BYTES = 1_000_000  # one file; the oldest of BACKUP_COUNT rotated files is dropped
BACKUP_COUNT = 5
DIR_MODE = 0o700
FILE_MODE = 0o600
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

# Order matters: SQL parameter lists and e-mails before the general number and text rules.
_REDACTIONS: tuple[tuple[str, int, str], ...] = (  # (pattern, flags, placeholder)
    (r"\[parameters: .*?\](?=\s*(?:\(|$|\n))", re.DOTALL, "[parameters: <redacted>]"),
    (r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", 0, "<email>"),
    (r"[¥￥]\s*[\d,，]+|[\d,，]+\s*(?:円|yen\b)", 0, "<amount>"),
    (r"'[^'\n]*[^\x00-\x7f\s'][^'\n]*'|'[^'\n]*\s[^'\n]*'", 0, "'<text>'"),
    (r'"[^"\n]*[^\x00-\x7f\s"][^"\n]*"|"[^"\n]*\s[^"\n]*"', 0, '"<text>"'),
    (r"[^\x00-\x7f]+(?:[ \t　]+[^\x00-\x7f]+)*", 0, "<text>"),
    (r"(?<![\w.])\d+(?:[-‐－ー]\d+){2,}(?![\w.])", 0, "<number>"),  # phone numbers, house numbers
    (r"(?<![\w.])[-+]?\d{1,3}(?:,\d{3})+(?![\w.])|(?<![\w.])\d{4,}(?![\w.])", 0, "<number>"),
)


@functools.cache
def _compiled_redactions() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Compiled at the first record, not at import (the window imports this module before its first paint)."""
    return tuple((re.compile(pattern, flags), placeholder) for pattern, flags, placeholder in _REDACTIONS)


def redact(text: str) -> str:
    """`text` with what may be customer data replaced by placeholders (see the module docstring).

    Kept: ASCII words, short numbers, identifiers and dotted names in quotes (module names,
    keys), so that "No module named 'PySide6.QtPdf'" stays readable.
    """
    for pattern, placeholder in _compiled_redactions():
        text = pattern.sub(placeholder, text)
    return text


class RedactingFilter(logging.Filter):
    """Replaces each record's message by its redacted, fully formatted text."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!r} (unformattable arguments)"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def make_private_dirs(path: Path) -> Path:
    """Create `path` and any missing parents with mode 0700 (existing folders are left as they are)."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
    return path


def log_dir(environ: dict[str, str] | None = None) -> Path:
    """The user's log directory (not created here)."""
    env = os.environ if environ is None else environ
    override = env.get(LOG_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_log_dir(APP_NAME))


def private_rotating_file_handler(path: Path, max_bytes: int, backup_count: int) -> logging.Handler:
    """A RotatingFileHandler whose files (the current one and each rotated one) are created 0600.

    logging.handlers is imported here, not with this module: it pulls in socket and pickle, which
    the window's first paint does not need (ui/crash_handler.py starts the log file after it)."""
    from logging.handlers import RotatingFileHandler

    class PrivateRotatingFileHandler(RotatingFileHandler):
        def _open(self):  # type: ignore[no-untyped-def]  # typeshed: returns a TextIOWrapper
            stream = super()._open()
            try:
                os.chmod(self.baseFilename, FILE_MODE)
            except OSError:  # e.g. a file system without POSIX modes
                pass
            return stream

    return PrivateRotatingFileHandler(path, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8")


def setup_logging(
    directory: Path | None = None,
    level: int = logging.INFO,
    *,
    max_bytes: int = MAX_BYTES,
    backup_count: int = BACKUP_COUNT,
) -> Path:
    """Send the root logger to the rotating file in `directory` (default: log_dir()); returns the file.

    Calling it again replaces the handler installed before (no duplicate lines).
    """
    folder = make_private_dirs(directory or log_dir())
    path = folder / LOG_FILE_NAME
    handler = private_rotating_file_handler(path, max_bytes, backup_count)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RedactingFilter())
    handler.set_name(LOG_FILE_NAME)
    _remove_file_handlers()
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("alembic.runtime.plugins").setLevel(max(level, logging.WARNING))  # one line per plugin
    logging.captureWarnings(True)
    return path


def _remove_file_handlers() -> None:
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == LOG_FILE_NAME]:
        root.removeHandler(old)
        old.close()


def teardown_logging() -> None:
    """Remove and close the file handler installed by setup_logging (tests)."""
    _remove_file_handlers()
    logging.captureWarnings(False)
