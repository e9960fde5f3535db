"""Progress of long stages: a log line per stage always, a bar on a terminal.

Stages report through one small protocol so that the API stays free of
terminal code: ``Progress.stage(label, total)`` is a context manager that
yields ``advance(k)``.  ``silent`` only logs (at INFO, what ``-v`` shows);
``bar()`` also draws a rich progress bar with the total and the time left.
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from typing import Callable, ContextManager, Iterator, Protocol

log = logging.getLogger("align")

Advance = Callable[[int], None]


class Progress(Protocol):
    def stage(self, label: str, total: int | None = None, unit: str = "items") -> ContextManager[Advance]:
        """Report a stage of ``total`` units; the yielded callable advances it."""


class LogProgress:
    """One log line per stage when it ends: what, how many, how long."""

    @contextmanager
    def stage(self, label: str, total: int | None = None, unit: str = "items") -> Iterator[Advance]:
        start = time.perf_counter()
        done = [0]

        def advance(k: int) -> None:
            done[0] += k

        yield advance
        count = f"{done[0]} {unit}" if total is not None else ""
        log.info("%s: %s%s%.1f s", label, count, " in " if count else "", time.perf_counter() - start)


class BarProgress(LogProgress):
    """A rich bar on stderr for each stage, with its total and the time left, plus the log line."""

    def __init__(self):
        from rich.console import Console

        self.console = Console(stderr=True)

    @contextmanager
    def stage(self, label: str, total: int | None = None, unit: str = "items") -> Iterator[Advance]:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        columns = [TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn(unit), TimeElapsedColumn()]
        if total is not None:
            columns.append(TimeRemainingColumn())
        with super().stage(label, total, unit) as count, Bar(*columns, console=self.console, transient=True) as bar:
            task = bar.add_task(label, total=total)

            def advance(k: int) -> None:
                count(k)
                bar.advance(task, k)

            yield advance


silent = LogProgress()
