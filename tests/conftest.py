import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Before any test touches Qt: PySide6 6.12 on Python 3.11 drops a reference to None per void call.
from ui.qt_compat import keep_none_alive  # noqa: E402

keep_none_alive()

# Speed is measured by benchmarks, not by tests: no per-example deadline, which on a loaded
# 2-core CI machine would fail a correct property at random.
settings.register_profile("secplus", deadline=None)
settings.load_profile("secplus")

pytest_plugins = ["tests.db_fixtures", "tests.network_guard"]


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No test reads or writes the real user's settings or database: platformdirs point into a temp folder."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("SECPLUS_DB", raising=False)
    yield home


class ModalDialogInTest(AssertionError):
    """A test reached a modal dialog that nobody would answer: fail instead of hanging the run."""


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every modal Qt dialog fails the test at once (a test answers questions through the injected
    ask/confirm/prompter callables). Without this, one failing form test could leave a message box
    open in its teardown and hang the whole suite, and CI with it."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    def refuse(*args: object, **kwargs: object) -> object:
        texts = [a for a in args if isinstance(a, str)]
        raise ModalDialogInTest(f"modal dialog in a test: {texts}")

    for name in ("question", "warning", "information", "critical", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(refuse))
    monkeypatch.setattr(QMessageBox, "exec", refuse)
    monkeypatch.setattr(QDialog, "exec", refuse)

