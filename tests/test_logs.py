"""The log file: rotating, private, INFO by default, and no customer names, amounts or addresses in it."""
from __future__ import annotations

import logging
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.logs import LOG_DIR_ENV, LOG_FILE_NAME, log_dir, make_private_dirs, redact, setup_logging, teardown_logging

CUSTOMER = "山田商事株式会社"
ADDRESS = "東京都千代田区丸の内1-2-3"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = setup_logging(tmp_path / "logs", max_bytes=2_000, backup_count=2)
    yield path
    teardown_logging()


def test_info_is_written_debug_is_not(log_file: Path) -> None:
    logging.getLogger("secplus.test").info("opened contract id=%d", 42)
    logging.getLogger("secplus.test").debug("a debug line")

    text = log_file.read_text(encoding="utf-8")
    assert "INFO secplus.test: opened contract id=42" in text
    assert "a debug line" not in text


def test_customer_names_amounts_and_addresses_never_reach_the_file(log_file: Path) -> None:
    log = logging.getLogger("secplus.test")
    log.info("saved customer %s at %s, monthly fee %s円", CUSTOMER, ADDRESS, "55,000")
    log.warning("penalty 1234567 for 'ACME Holdings' mail info@acme.example.com tel 03-1234-5678")
    try:
        raise ValueError(f"bad name {CUSTOMER} ¥300,000")
    except ValueError:
        log.exception("import failed")

    text = log_file.read_text(encoding="utf-8")
    for secret in (CUSTOMER, "千代田", "55,000", "1234567", "ACME Holdings", "acme.example.com", "1234-5678",
                   "300,000"):
        assert secret not in text, secret
    assert "saved customer <text> at <text>" in text
    assert "ValueError: bad name <text> <amount>" in text  # the traceback is kept, its message redacted


def test_redaction_keeps_what_support_needs() -> None:
    assert redact("No module named 'PySide6.QtPdf'") == "No module named 'PySide6.QtPdf'"
    assert redact("KeyError: 'company_name'") == "KeyError: 'company_name'"
    assert redact("contract 12 has 3 changes") == "contract 12 has 3 changes"
    assert redact("[SQL: INSERT INTO customer (name) VALUES (?)]\n[parameters: ('Acme', 5000)]") == (
        "[SQL: INSERT INTO customer (name) VALUES (?)]\n[parameters: <redacted>]")


def test_the_file_rotates_and_keeps_a_bounded_number_of_old_files(log_file: Path) -> None:
    log = logging.getLogger("secplus.test")
    for number in range(200):
        log.info("line %d %s", number, "x" * 40)

    files = sorted(p.name for p in log_file.parent.iterdir())
    assert files == [LOG_FILE_NAME, f"{LOG_FILE_NAME}.1", f"{LOG_FILE_NAME}.2"]
    assert all(p.stat().st_size <= 2_100 for p in log_file.parent.iterdir())
    assert "line 199" in log_file.read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_log_folder_and_file_are_private(log_file: Path) -> None:
    logging.getLogger("secplus.test").info("hello")
    assert stat.S_IMODE(log_file.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600


def test_setting_up_twice_does_not_duplicate_lines(tmp_path: Path) -> None:
    try:
        setup_logging(tmp_path)
        path = setup_logging(tmp_path)
        logging.getLogger("secplus.test").info("once")
    finally:
        teardown_logging()
    assert path.read_text(encoding="utf-8").count("once") == 1


def test_log_dir_is_the_platform_user_log_dir_unless_overridden(tmp_path: Path) -> None:
    assert log_dir({LOG_DIR_ENV: str(tmp_path)}) == tmp_path
    assert "secplus-desk" in str(log_dir({}))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_make_private_dirs_creates_every_missing_level_0700(tmp_path: Path) -> None:
    target = make_private_dirs(tmp_path / "a" / "b" / "c")
    for folder in (tmp_path / "a", tmp_path / "a" / "b", target):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
