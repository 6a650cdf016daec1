"""The code-length limit's search, shared by the line and doodle trainers."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def search_limit(validity: Callable[[float, float, np.ndarray], float], codes: np.ndarray, knee: float,
                 target: float, lowest: float) -> tuple[np.ndarray, np.ndarray, float]:
    """The largest radius (8.0 down, step 0.1, above ``lowest``) at which the
    limited ``codes`` pass ``target`` validity.

    ``validity(knee, radius, codes)`` is the share of well-formed faces; the
    knee is ``knee``, or just under the radius when that is smaller. A radius
    is first tried on 20,000 codes, then on all. Returns (knee, radius,
    validity without a limit) as the model arrays store them.
    """
    raw = float(validity(knee, np.inf, codes))
    for radius in np.arange(8.0, lowest, -0.1):
        radius = round(float(radius), 2)
        k = min(knee, radius - 0.1)
        if validity(k, radius, codes[:20_000]) >= target and validity(k, radius, codes) >= target:
            return np.array(k), np.array(radius), raw
    raise RuntimeError("no code-length limit reaches the validity target")
