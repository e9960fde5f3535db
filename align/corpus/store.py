"""Finished documents of a corpus run, saved one JSON file each so that a rerun resumes.

A result is filed under a key made of the document's id and a hash of its
input files' bytes, in a folder named by the options and align's version
(``Options.fingerprint``): an edited input, other options or another release
never reuse a stale result.  Only successes are saved, so a document that
failed is tried again next time; an entry that cannot be read back (a
truncated file after a crash) is logged, removed and recomputed.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from ..export.files import write_atomically
from .inputs import Task

log = logging.getLogger(__name__)
_FIELDS = ("id", "src_lang", "tgt_lang", "beads", "summary")


class Store:
    """Finished documents under ``OUT/.work/<options fingerprint>/``, one JSON file each."""

    def __init__(self, out: Path, fingerprint: str):
        self.folder = out / ".work" / fingerprint
        self.folder.mkdir(parents=True, exist_ok=True)
        self._paths: dict[Task, Path] = {}  # the inputs are hashed once a run

    def path(self, task: Task) -> Path:
        if task not in self._paths:
            self._paths[task] = self._key(task)
        return self._paths[task]

    def _key(self, task: Task) -> Path:
        digest = hashlib.sha256(task.id.encode())
        for name in (task.source, task.target):
            digest.update(b"\0")
            if name is not None:
                try:
                    digest.update(hashlib.sha256(Path(name).read_bytes()).digest())
                except OSError:
                    digest.update(b"unreadable")
        return self.folder / (digest.hexdigest()[:40] + ".json")

    def get(self, task: Task) -> dict | None:
        """The saved result of a task, or None when there is none (or it was corrupt)."""
        path = self.path(task)
        if not path.exists():
            return None
        try:
            result = json.loads(path.read_text(encoding="utf-8"))
            if not all(k in result for k in _FIELDS) or result["id"] != task.id:
                raise ValueError("fields missing")
        except (OSError, ValueError) as exc:
            log.warning("%s: saved result unreadable (%s), aligning again", task.id, exc)
            path.unlink(missing_ok=True)
            return None
        return result

    def save(self, task: Task, result: dict) -> None:
        if result.get("error"):
            return  # failures are not results: the next run tries again
        write_atomically({self.path(task): (lambda r, h: json.dump(r, h, ensure_ascii=False), result)})
