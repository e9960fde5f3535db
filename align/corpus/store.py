"""Finished documents of a corpus run, saved one JSON file each so that a rerun resumes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..export.files import write_atomically
from .inputs import Task


class Store:
    """Finished documents under ``OUT/.work/<options fingerprint>/``, one JSON file each."""

    def __init__(self, out: Path, fingerprint: str):
        self.folder = out / ".work" / fingerprint
        self.folder.mkdir(parents=True, exist_ok=True)

    def path(self, task_id: str) -> Path:
        return self.folder / (hashlib.sha1(task_id.encode()).hexdigest() + ".json")

    def done(self, task: Task) -> bool:
        return self.path(task.id).exists()

    def save(self, result: dict) -> None:
        path = self.path(result["id"])
        write_atomically({path: (lambda r, h: json.dump(r, h, ensure_ascii=False), result)})

    def load(self, task: Task) -> dict:
        return json.loads(self.path(task.id).read_text(encoding="utf-8"))
