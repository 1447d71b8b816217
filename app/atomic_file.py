"""Files that are written whole or not at all: the settings, the remembered import mapping, exports.

The content goes to a temporary file beside the target, is flushed to disk, and is renamed over the
target, so a crash or a full disk leaves the old file or the new one, never half of one. (The
database file has its own, stronger path in app/store.)
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def write_atomically(path: Path, write: Callable[[Path], object], *, folder_mode: int = 0o777) -> Path:
    """Call `write(temporary_path)`, fsync what it wrote and rename it to `path`. A folder that is
    missing is created with `folder_mode`. OSError propagates, with the temporary file removed."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=folder_mode)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        write(tmp)
        fd = os.open(tmp, os.O_RDWR)  # read-write: Windows refuses to flush a read-only handle
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
