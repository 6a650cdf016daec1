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


LEAF_MAX = 600  # points a region is split down to before the optimal assignment within it


def _split_cells(cells: np.ndarray, m: int, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``m`` cells along ``axis``, and the rest.

    Full columns (or rows) go first, then part of the next one, taken from
    whichever end keeps both pieces in one piece (a ragged block can need either).
    """
    other = 1 - axis
    first = None
    for sign in (1, -1):
        order = np.lexsort((sign * cells[:, other], cells[:, axis]))
        a, b = cells[order[:m]], cells[order[m:]]
        if first is None:
            first = (a, b)
        if _whole(a) and _whole(b):
            return a, b
    assert first is not None
    return first


def _whole(cells: np.ndarray) -> bool:
    """Whether the cells form one 4-connected piece."""
    from scipy.ndimage import label as connected

    if len(cells) < 2:
        return True
    lo = cells.min(axis=0)
    w, h = cells.max(axis=0) - lo + 1
    if len(cells) == w * h:  # a full rectangle
        return True
    grid = np.zeros((h, w), dtype=bool)
    grid[cells[:, 1] - lo[1], cells[:, 0] - lo[0]] = True
    return connected(grid)[1] == 1


def _long_axis(cells: np.ndarray) -> int:
    span = np.ptp(cells, axis=0)
    return 0 if span[0] >= span[1] else 1


def _ranks(v: np.ndarray) -> np.ndarray:
    """Ranks scaled to 0..1 (ties keep their order)."""
    if len(v) < 2:
        return np.full(len(v), 0.5)
    r = np.empty(len(v))
    r[np.argsort(v, kind="stable")] = np.arange(len(v))
    return r / (len(v) - 1)


def _fill_region(p: np.ndarray, idx: np.ndarray, cells: np.ndarray, out: np.ndarray, leaf_max: int) -> None:
    """Put the points ``idx`` on the ``cells`` (as many as points) of one region, nearby points on nearby cells."""
    from scipy.optimize import linear_sum_assignment

    stack = [(idx, cells)]
    while stack:
        idx, cells = stack.pop()
        if len(idx) > leaf_max:  # halve the region and its points along its longer side, then each half
            axis = _long_axis(cells)
            half = len(idx) // 2
            order = idx[np.argsort(p[idx, axis], kind="stable")]
            a, b = _split_cells(cells, half, axis)
            stack += [(order[:half], a), (order[half:], b)]
            continue
        # points and cells both spread over the unit square by rank, then the optimal one-to-one assignment
        pu = np.stack([_ranks(p[idx, 0]), _ranks(p[idx, 1])], axis=1)
        lo, span = cells.min(axis=0), np.maximum(np.ptp(cells, axis=0), 1)
        cu = (cells - lo) / span
        cost = ((pu[:, None, :] - cu[None, :, :]) ** 2).sum(axis=-1)
        rows, cols = linear_sum_assignment(cost)
        out[idx[rows]] = cells[cols]


def _best_cut(counts: np.ndarray, span: np.ndarray, axis: int) -> tuple[float, int]:
    """Where to cut an ordered list of clusters so that the blocks come out square.

    Each half is scored by the length of boundary it will need at least: its
    own perimeter when it holds one cluster, else the perimeters its clusters
    would have as squares (or its own perimeter, if longer). The cut with the
    least total wins.
    """
    total = counts.sum()
    length, across = float(span[axis]), float(span[1 - axis])
    best, best_cost = 1, np.inf
    for cut in range(1, len(counts)):
        cost = 0.0
        for part in (counts[:cut], counts[cut:]):
            edge = 2 * (length * part.sum() / total + across)
            cost += edge if len(part) == 1 else max(edge, float((4 * np.sqrt(part)).sum()))
        if cost < best_cost - 1e-9:
            best, best_cost = cut, cost
    return best_cost, best


def assign_by_cluster(coords: np.ndarray, labels: np.ndarray, *, leaf_max: int = LEAF_MAX
                      ) -> tuple[np.ndarray, tuple[int, int]]:
    """Cells that keep every cluster whole: regions first, then the faces within each.

    The grid has exactly enough rows for the points (the few spare cells end
    the last row). The clusters (strangers, label -1, count as one more) are
    split recursively into two groups by where the projection puts their
    centres, along whichever side of the cells left needs the least boundary
    (:func:`_best_cut`), and the cells are cut in proportion, so each cluster gets one contiguous block of exactly its
    size, placed where its points lie. Within a block the points go on the
    cells by the optimal assignment (``linear_sum_assignment`` on squared
    distances after spreading both by rank); a block of more than
    ``leaf_max`` points is first halved along its longer side.

    Returns ``(n, 2)`` integer (column, row) cells, all distinct, and ``(columns, rows)``.
    """
    coords = np.asarray(coords, dtype=np.float64)
    labels = np.asarray(labels)
    n = len(coords)
    cols, _ = grid_shape(coords, slack=1.0)
    rows = max(1, -(-n // cols))
    if n == 0:
        return np.zeros((0, 2), dtype=int), (cols, rows)
    p = _normalise(coords, cols, rows)
    cc, rr = np.meshgrid(np.arange(cols), np.arange(rows))
    cells = np.stack([cc.ravel(), rr.ravel()], axis=1)[:n]  # row by row: the spare cells end the last row
    groups = sorted(set(labels.tolist()))
    members = {g: np.flatnonzero(labels == g) for g in groups}
    centre = {g: np.median(p[members[g]], axis=0) for g in groups}
    out = np.zeros((n, 2), dtype=int)
    stack: list[tuple[list, np.ndarray]] = [(groups, cells)]
    while stack:
        gs, cells = stack.pop()
        if len(gs) == 1:
            _fill_region(p, members[gs[0]], cells, out, leaf_max)
            continue
        options = []
        for axis in (0, 1):  # both directions of cut; the one that needs the least boundary wins
            order = sorted(gs, key=lambda g: (float(centre[g][axis]), g))  # noqa: B023 (used at once)
            counts = np.array([len(members[g]) for g in order], dtype=np.float64)
            options.append((*_best_cut(counts, np.ptp(cells, axis=0) + 1, axis), axis, order, counts))
        _, cut, axis, gs, counts = min(options, key=lambda o: (o[0], o[2]))
        sizes = np.cumsum(counts).astype(int)
        a, b = _split_cells(cells, int(sizes[cut - 1]), axis)
        stack += [(gs[:cut], a), (gs[cut:], b)]
    return out, (cols, rows)


def layout_quality(cells: np.ndarray, labels: np.ndarray) -> dict:
    """How well a grid layout shows its clusters.

    ``fragments``: connected 4-neighbour pieces per cluster, on average (1 is
    whole); ``pockmarks``: empty cells with 3 or 4 occupied 4-neighbours, per
    100 faces; ``same``: the share of 4-adjacent pairs of faces in one cluster.
    Strangers (label -1) are counted as a cluster of their own.
    """
    from scipy.ndimage import label as connected

    cells = np.asarray(cells, dtype=int)
    labels = np.asarray(labels)
    n = len(cells)
    if n == 0:
        return {"fragments": 0.0, "pockmarks": 0.0, "same": 1.0}
    w, h = cells.max(axis=0) + 1
    grid = np.full((h + 2, w + 2), -2, dtype=int)  # -2: empty, with a border of empties
    codes = {g: i for i, g in enumerate(sorted(set(labels.tolist())))}
    grid[cells[:, 1] + 1, cells[:, 0] + 1] = [codes[v] for v in labels.tolist()]
    pieces = [connected(grid == i)[1] for i in codes.values()]
    occ = grid >= 0
    neighbours = (np.roll(occ, 1, 0).astype(int) + np.roll(occ, -1, 0) + np.roll(occ, 1, 1) + np.roll(occ, -1, 1))
    inner = np.zeros_like(occ)
    inner[1:-1, 1:-1] = True
    pock = int((~occ & inner & (neighbours >= 3)).sum())
    pairs = same = 0
    for a, b in ((grid[:, :-1], grid[:, 1:]), (grid[:-1, :], grid[1:, :])):
        both = (a >= 0) & (b >= 0)
        pairs += int(both.sum())
        same += int((both & (a == b)).sum())
    return {"fragments": float(np.mean(pieces)), "pockmarks": 100.0 * pock / n, "same": same / pairs if pairs else 1.0}
