"""Hidden lines, for pen plotters: what the colour picture hides, the pen leaves out.

In colour, a part's fill covers the strokes of the parts drawn before it: the
head hides the inner edge of the hair behind it, a Chernoff face's head hides
most of each ear. A plotter draws strokes only, so without this every hidden
edge would be drawn. Each stroke is traced as points along the curve it draws
(:func:`trace`); the points inside a later part's filled closed shape, by more
than :data:`EDGE`, are hidden. A stroke the fills leave whole keeps its curve;
one they cover in part is drawn as the straight segments through its visible
points; one they cover whole is left out.
"""

from __future__ import annotations

import numpy as np

from vec2face.geometry import FaceGeometry, Shape, inside_polygon, sample_smooth
from vec2face.render.paths import PathData, fmt, shape_path

STEPS = 8  # points along each curve segment (a Catmull-Rom span, a straight line, half an ellipse's quarter)
CHUNK = 64  # faces at a time (each test of points in outlines holds faces x points x outline points)
EDGE = 0.6  # face units: a stroke this close to the edge of a fill over it still shows (half a thin pen)


def trace(shape: Shape) -> np.ndarray:
    """Points along the curve ``shape`` draws, for every face: ``(n, m, 2)``; a
    closed curve's first point is not repeated at its end."""
    t = np.linspace(0.0, 1.0, STEPS, endpoint=False)[None, None, :, None]
    pts = shape.points
    if shape.kind == "ellipse":
        assert shape.radii is not None
        a = np.linspace(0.0, 2.0 * np.pi, 8 * STEPS, endpoint=False)[None]
        angle = np.zeros(len(pts)) if shape.angle is None else shape.angle
        ca, sa = np.cos(angle)[:, None], np.sin(angle)[:, None]
        rx, ry = shape.radii[:, :1] * np.cos(a), shape.radii[:, 1:] * np.sin(a)
        return np.stack([pts[:, :1, 0] + rx * ca - ry * sa, pts[:, :1, 1] + rx * sa + ry * ca], axis=-1)
    if shape.kind == "smooth":
        return sample_smooth(pts, shape.closed, STEPS)
    if shape.kind == "quad":  # open: p0 over c to p1; closed: p0 over c_top to p1, back under c_bottom
        q = [pts[:, [0, 1, 2]], pts[:, [2, 3, 0]]] if shape.closed else [pts[:, [0, 1, 2]]]
        p0, c, p1 = (np.stack([s[:, i] for s in q], axis=1)[:, :, None] for i in range(3))
        curve = (1 - t) ** 2 * p0 + 2 * (1 - t) * t * c + t**2 * p1
        ends = p1[:, -1]
    else:  # straight segments
        ring = np.concatenate([pts, pts[:, :1]], axis=1) if shape.closed else pts
        curve = ring[:, :-1, None] * (1 - t) + ring[:, 1:, None] * t
        ends = ring[:, -1:]
    out = curve.reshape(len(pts), -1, 2)
    return out if shape.closed else np.concatenate([out, ends], axis=1)


def _inside(poly: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """``(n, k)``: points ``(n, k, 2)`` inside polygons ``(n, m, 2)`` (even-odd) by more than :data:`EDGE`."""
    inside = inside_polygon(poly, pts)
    rows, cols = np.nonzero(inside)
    if len(rows):  # of those, the points within EDGE of the polygon's outline show
        a, b = poly[rows], np.roll(poly, -1, axis=1)[rows]
        p = pts[rows, cols][:, None]
        ab = b - a
        s = np.clip(((p - a) * ab).sum(-1) / np.maximum((ab * ab).sum(-1), 1e-12), 0.0, 1.0)
        near = np.sqrt((((a + s[..., None] * ab) - p) ** 2).sum(-1)).min(axis=1) <= EDGE
        inside[rows[near], cols[near]] = False
    return inside


def _runs(points: np.ndarray, hidden: np.ndarray, edges: dict[tuple[int, int], np.ndarray], closed: bool) -> str:
    """Path data of the stretches of ``points`` ``(k, 2)`` not ``hidden``, as straight segments; a stretch
    whose point ``v`` meets the hidden point ``h`` ends at ``edges[h, v]``, where the fill's edge is."""
    k = len(points)
    order = np.arange(k)
    if closed:  # start at a hidden point, so no run wraps around
        order = np.roll(order, -int(np.argmax(hidden)))
        order = np.concatenate([order, order[:1]])
    out = []
    i = 0
    while i < len(order):
        if hidden[order[i]]:
            i += 1
            continue
        j = i
        while j < len(order) and not hidden[order[j]]:
            j += 1
        run = [points[order[i:j]]]
        if i > 0:
            run.insert(0, edges[int(order[i - 1]), int(order[i])][None])
        if j < len(order):
            run.append(edges[int(order[j]), int(order[j - 1])][None])
        xy = fmt(np.concatenate(run))
        if len(xy) > 1:
            out.append("M" + "L".join(f"{x} {y}" for x, y in xy))
        i = j
    return "".join(out)


def visible_paths(geometry: FaceGeometry, index: int) -> PathData:
    """The path data of part ``index`` of every face, less what the fills of the parts after it hide."""
    n = len(geometry)
    if n <= CHUNK:
        return _visible_paths(geometry, index)
    strings = np.concatenate([_visible_paths(geometry[i:i + CHUNK], index).strings() for i in range(0, n, CHUNK)])
    return PathData("%s", strings.astype(object)[:, None])


def _visible_paths(geometry: FaceGeometry, index: int) -> PathData:
    from vec2face.render.faces import paint

    parts = geometry.parts
    covers = []  # (faces that show it (n,), its outline (n, m, 2)) of each filled closed shape drawn later
    for part in parts[index + 1:]:
        if part.fill is not None or paint(geometry, part).fill:
            for sh in part.shapes:
                if sh.closed:
                    poly = trace(sh)
                    on = np.ones(len(geometry), dtype=bool) if sh.visible is None else np.asarray(sh.visible, dtype=bool)
                    covers.append((on, poly, poly.min(axis=1) + EDGE, poly.max(axis=1) - EDGE))

    def hidden_at(rows: np.ndarray, pts: np.ndarray) -> np.ndarray:
        """``(r, k)``: points ``(r, k, 2)`` of faces ``rows`` that a cover hides."""
        out = np.zeros(pts.shape[:2], dtype=bool)
        for on, poly, lo, hi in covers:  # only the faces with points inside the cover's box are tested
            near = on[rows] & ((pts > lo[rows, None]) & (pts < hi[rows, None])).all(axis=2).any(axis=1)
            if near.any():
                out[near] |= _inside(poly[rows[near]], pts[near])
        return out

    n = len(geometry)
    strings = np.full(n, "", dtype=object)
    for shape in parts[index].shapes:
        shown = np.ones(n, dtype=bool) if shape.visible is None else np.asarray(shape.visible, dtype=bool)
        whole = shape_path(shape).strings()
        pts = trace(shape)
        hidden = hidden_at(np.arange(n), pts) & shown[:, None]
        cut = np.flatnonzero(hidden.any(axis=1) & ~hidden.all(axis=1))
        edges = _edges(pts, hidden, cut, shape.closed, hidden_at) if len(cut) else {}
        for i in np.flatnonzero(shown):
            if not hidden[i].any():
                strings[i] += whole[i]
            elif not hidden[i].all():
                strings[i] += _runs(pts[i], hidden[i], edges[int(i)], shape.closed)
    return PathData("%s", strings[:, None])


def _edges(pts: np.ndarray, hidden: np.ndarray, cut: np.ndarray, closed: bool, hidden_at) -> dict:
    """For the faces ``cut`` (each with hidden and shown points), where each hidden point meets a shown one the
    fill's edge lies: ``{face: {(hidden point, shown point): (2,) edge}}``, found by halving the step between."""
    nxt = np.roll(np.arange(pts.shape[1]), -1)
    pairs = []
    for step in (nxt, np.roll(np.arange(pts.shape[1]), 1)):
        r, c = np.nonzero(hidden[cut] & ~hidden[cut][:, step])
        if not closed:  # an open curve's ends have no neighbour beyond them
            keep = (c != pts.shape[1] - 1) if step is nxt else (c != 0)
            r, c = r[keep], c[keep]
        pairs.append((cut[r], c, step[c]))
    rows, hid, vis = (np.concatenate(v) for v in zip(*pairs))
    a, b = pts[rows, vis], pts[rows, hid]  # shown, hidden
    for _ in range(6):
        mid = 0.5 * (a + b)
        h = hidden_at(rows, mid[:, None])[:, 0]
        a, b = np.where(h[:, None], a, mid), np.where(h[:, None], mid, b)
    edges: dict[int, dict[tuple[int, int], np.ndarray]] = {}
    for r, hi, v, e in zip(rows.tolist(), hid.tolist(), vis.tolist(), a):
        edges.setdefault(r, {})[(hi, v)] = e
    return edges
