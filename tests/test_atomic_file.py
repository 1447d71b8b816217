"""Files written whole or not at all: a failed write leaves the old file and no temporary file."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.atomic_file import write_atomically


def test_the_new_content_replaces_the_old(tmp_path: Path) -> None:
    target = tmp_path / "new folder" / "settings.toml"
    write_atomically(target, lambda tmp: tmp.write_text("a = 1\n", encoding="utf-8"), folder_mode=0o700)
    write_atomically(target, lambda tmp: tmp.write_text("a = 2\n", encoding="utf-8"))
    assert target.read_text(encoding="utf-8") == "a = 2\n"
    assert target.parent.stat().st_mode & 0o777 == 0o700
    assert [p.name for p in target.parent.iterdir()] == ["settings.toml"]


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    target.write_text("old", encoding="utf-8")

    def half_then_fail(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        write_atomically(target, half_then_fail)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]
