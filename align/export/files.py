"""Writing files so that a reader sees the old set or the new set, never a mix."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(jobs: dict) -> list[Path]:
    """Run ``writer(item, handle)`` for each target path into temporaries, then rename them all.

    A failure while writing removes every temporary and leaves the old files.
    A failure while renaming puts back the files already replaced, so the
    folder holds the old set again.
    """
    temps: dict[Path, str] = {}
    for path in jobs:  # what a killed earlier run writing the same files left behind
        for stale in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
            stale.unlink(missing_ok=True)
    try:
        for path, (writer, item) in jobs.items():
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps[path] = temp
            if getattr(getattr(writer, "func", writer), "binary", False):
                with os.fdopen(fd, "wb") as handle:
                    writer(item, handle)
                continue
            # a lone surrogate (possible in text handed to the Python API) becomes "?"
            with os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="\n") as handle:
                writer(item, handle)
        umask = os.umask(0)
        os.umask(umask)
        for temp in temps.values():
            os.chmod(temp, 0o666 & ~umask)  # mkstemp made it private; give it the usual mode
        _rename_all(temps)
    finally:
        for temp in temps.values():
            Path(temp).unlink(missing_ok=True)
    return list(temps)


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _rename_all(temps: dict[Path, str]) -> None:
    backups: dict[Path, str | None] = {}
    try:
        for path, temp in temps.items():
            backup = None
            if path.exists():
                backup = f"{temp}.old"
                os.link(path, backup)
            backups[path] = backup
            os.replace(temp, path)
    except BaseException:
        for path, backup in backups.items():
            if backup is not None:
                os.replace(backup, path)
            elif path.exists() and path in temps and not Path(temps[path]).exists():
                path.unlink()  # new in this set: it was not there before
        raise
    finally:
        for backup in backups.values():
            if backup is not None:
                Path(backup).unlink(missing_ok=True)
