"""Time as evidence: two subtitle files of one film say the same thing at the same moment.

Each sentence may carry the (start, end) seconds of its cues.  The two
files' clocks may differ by an offset and a rate (a different cut, 25 against
23.976 frames a second), so the mapping from source to target time is fitted
on the document's mutual nearest neighbours (a least-squares line, refitted
without the pairs it misses by more than three spreads).  A bead's evidence
is the likelihood ratio of the gap between its target block's midpoint and
its mapped source block's midpoint: tight around zero for translations,
broad for unrelated text, with a small broad share in the "translation"
model too, so that one mistimed cue cannot forbid a pair.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIN_TIMED_PAIRS = 8
TIME_OUTLIER = 0.1  # share of true pairs whose timing is off (a merged or a mistimed cue)
MIN_SPREAD = 0.25  # seconds: the tightest timing a subtitle file can be trusted with


@dataclass(frozen=True)
class Clock:
    """Target time = offset + rate * source time, with the spread of true and of unrelated pairs."""

    offset: float
    rate: float
    spread: float
    random_spread: float

    def llr(self, src_mid: np.ndarray, tgt_mid: np.ndarray) -> np.ndarray:
        gap = tgt_mid - (self.offset + self.rate * src_mid)
        log_broad = -0.5 * (gap / self.random_spread) ** 2 - np.log(self.random_spread)
        log_tight = -0.5 * (gap / self.spread) ** 2 - np.log(self.spread)
        log_true = np.logaddexp(np.log1p(-TIME_OUTLIER) + log_tight, np.log(TIME_OUTLIER) + log_broad)
        return log_true - log_broad


def midpoints(times: np.ndarray) -> np.ndarray:
    return times.mean(axis=1)


def fit_clock(src_times: np.ndarray, tgt_times: np.ndarray, pairs: list[tuple[int, int]],
              random_pairs: tuple[np.ndarray, np.ndarray]) -> Clock | None:
    """The clock mapping, or None when too few pairs agree to trust it."""
    if len(pairs) < MIN_TIMED_PAIRS:
        return None
    xs, ys = (np.array(v) for v in zip(*pairs))
    x, y = midpoints(src_times)[xs], midpoints(tgt_times)[ys]
    keep = np.ones(len(x), dtype=bool)
    for _ in range(3):
        if keep.sum() < MIN_TIMED_PAIRS or np.ptp(x[keep]) == 0:
            return None
        rate, offset = np.polyfit(x[keep], y[keep], 1)
        gap = y - (offset + rate * x)
        spread = max(1.4826 * float(np.median(np.abs(gap[keep]))), MIN_SPREAD)
        keep = np.abs(gap) <= 3 * spread
    if not 0.5 <= rate <= 2.0:
        return None  # not the same film: no timing evidence
    rx, ry = random_pairs
    random_gap = midpoints(tgt_times)[ry] - (offset + rate * midpoints(src_times)[rx])
    random_spread = max(float(random_gap.std()), 10 * spread)
    return Clock(float(offset), float(rate), spread, random_spread)
