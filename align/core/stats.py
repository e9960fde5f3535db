"""Robust statistics shared by every stage that asks "does this stand out?"."""

from __future__ import annotations

import numpy as np


def robust_z(values: np.ndarray) -> np.ndarray:
    """(value - median) / spread, the spread read off the median absolute deviation.

    Outliers (the translations among unrelated pairs, the bad pairs among good
    ones) do not widen it, so they stand out.
    """
    values = np.asarray(values, dtype=np.float64)
    median = float(np.median(values))
    spread = 1.4826 * float(np.median(np.abs(values - median)))
    if spread < 1e-9:
        spread = float(np.std(values)) or 1.0
    return (values - median) / spread
