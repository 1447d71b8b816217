"""Build the program people install: a PyInstaller one-folder build, named and versioned from pyproject.toml.

    .venv/bin/python build_installer.py                 # -> dist/secplus-desk/ (the folder to ship)
    .venv/bin/python build_installer.py --archive       # + dist/secplus-desk-<version>-<platform>.tar.gz
                                                        #   and its .sha256 (what `make dist` does)
    .venv/bin/python build_installer.py --print-args    # the PyInstaller command line only

The same command builds on Linux, Windows and macOS (PyInstaller does not cross-compile: build
on the system you ship for). What differs is chosen here from sys.platform: the icon format
(.ico on Windows, .icns on macOS, none for a Linux executable), the windowed mode (no console
window on Windows, a .app bundle on macOS beside the folder) and the archive name. See README.md.

The folder holds:
  secplus-desk[.exe]              the program (`--self-test`, `--version`)
  _internal/                      Python, Qt and the packages, plus what the program reads at run time
                                  under the names app/resources.py and app/store/migrate.py expect:
                                  data/ (terms profiles, era table, notice templates),
                                  resources/fonts (IPAex + licence), resources/icons, app/migrations
  LICENSES/                       licences of everything bundled (packages, Qt/PySide6, Python,
                                  the PyInstaller bootloader, the IPA fonts) with an index
  BUILD-INFO.txt                  version, commit, build platform and date
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent
ENTRY_POINT = ROOT / "ui" / "__main__.py"
MIGRATIONS = "app/migrations"

# (source in the repository, destination folder inside the bundle); a source may be a folder
DATA_FILES: tuple[tuple[str, str], ...] = (
    ("data", "data"),                                        # terms profiles, eras, notice templates
    ("resources/fonts", "resources/fonts"),                  # IPAex fonts + IPA_Font_License.txt
    ("resources/icons/secplus-desk.png", "resources/icons"),  # the window icon
    (MIGRATIONS, MIGRATIONS),                                # Alembic reads the scripts as files
)
ICONS = {"win32": "resources/icons/secplus-desk.ico", "darwin": "resources/icons/secplus-desk.icns"}

# Qt modules the program never uses: kept out so the folder stays small and the build quick.
UNUSED_QT = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender", "QtAxContainer",
    "QtBluetooth", "QtDataVisualization", "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp",
    "QtHttpServer", "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetworkAuth", "QtNfc",
    "QtPositioning", "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickWidgets",
    "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql",
    "QtStateMachine", "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore",
    "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtWebView",
    # Python bindings the program never imports (the C++ libraries that QtCharts links still come along)
    "QtOpenGL", "QtOpenGLWidgets", "QtNetwork", "QtDBus",
)
UNUSED_PYTHON = ("tkinter", "_tkinter", "pytest", "_pytest", "hypothesis", "mypy", "pytestqt", "psycopg",
                 "psycopg_binary", "IPython", "numpy", "matplotlib")
# The QML stack, collected only for the virtual keyboard plugin (Linux .so, Windows .dll, macOS frameworks)
QML_STACK = ("*/platforminputcontexts/*virtualkeyboard*", "libQt6Qml*", "libQt6Quick*", "libQt6VirtualKeyboard*",
             "Qt6Qml*.dll", "Qt6Quick*.dll", "Qt6VirtualKeyboard*.dll",
             "QtQml*.framework", "QtQuick*.framework", "QtVirtualKeyboard*.framework")
# Qt translations kept (the UI is Japanese; English is Qt's own default)
KEEP_TRANSLATIONS = re.compile(r"_ja\.qm$")
# distributions whose version the crash report and `--version` read through importlib.metadata
METADATA = ("secplus-desk", "PySide6-Essentials", "SQLAlchemy", "sqlmodel", "alembic", "reportlab", "platformdirs")
LICENCE_FILE = re.compile(r"(?i)(^|/)(licen[cs]e|copying|notice|authors)[^/]*$")
LGPL_PACKAGES = ("pyside6-essentials", "pyside6-addons", "pyside6-pdf", "shiboken6")  # normalised names


@dataclass(frozen=True)
class Project:
    name: str
    version: str
    dependencies: tuple[str, ...]


def read_project(root: Path = ROOT) -> Project:
    with open(root / "pyproject.toml", "rb") as handle:
        project = tomllib.load(handle)["project"]
    return Project(project["name"], project["version"], tuple(project.get("dependencies", ())))


def platform_tag() -> str:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform.rstrip("0123456789"))
    return f"{system}-{platform.machine().lower() or 'unknown'}"


def migration_imports(root: Path = ROOT) -> list[str]:
    """Modules the migration scripts import: PyInstaller cannot see them (Alembic loads the files)."""
    modules: set[str] = set()
    for script in sorted((root / MIGRATIONS).rglob("*.py")):
        tree = ast.parse(script.read_text(encoding="utf-8"), filename=str(script))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module)
                modules.update(f"{node.module}.{alias.name}" for alias in node.names
                               if node.module in ("alembic", "sqlalchemy.dialects"))
    return sorted(modules - {"__future__"})


def pyinstaller_args(dist: Path, work: Path, project: Project, root: Path = ROOT) -> list[str]:
    """The PyInstaller command line (same on every system; ':' separates --add-data on all of them)."""
    args = [
        "--name", project.name, "--onedir", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work), "--specpath", str(work),
        "--paths", str(root),
    ]
    if sys.platform.startswith("linux"):
        args += ["--strip"]  # debug symbols (libpython alone: 23 MB -> 5 MB); Windows has none, macOS signs
    if sys.platform in ("win32", "darwin"):
        args += ["--windowed", "--icon", str(root / ICONS[sys.platform])]
        if sys.platform == "darwin":
            args += ["--osx-bundle-identifier", "jp.securityplus.secplus-desk"]
    for source, dest in DATA_FILES:
        args += ["--add-data", f"{root / source}:{dest}"]
    # the screens are imported by name when first shown (ui/main_window.py's registry)
    args += ["--collect-submodules", "app", "--collect-submodules", "ui"]
    for module in migration_imports(root):
        args += ["--hidden-import", module]
    for name in METADATA:
        args += ["--copy-metadata", name]
    for module in UNUSED_QT:
        args += ["--exclude-module", f"PySide6.{module}"]
    for module in UNUSED_PYTHON:
        args += ["--exclude-module", module]
    return [*args, str(ENTRY_POINT if root == ROOT else root / "ui" / "__main__.py")]


# --- licences -------------------------------------------------------------------------------------
def runtime_distributions(requirements: tuple[str, ...]) -> list[metadata.Distribution]:
    """The installed distributions the program needs at run time (dependencies, recursively)."""
    from packaging.requirements import Requirement

    seen: dict[str, metadata.Distribution] = {}
    pending = [Requirement(text) for text in requirements]
    while pending:
        requirement = pending.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        key = re.sub(r"[-_.]+", "-", requirement.name).lower()
        if key in seen:
            continue
        try:
            dist = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = dist
        pending.extend(Requirement(text) for text in (dist.requires or ()))
    return sorted(seen.values(), key=lambda d: d.metadata["Name"].lower())


def licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = str((meta.get_all("License-Expression") or [""])[0])
    if expression:
        return expression
    text = str((meta.get_all("License") or [""])[0]).strip().splitlines()
    if text and len(text[0]) < 80:
        return str(text[0])
    classifiers = [c.rsplit("::", 1)[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return ", ".join(classifiers) or "see the files"


def collect_licences(target: Path, project: Project, root: Path = ROOT) -> list[str]:
    """Copy the licence texts into `target` with an index; returns the index lines."""
    target.mkdir(parents=True, exist_ok=True)
    index = [f"Licences of the software bundled with {project.name} {project.version}", ""]

    def copy(source: Path, name: str) -> None:
        shutil.copyfile(source, target / name)

    for dist in runtime_distributions(project.dependencies):
        name, version = dist.metadata["Name"], dist.version
        copied = []
        for file in dist.files or ():
            path = str(file).replace("\\", "/")
            if ".dist-info/" in path and LICENCE_FILE.search(path):
                destination = f"{name}-{version}-{Path(path).name}"
                copy(Path(str(dist.locate_file(file))), destination)
                copied.append(destination)
        if re.sub(r"[-_.]+", "-", name).lower() in LGPL_PACKAGES:
            copied.append("LGPL-3.0.txt, GPL-3.0.txt (Qt and PySide6: https://www.qt.io/licensing, "
                          "source at https://download.qt.io; the Qt libraries are separate files in _internal/PySide6 "
                          "and may be replaced)")
        index.append(f"{name} {version}: {licence_of(dist)}; {', '.join(copied) or 'no licence file in the wheel'}")
    copy(root / "resources" / "licenses" / "LGPL-3.0.txt", "LGPL-3.0.txt")
    copy(root / "resources" / "licenses" / "GPL-3.0.txt", "GPL-3.0.txt")
    python_licence = Path(sys.base_prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "LICENSE.txt"
    for candidate in (python_licence, Path(sys.base_prefix) / "LICENSE.txt"):
        if candidate.is_file():
            copy(candidate, "Python-LICENSE.txt")
            index.append(f"Python {platform.python_version()}: PSF-2.0; Python-LICENSE.txt")
            break
    pyinstaller = metadata.distribution("pyinstaller")
    for file in pyinstaller.files or ():
        if str(file).endswith("COPYING.txt"):
            copy(Path(str(pyinstaller.locate_file(file))), "PyInstaller-COPYING.txt")
    index.append(f"PyInstaller bootloader {pyinstaller.version}: GPL-2.0-or-later WITH Bootloader-exception; "
                 "PyInstaller-COPYING.txt")
    copy(root / "resources" / "fonts" / "IPA_Font_License.txt", "IPA_Font_License.txt")
    index.append("IPAex fonts (ipaexg.ttf, ipaexm.ttf): IPA Font License Agreement v1.0; IPA_Font_License.txt")
    (target / "INDEX.txt").write_text("\n".join(index) + "\n", encoding="utf-8")
    return index


# --- after the build -----------------------------------------------------------------------------
def prune(folder: Path) -> int:
    """Drop Qt translations other than Japanese and the QML stack; returns the bytes saved.

    The only user of QML in the collected files is Qt's virtual keyboard input plugin (a
    touch-screen keyboard): it drags in QtQml and QtQuick (about 17 MB). The IME plugins
    (ibus, compose) that Japanese input needs are kept.
    """
    saved = 0
    doomed = [qm for qm in folder.rglob("translations/*.qm") if not KEEP_TRANSLATIONS.search(qm.name)]
    for pattern in QML_STACK:
        doomed += folder.rglob(pattern)
    for path in doomed:
        if path.is_dir() and not path.is_symlink():
            saved += folder_size(path)
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            saved += path.lstat().st_size
            path.unlink()
    return saved


def git_commit(root: Path = ROOT) -> str:
    try:
        result = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return result.stdout.strip()


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def write_archive(folder: Path, archive: Path) -> Path:
    """tar.gz of `folder` (its name as the top folder) and `<archive>.sha256` in sha256sum format."""
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname=folder.name)
    digest = hashlib.sha256()
    with open(archive, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    checksum = archive.with_name(archive.name + ".sha256")
    checksum.write_text(f"{digest.hexdigest()}  {archive.name}\n", encoding="utf-8")
    return checksum


def finish(target: Path, project: Project, build_info: str, prune_in: Path | None = None) -> int:
    """After PyInstaller: prune, LICENSES/ and BUILD-INFO.txt in `target`; returns the bytes pruned."""
    saved = prune(prune_in or target)
    collect_licences(target / "LICENSES", project)
    (target / "BUILD-INFO.txt").write_text(build_info, encoding="utf-8")
    return saved


def check_metadata_version(project: Project) -> None:
    """`--version` reads the installed metadata: it must match pyproject.toml."""
    try:
        installed = metadata.version(project.name)
    except metadata.PackageNotFoundError:
        installed = ""
    if installed != project.version:
        raise SystemExit(f"{project.name} metadata is {installed or 'missing'}, pyproject.toml says "
                         f"{project.version}: run `{sys.executable} -m pip install -e .` first")


def build(dist: Path, work: Path, archive: bool) -> int:
    project = read_project()
    check_metadata_version(project)
    started = time.perf_counter()
    command = [sys.executable, "-m", "PyInstaller", *pyinstaller_args(dist, work, project)]
    print(f"building {project.name} {project.version} for {platform_tag()} into {dist} …", flush=True)
    result = subprocess.run(command, cwd=ROOT, check=False)
    if result.returncode != 0:
        print(f"PyInstaller failed (exit {result.returncode})", file=sys.stderr)
        return result.returncode
    folder = dist / project.name
    build_info = (f"{project.name} {project.version}\ncommit {git_commit()}\nbuilt on {platform_tag()} "
                  f"({platform.platform()}), Python {platform.python_version()}\n"
                  f"built at {datetime.now(timezone.utc).isoformat(timespec='seconds')}\n")
    saved = finish(folder, project, build_info)
    app_bundle = dist / f"{project.name}.app"  # macOS: the windowed build is also an .app bundle
    if sys.platform == "darwin" and app_bundle.is_dir():
        finish(app_bundle / "Contents" / "Resources", project, build_info, prune_in=app_bundle)
        # files added after PyInstaller's ad-hoc signature break its seal: sign again (a Developer ID
        # signature and notarisation replace this for release, see README.md)
        subprocess.run(["codesign", "--force", "--deep", "--sign", "-", str(app_bundle)], check=True)
    seconds = time.perf_counter() - started
    print(f"built {folder} in {seconds:.0f} s: {folder_size(folder) / 1e6:.1f} MB "
          f"(pruned Qt translations and QML: {saved / 1e6:.1f} MB)")
    if archive:
        shipped = app_bundle if sys.platform == "darwin" and app_bundle.is_dir() else folder
        tar = dist / f"{project.name}-{project.version}-{platform_tag()}.tar.gz"
        checksum = write_archive(shipped, tar)
        print(f"archive {tar} ({tar.stat().st_size / 1e6:.1f} MB) of {shipped.name}, {checksum.name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller work folder (default: build/)")
    parser.add_argument("--archive", action="store_true", help="also write the .tar.gz and its .sha256")
    parser.add_argument("--print-args", action="store_true", help="print the PyInstaller arguments and stop")
    args = parser.parse_args(argv)
    dist, work = args.dist.absolute(), args.work.absolute()
    if args.print_args:
        print(" ".join(pyinstaller_args(dist, work, read_project())))
        return 0
    work.mkdir(parents=True, exist_ok=True)
    return build(dist, work, args.archive)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
