"""The first start on a clean machine: the data directory is created private (0700), the database 0600."""
from __future__ import annotations

import stat
import sys
from datetime import datetime, timezone
from pathlib import Path

import platformdirs
import pytest

from app.settings import APP_NAME, Settings
from app.startup import open_workspace


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes (Windows: the per-user folder's ACL)")
def test_clean_machine_gets_a_private_data_directory(isolated_user_dirs: Path) -> None:
    data_dir = Path(platformdirs.user_data_dir(APP_NAME))
    assert str(data_dir).startswith(str(isolated_user_dirs)) and not data_dir.exists()

    workspace = open_workspace(None, Settings(user_name="tester"),
                               datetime(2026, 11, 29, 9, 0, tzinfo=timezone.utc))
    try:
        assert workspace.is_new and workspace.is_empty  # the window then offers sample data or an empty database
        assert workspace.database.path == data_dir / "secplus.db"
        assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE(workspace.database.path.stat().st_mode) == 0o600
    finally:
        workspace.database.close()
