"""Extreme input on the command line: one Japanese line on stderr, exit code 2, never a traceback."""
from __future__ import annotations

import subprocess
import sys

import pytest

from app.cli import main

BASE = ["quote", "--start", "2025-04-15", "--monthly", "50000", "--notice", "2025-09-10"]


def _with(option: str, value: str) -> list[str]:
    args = list(BASE)
    args[args.index(option) + 1] = value
    return args


@pytest.mark.parametrize(("args", "words"), [
    (_with("--start", "0001-01-01"), "1900年から2200年"),
    (_with("--start", "9999-12-31"), "1900年から2200年"),
    (_with("--notice", "9999-12-31"), "1900年から2200年"),
    (_with("--monthly", "9" * 5000), "長すぎます"),
    (_with("--monthly", "1,2,3"), "3桁ごと"),
    (_with("--monthly", "1" + "0" * 13), "大きすぎます"),
    ([*BASE, "--initial-fee", "9" * 5000], "長すぎます"),
    ([*BASE, "--change", "9999-01:5"], "1900年から2200年"),
    ([*BASE, "--change", "2026-01:" + "9" * 5000], "長すぎます"),
    (_with("--notice", "2025-01-10"), "本サービス開始日（2025年4月15日）より前"),
])
def test_extreme_quote_input_is_one_line_exit_2(args: list[str], words: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and words in captured.err


def test_longest_allowed_span_gives_a_quote(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quote", "--start", "1900-01-01", "--monthly", "999,999,999,999", "--notice", "2200-12-31",
                 "--initial-fee", "999999999999", "--json"]) == 0
    assert '"earliest_end"' in capsys.readouterr().out


def test_a_renewal_chain_too_long_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import app.terms.renewal as renewal

    monkeypatch.setattr(renewal, "MAX_TERMS", 3)
    assert main(_with("--notice", "2035-09-10")) == 2
    assert "更新の回数が多すぎます" in capsys.readouterr().err


def test_no_traceback_in_a_real_process() -> None:
    result = subprocess.run([sys.executable, "-m", "app", *_with("--monthly", "9" * 5000)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
