"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(jobs: dict) -> list[Path]:
    """Run ``writer(item, handle)`` for each target path into temporaries, then rename them all.

    A failure while writing removes every temporary and leaves the old files.
    """
    temps: dict[Path, str] = {}
    try:
        for path, (writer, item) in jobs.items():
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            temps[path] = temp
            # a lone surrogate (possible in text handed to the Python API) becomes "?"
            with os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="\n") as handle:
                writer(item, handle)
    except BaseException:
        for temp in temps.values():
            Path(temp).unlink(missing_ok=True)
        raise
    umask = os.umask(0)
    os.umask(umask)
    for path, temp in temps.items():
        os.chmod(temp, 0o666 & ~umask)  # mkstemp made it private; give it the usual mode
        os.replace(temp, path)
    return list(temps)
