"""The set-up files agree with each other: pins, CI entry, bootstrap script, README paths."""
from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
GENERATED_FILES = {"bench/results.json"}  # written by `make bench`, not in git
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;]+)")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lines: list[str]) -> dict[str, str]:
    found = {}
    for line in lines:
        match = PIN.match(line.strip())
        if match:
            found[normalise(match.group(1))] = match.group(2)
    return found


def test_constraints_agree_with_every_pin_in_pyproject() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        declared += extra
    wanted = pins(declared)
    constraints = pins((REPO_ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines())

    assert normalise(project["name"]) not in constraints
    mismatched = {name: (version, constraints.get(name)) for name, version in wanted.items()
                  if constraints.get(name) != version}
    assert mismatched == {}, "run `make constraints` after changing a pin in pyproject.toml"


def test_ci_entry_runs_make_test() -> None:
    ci = REPO_ROOT / ".ci" / "run"
    assert os.access(ci, os.X_OK)
    text = ci.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text
    assert re.search(r"^exec make test\b", text, re.MULTILINE)


def test_bootstrap_script_parses() -> None:
    script = REPO_ROOT / "scripts" / "bootstrap.sh"
    assert os.access(script, os.X_OK)
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_makefile_has_the_documented_targets() -> None:
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.MULTILINE))
    assert {"run", "test", "bench", "installer", "clean", "constraints"} <= targets


def test_readme_opens_with_the_two_commands_and_names_only_existing_paths() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:600]
    assert "make run" in head and "make test" in head
    named = set(re.findall(r"`((?:app|ui|resources|data|tests|bench|scripts|docs|\.ci)/[^`\s]*)`", readme))
    assert "resources/fonts/IPA_Font_License.txt" in named
    named -= GENERATED_FILES
    patterns = {path: re.sub(r"<[^>]*>", "*", path).rstrip("/") for path in named}  # bench_<name>.py
    missing = sorted(path for path, pattern in patterns.items() if not any(REPO_ROOT.glob(pattern)))
    assert missing == []
