"""Vectorised SVG path data.

Every function takes a batch: points are ``(n, m, 2)`` arrays (n faces, m
points, x and y in face-box units) and returns a :class:`PathData`: one
%-template shared by the batch and an ``(n, m)`` array of formatted numbers.
Templates join without formatting anything, so a whole face (all its parts and
their SVG markup) is written by a single ``%`` per face. Numbers are written with one decimal at most (a face box is
100 units wide, so that is 1/1000 of a face), trailing ``.0`` dropped.

Smooth curves are uniform Catmull-Rom splines written as cubic Béziers. A
Catmull-Rom spline is C1, so after the first ``c`` every segment is an ``s``
whose implied first control point is exactly the reflected one: two points a
segment instead of three. Curves use relative coordinates (shorter numbers);
points are rounded before the deltas are taken, so paths do not drift.
"""

from __future__ import annotations

import functools
import gc

import numpy as np

from vec2face.geometry import Part, Shape, catmull_bezier


def gc_paused(fn):
    """Run ``fn`` with the cyclic garbage collector paused (and restored after).

    Writing a batch allocates millions of short-lived lists and strings and no
    reference cycles; the collector's passes over them cost a gallery about a
    fifth of its time (``bench/bench_speed.py``). Reference counting still
    frees everything.
    """

    @functools.wraps(fn)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return paused


_LO, _HI = -1000, 3000  # table range, in tenths of a unit
_TABLE = np.array(
    [f"{v / 10:.1f}".removesuffix(".0").replace("-0", "-0") for v in range(_LO, _HI + 1)],
    dtype=object,
)
_TABLE[-_LO] = "0"


def fmt(a: np.ndarray) -> np.ndarray:
    """Numbers to strings with at most one decimal (object array, same shape)."""
    t = np.rint(np.asarray(a, dtype=np.float64) * 10.0)
    inside = (t >= _LO) & (t <= _HI)
    if inside.all():
        return _TABLE[t.astype(np.int64) - _LO]
    out = np.empty(t.shape, dtype=object)
    out[inside] = _TABLE[t[inside].astype(np.int64) - _LO]
    out[~inside] = [f"{v / 10:.1f}".removesuffix(".0") for v in t[~inside]]
    return out


def fmt2(a: np.ndarray) -> np.ndarray:
    """Numbers to strings with at most two decimals (for absolute positions)."""
    flat = np.asarray(a, dtype=np.float64).ravel()
    return np.array([num(v) for v in flat], dtype=object).reshape(np.shape(a))


def num(v: float) -> str:
    """One number for SVG markup or CSS: at most two decimals, no trailing zeros (``12.5``, ``0.67``, ``3``)."""
    text = f"{float(v):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class PathData:
    """Path data of a batch: ``template % tuple(cols[i])`` is face i's string."""

    __slots__ = ("template", "cols")

    def __init__(self, template: str, cols: np.ndarray):
        self.template = template
        self.cols = cols

    def __add__(self, other: PathData) -> PathData:
        return PathData(self.template + other.template, np.concatenate([self.cols, other.cols], axis=1))

    def __len__(self) -> int:
        return len(self.cols)

    def __getitem__(self, i) -> str | PathData:
        if isinstance(i, slice):
            return PathData(self.template, self.cols[i])
        return self.template % tuple(self.cols[i])

    def strings(self) -> list[str]:
        """Each face's path-data string."""
        t = self.template
        return [t % tuple(r) for r in self.cols.tolist()]


_TABLE_SEP = np.array([v if v.startswith("-") else " " + v for v in _TABLE], dtype=object)


def fmt_sep(a: np.ndarray) -> np.ndarray:
    """As :func:`fmt`, each number with its separator from the one before: a
    space, or nothing before a minus sign ("3 -2" is written "3-2")."""
    t = np.rint(np.asarray(a, dtype=np.float64) * 10.0)
    inside = (t >= _LO) & (t <= _HI)
    if inside.all():
        return _TABLE_SEP[t.astype(np.int64) - _LO]
    out = fmt(a)
    return np.where(np.char.startswith(out.astype(str), "-"), out, " " + out.astype(str)).astype(object)


@functools.lru_cache(maxsize=256)
def _compact(template: str) -> tuple[str, np.ndarray]:
    """The template without the space before each number that follows one
    (that number's own separator takes its place), and which numbers those are."""
    pieces = template.split("%s")
    sep = np.array([p.endswith(" ") for p in pieces[:-1]])
    return "%s".join([p[:-1] if p.endswith(" ") else p for p in pieces[:-1]] + pieces[-1:]), sep


def _render(template: str, values: np.ndarray) -> PathData:
    """Path data of ``template`` (``%s`` a number, numbers apart by spaces) and
    the numbers ``(n, k)``, written compactly: no space before a minus sign."""
    values = np.asarray(values, dtype=np.float64).reshape(len(values), -1)
    compact, sep = _compact(template)
    cols = np.empty(values.shape, dtype=object)
    cols[:, ~sep] = fmt(values[:, ~sep])
    cols[:, sep] = fmt_sep(values[:, sep])
    return PathData(compact, cols)


def polyline(pts: np.ndarray, closed: bool = False) -> PathData:
    """Straight segments through the points."""
    m = pts.shape[1]
    template = "M%s %s" + "L%s %s" * (m - 1) + ("Z" if closed else "")
    return _render(template, pts)


def _smooth(first: np.ndarray, c1: np.ndarray, c2: np.ndarray, ends: np.ndarray, closed: bool) -> PathData:
    """``M p0 c c1 c2 p1 s c2 p2 ...`` with relative coordinates.

    ``first`` (n, 2) is the start, ``c1`` (n, 2) the first control point and
    ``c2``, ``ends`` (n, m, 2) the second control and end point of each of the
    m segments.
    """
    n, m, _ = ends.shape
    # absolute, rounded: p0, then per segment its control points and end
    r = lambda a: np.rint(a * 10.0) / 10.0  # noqa: E731
    p = r(np.concatenate([first[:, None], ends], axis=1))  # (n, m+1, 2) segment ends
    cc1, cc2 = r(c1), r(c2)
    seg0 = np.stack([cc1 - p[:, 0], cc2[:, 0] - p[:, 0], p[:, 1] - p[:, 0]], axis=1)  # (n, 3, 2)
    rest = np.stack([cc2[:, 1:] - p[:, 1:-1], p[:, 2:] - p[:, 1:-1]], axis=2).reshape(n, 2 * (m - 1), 2)
    allpts = np.concatenate([p[:, :1], seg0, rest], axis=1)
    template = "M%s %sc%s %s %s %s %s %s" + "s%s %s %s %s" * (m - 1) + ("z" if closed else "")
    return _render(template, allpts)


def smooth_closed(pts: np.ndarray) -> PathData:
    """A closed smooth curve through the points (Catmull-Rom as Béziers)."""
    _, c1, c2, ends = catmull_bezier(pts, closed=True)
    # segment i runs from point i to point i+1; the last one closes the loop
    return _smooth(pts[:, 0], c1[:, 0], c2, ends, closed=True)


def smooth_open(pts: np.ndarray) -> PathData:
    """An open smooth curve through the points, ends clamped."""
    n, m, _ = pts.shape
    if m < 3:
        return polyline(pts)
    _, c1, c2, ends = catmull_bezier(pts, closed=False)  # (n, m-1, 2)
    return _smooth(pts[:, 0], c1[:, 0], c2, ends, closed=False)


def ellipse(cx, cy, rx, ry, angle=None) -> PathData:
    """Ellipses as two relative arcs; ``angle`` rotates them (radians, clockwise on screen)."""
    cx, cy, rx, ry = (np.asarray(v, dtype=np.float64) for v in (cx, cy, rx, ry))
    r = lambda a: np.rint(a * 10.0) / 10.0  # noqa: E731
    if angle is None:
        dx, dy = r(rx), np.zeros_like(cx)
        x0, y0 = r(cx - rx), r(cy)
        cols = np.stack([x0, y0, rx, ry, 2 * dx, rx, ry, -2 * dx], axis=1)
        return _render("M%s %sa%s %s 0 1 0 %s 0a%s %s 0 1 0 %s 0z", cols)
    dx, dy = r(rx * np.cos(angle)), r(rx * np.sin(angle))
    deg = np.degrees(angle)
    cols = np.stack([r(cx) - dx, r(cy) - dy, rx, ry, deg, 2 * dx, 2 * dy, rx, ry, deg, -2 * dx, -2 * dy], axis=1)
    return _render("M%s %sa%s %s %s 1 0 %s %sa%s %s %s 1 0 %s %sz", cols)


def quad_closed(p0, c_top, p1, c_bottom) -> PathData:
    """A closed shape of two quadratic curves: p0 -> p1 over c_top, back under c_bottom.

    Each argument is an ``(n, 2)`` array.
    """
    cols = np.concatenate([p0, c_top, p1, c_bottom, p0], axis=1)
    return _render("M%s %sQ%s %s %s %sQ%s %s %s %sZ", cols)


def quad_open(p0, c, p1) -> PathData:
    """An open quadratic curve p0 -> p1 pulled towards c; ``(n, 2)`` each."""
    cols = np.concatenate([p0, c, p1], axis=1)
    return _render("M%s %sQ%s %s %s %s", cols)


def join(*paths: PathData) -> PathData:
    """Concatenate several path data face by face (as subpaths)."""
    out = paths[0]
    for p in paths[1:]:
        out = out + p
    return out


def _drawn_path(shape: Shape) -> PathData:
    """The path data of one :class:`~vec2face.geometry.Shape` for every face, shown or not."""
    pts = shape.points
    if shape.kind == "smooth":
        return smooth_closed(pts) if shape.closed else smooth_open(pts)
    if shape.kind == "polyline":
        return polyline(pts, closed=shape.closed)
    if shape.kind == "quad":
        return quad_closed(*(pts[:, i] for i in range(4))) if shape.closed else quad_open(*(pts[:, i] for i in range(3)))
    assert shape.radii is not None
    return ellipse(pts[:, 0, 0], pts[:, 0, 1], shape.radii[:, 0], shape.radii[:, 1], shape.angle)


def _shown(shapes: tuple[Shape, ...], visible: np.ndarray | None) -> PathData:
    """The shapes joined as subpaths where ``visible``, an empty string for the
    other faces; only the faces that show them are formatted."""
    if visible is None or np.all(visible):
        return join(*(_drawn_path(s) for s in shapes))
    shown = np.flatnonzero(visible)
    strings = np.full(len(visible), "", dtype=object)
    if len(shown):
        strings[shown] = join(*(_drawn_path(s.take(shown)) for s in shapes)).strings()
    return PathData("%s", strings[:, None])


def shape_path(shape: Shape) -> PathData:
    """The path data of one :class:`~vec2face.geometry.Shape` for every face
    (an empty string for the faces that do not show it)."""
    return _shown((shape,), shape.visible)


def part_path(part: Part) -> PathData:
    """The path data of a part: its shapes as subpaths, face by face. Shapes
    shown on the same faces (the same ``visible`` array: a pair of glasses)
    are joined before the hidden faces are dropped, in one pass."""
    shapes = part.shapes
    if all(s.visible is shapes[0].visible for s in shapes):
        return _shown(shapes, shapes[0].visible)
    return join(*(shape_path(s) for s in shapes))
