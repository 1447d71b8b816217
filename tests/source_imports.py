"""Read the modules that Python source files import (used by the layering tests)."""
from __future__ import annotations

import ast
import warnings
from collections.abc import Iterator
from pathlib import Path


def imported_modules(source: str, filename: str = "<source>") -> Iterator[str]:
    """Every module named by an import statement, at any depth (``from a import b`` gives ``a`` and ``a.b``)."""
    with warnings.catch_warnings():  # e.g. an invalid escape in a docstring is not this reader's business
        warnings.simplefilter("ignore")
        tree = ast.parse(source, filename=filename)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
            for alias in node.names:
                yield f"{node.module}.{alias.name}"


def is_within(module: str, banned: str) -> bool:
    return module == banned or module.startswith(banned + ".")


def offending_imports(root: Path, banned: tuple[str, ...]) -> list[str]:
    """``path: module`` for each import under ``root`` of a banned module or one of its submodules."""
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        for module in imported_modules(path.read_text(encoding="utf-8"), str(path)):
            if any(is_within(module, name) for name in banned):
                found.append(f"{path.relative_to(root.parent)}: {module}")
    return sorted(set(found))
