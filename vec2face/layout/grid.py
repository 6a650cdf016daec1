"""Grid layout: faces in rows, left to right, top to bottom."""

from __future__ import annotations

import numpy as np


def grid_offsets(n: int, columns: int, cell_w: float, cell_h: float, top: float = 0.0) -> np.ndarray:
    """``(n, 2)`` top-left corners of n cells in a grid of ``columns`` columns."""
    i = np.arange(n)
    return np.stack([(i % columns) * cell_w, top + (i // columns) * cell_h], axis=1).astype(np.float64)
