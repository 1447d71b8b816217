"""The built program: build_installer.py makes a folder that runs `--self-test` on its own.

The slow test builds with PyInstaller into a temporary folder (about a minute) and runs the
program from another working directory with a clean environment: no source tree, no
PYTHONPATH, no virtualenv, a fresh HOME. `make test-dist` runs only this file.
The fast tests check the build's pieces (arguments, licences, archive) without building.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

import build_installer
from ui import app as ui_app

REPO_ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
EXE = PROJECT["name"] + (".exe" if sys.platform == "win32" else "")


def clean_environment(home: Path) -> dict[str, str]:
    """What a fresh account has: no Python variables, no Qt platform chosen, an empty home."""
    env = {"PATH": os.pathsep.join(p for p in ("/usr/bin", "/bin") if Path(p).is_dir()) or os.environ["PATH"],
           "HOME": str(home), "LANG": "C.UTF-8"}
    if sys.platform == "win32":
        env.update({k: os.environ[k] for k in ("SYSTEMROOT", "TEMP", "TMP") if k in os.environ})
        env.update({"USERPROFILE": str(home), "LOCALAPPDATA": str(home / "AppData" / "Local"),
                    "APPDATA": str(home / "AppData" / "Roaming")})
    return env


def program_output(result: subprocess.CompletedProcess[str], home: Path) -> str:
    """stdout; the Windows build has no console and writes the lines into its log folder instead."""
    if sys.platform == "win32" and not result.stdout:
        return (home / "AppData" / "Local" / "secplus-desk" / "secplus-desk" / "Logs" / "self-test.txt").read_text(
            encoding="utf-8")
    return result.stdout


# --- fast: the pieces of the build ------------------------------------------------------------------

def test_version_prints_the_pyproject_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert ui_app.main(["secplus-desk", "--version"]) == 0
    assert capsys.readouterr().out.strip() == f"secplus-desk {PROJECT['version']}"


def test_self_test_passes_from_the_source_checkout(capsys: pytest.CaptureFixture[str]) -> None:
    assert ui_app.main(["secplus-desk", "--self-test"]) == 0
    out = capsys.readouterr().out
    assert [line.split(":")[0] for line in out.splitlines() if line.startswith("[")] == [
        "[1/5] bundle", "[2/5] database", "[3/5] terms", "[4/5] pdf", "[5/5] window"]
    assert "FAILED" not in out and out.rstrip().splitlines()[-1].startswith("self-test OK")


def test_self_test_reports_a_failing_step_and_exits_1(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from app.terms import fees

    monkeypatch.setattr(fees, "first_month_charge", lambda *args, **kwargs: 26_600)
    assert ui_app.main(["secplus-desk", "--self-test"]) == 1
    out = capsys.readouterr().out
    assert "[3/5] terms: FAILED SelfTestFailure: SPEC §2: first month 26600, expected 26700" in out
    assert "[5/5] window: ok" in out  # the other steps still ran


def test_pyinstaller_arguments_carry_data_and_leave_unused_qt_out(tmp_path: Path) -> None:
    project = build_installer.read_project()
    args = build_installer.pyinstaller_args(tmp_path / "dist", tmp_path / "work", project)

    assert args[args.index("--name") + 1] == project.name == PROJECT["name"]
    data = {value.split(":")[-1] for flag, value in zip(args, args[1:]) if flag == "--add-data"}
    assert {"data", "resources/fonts", "resources/icons", "app/migrations"} <= data
    excluded = {value for flag, value in zip(args, args[1:]) if flag == "--exclude-module"}
    assert {"PySide6.QtWebEngineCore", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.Qt3DCore",
            "PySide6.QtMultimedia"} <= excluded
    assert not excluded & {"PySide6.QtCharts", "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtPrintSupport"}
    hidden = {value for flag, value in zip(args, args[1:]) if flag == "--hidden-import"}
    assert {"alembic.op", "sqlalchemy", "sqlmodel"} <= hidden  # what the migration scripts import
    assert ("--copy-metadata", PROJECT["name"]) in set(zip(args, args[1:]))  # for --version


def test_licences_of_every_runtime_package_and_the_fonts_are_collected(tmp_path: Path) -> None:
    index = build_installer.collect_licences(tmp_path, build_installer.read_project())

    text = "\n".join(index).replace("_", "-")
    for name in ("PySide6-Essentials", "PySide6-Pdf", "SQLAlchemy", "alembic", "reportlab", "platformdirs", "shiboken6", "Python",
                 "PyInstaller bootloader", "IPAex fonts"):
        assert name in text, name
    for file in ("INDEX.txt", "IPA_Font_License.txt", "LGPL-3.0.txt", "GPL-3.0.txt", "PyInstaller-COPYING.txt"):
        assert (tmp_path / file).stat().st_size > 500, file
    assert any(p.name.startswith("SQLAlchemy-") for p in tmp_path.iterdir())
    assert "pytest" not in text and "mypy" not in text  # development tools are not shipped
    assert all("LGPL-3.0.txt" in line for line in index if line.startswith("PySide6"))


def test_archive_and_its_sha256_file(tmp_path: Path) -> None:
    folder = tmp_path / "secplus-desk"
    (folder / "_internal").mkdir(parents=True)
    (folder / "_internal" / "a.txt").write_text("あ", encoding="utf-8")
    archive = tmp_path / "secplus-desk-0.1.0-test.tar.gz"

    checksum = build_installer.write_archive(folder, archive)

    digest, name = checksum.read_text(encoding="utf-8").split()
    assert name == archive.name and digest == hashlib.sha256(archive.read_bytes()).hexdigest()
    with tarfile.open(archive) as tar:
        assert "secplus-desk/_internal/a.txt" in tar.getnames()


# --- slow: build it and run it -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    where = tmp_path_factory.mktemp("build")
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "build_installer.py"), "--dist", str(where / "dist"),
         "--work", str(where / "work")],
        capture_output=True, text=True, timeout=1800, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    yield where / "dist" / PROJECT["name"]


@pytest.mark.slow
def test_built_program_passes_its_self_test_outside_the_source_tree(built: Path, tmp_path: Path) -> None:
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    result = subprocess.run([str(built / EXE), "--self-test"], cwd=elsewhere, env=clean_environment(home),
                            capture_output=True, text=True, timeout=300, check=False)

    assert result.returncode == 0, result.stdout + result.stderr
    output = program_output(result, home)
    lines = output.splitlines()
    assert lines[0] == f"secplus-desk {PROJECT['version']} self-test (built program)"
    assert [line.split(": ")[1][:2] for line in lines[1:6]] == ["ok"] * 5, output
    assert lines[-1].startswith("self-test OK")
    assert list(elsewhere.iterdir()) == []  # nothing left in the working directory


@pytest.mark.slow
def test_built_program_version_and_folder_contents(built: Path, tmp_path: Path) -> None:
    result = subprocess.run([str(built / EXE), "--version"], cwd=tmp_path, env=clean_environment(tmp_path),
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0 and program_output(result, tmp_path).strip() == f"secplus-desk {PROJECT['version']}"

    internal = built / "_internal"
    for required in ("data/eras.json", "resources/fonts/ipaexm.ttf", "resources/fonts/IPA_Font_License.txt",
                     "resources/icons/secplus-desk.png", "app/migrations/env.py"):
        assert (internal / required).is_file(), required
    assert "PySide6_Essentials" in (built / "LICENSES" / "INDEX.txt").read_text(encoding="utf-8")
    assert PROJECT["version"] in (built / "BUILD-INFO.txt").read_text(encoding="utf-8")
    names = {p.name for p in internal.rglob("*")}
    unwanted = {n for n in names if any(part in n for part in ("WebEngine", "Qt6Qml", "Qt6Quick", "Qt63D",
                                                               "Multimedia", "VirtualKeyboard"))}
    assert unwanted == set()
