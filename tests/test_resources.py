"""Bundled files resolve from the source tree and from a PyInstaller bundle."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.resources import bundle_root, font_path, resource_path

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_fonts_resolve_in_the_source_tree() -> None:
    assert bundle_root() == REPO_ROOT
    assert font_path("ipaexg.ttf") == REPO_ROOT / "resources" / "fonts" / "ipaexg.ttf"
    assert font_path("IPAexMincho") == REPO_ROOT / "resources" / "fonts" / "ipaexm.ttf"
    for name in ("ipaexg.ttf", "ipaexm.ttf"):
        assert font_path(name).stat().st_size > 1_000_000
    assert resource_path("resources", "fonts", "IPA_Font_License.txt").is_file()


def test_paths_follow_the_pyinstaller_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert bundle_root() == tmp_path
    assert font_path("ipaexg.ttf") == tmp_path / "resources" / "fonts" / "ipaexg.ttf"
    assert resource_path("data", "profiles") == tmp_path / "data" / "profiles"
