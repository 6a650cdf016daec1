"""The soft limit on a code's length that keeps arbitrary vectors drawable."""

from __future__ import annotations

import numpy as np


def limit_length(codes: np.ndarray, knee: float, radius: float) -> np.ndarray:
    """Soft limit on each code's length: identity up to ``knee``, then easing
    towards ``radius`` (monotone and smooth; identity when radius is inf).

    The pretrained decoders use it so that far corners of the +-3 box stay
    near the sphere where their training faces live.
    """
    c = np.asarray(codes, dtype=np.float64)
    if not np.isfinite(radius):
        return c
    r = np.linalg.norm(c, axis=1, keepdims=True)
    span = radius - knee
    limited = np.where(r <= knee, r, knee + span * np.tanh((r - knee) / span))
    return c * np.where(r > 0, limited / np.maximum(r, 1e-12), 1.0)
