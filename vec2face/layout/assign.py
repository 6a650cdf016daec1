"""Remove overlaps without dropping a point: every point gets its own grid cell.

The grid keeps the scatter's aspect ratio and has a little slack (empty
cells), so the map keeps its shape. Up to ``OPTIMAL_MAX`` points the
assignment is optimal (``scipy.optimize.linear_sum_assignment`` on squared
distances to cell centres); beyond, a balanced recursive bisection assigns
them in O(n log^2 n): split the cells in two along the longer side, split the
points at the matching quantile along the same axis, recurse.
"""

from __future__ import annotations

import numpy as np

OPTIMAL_MAX = 1200


def grid_shape(coords: np.ndarray, slack: float = 1.15) -> tuple[int, int]:
    """(columns, rows) for n points: aspect of the scatter, n * slack cells."""
    n = len(coords)
    span = np.ptp(coords, axis=0) if n > 1 else np.array([1.0, 1.0])
    aspect = float(np.clip((span[0] + 1e-9) / (span[1] + 1e-9), 0.5, 2.5))
    cells = max(n, int(np.ceil(n * slack)))
    cols = max(1, int(round(np.sqrt(cells * aspect))))
    rows = max(1, int(np.ceil(cells / cols)))
    while cols * rows < n:
        rows += 1
    return cols, rows


def _normalise(coords: np.ndarray, cols: int, rows: int) -> np.ndarray:
    lo, span = coords.min(axis=0), np.ptp(coords, axis=0)
    span = np.where(span > 0, span, 1.0)
    unit = (coords - lo) / span
    return unit * np.array([cols - 1, rows - 1])  # in cell units


def assign_to_grid(coords: np.ndarray, slack: float = 1.15) -> tuple[np.ndarray, tuple[int, int]]:
    """``(n, 2)`` integer (column, row) cells, all distinct, and the grid shape."""
    coords = np.asarray(coords, dtype=np.float64)
    n = len(coords)
    cols, rows = grid_shape(coords, slack)
    if n == 0:
        return np.zeros((0, 2), dtype=int), (cols, rows)
    p = _normalise(coords, cols, rows)
    if n <= OPTIMAL_MAX:
        from scipy.optimize import linear_sum_assignment

        cc, rr = np.meshgrid(np.arange(cols), np.arange(rows))
        centres = np.stack([cc.ravel(), rr.ravel()], axis=1).astype(np.float64)
        cost = ((p[:, None, :] - centres[None, :, :]) ** 2).sum(axis=-1)
        _, cell = linear_sum_assignment(cost)
        return centres[cell].astype(int), (cols, rows)
    out = np.zeros((n, 2), dtype=int)
    stack = [(np.arange(n), 0, cols, 0, rows)]
    while stack:
        idx, c0, c1, r0, r1 = stack.pop()
        if len(idx) == 0:
            continue
        w, h = c1 - c0, r1 - r0
        if len(idx) == 1 and w * h >= 1:
            # the free cell nearest the point
            x, y = np.clip(np.rint(p[idx[0]]), [c0, r0], [c1 - 1, r1 - 1])
            out[idx[0]] = (x, y)
            continue
        axis = 0 if w >= h else 1
        if axis == 0:
            half = w // 2
            cap_a, cap_b = half * h, (w - half) * h
        else:
            half = h // 2
            cap_a, cap_b = w * half, w * (h - half)
        m = int(round(len(idx) * cap_a / (cap_a + cap_b)))
        m = min(max(m, len(idx) - cap_b), cap_a)
        order = idx[np.argsort(p[idx, axis], kind="stable")]
        a, b = order[:m], order[m:]
        if axis == 0:
            stack += [(a, c0, c0 + half, r0, r1), (b, c0 + half, c1, r0, r1)]
        else:
            stack += [(a, c0, c1, r0, r0 + half), (b, c0, c1, r0 + half, r1)]
    return out, (cols, rows)
