"""Face geometry: what a style's decoder hands to a renderer.

This is the one type between the ``style`` stage (codes to geometry) and the
``render`` stage (geometry to SVG, PNG, PDF, HTML). Styles build it from
numpy arrays; renderers read it; neither imports the other.

Conventions, stated once:

* Every face lives in its own box of 100 x 100 units, x to the right and y
  down, centred near (50, 50). A gallery or a map places each face by an
  offset, so a face's geometry is the same alone or among thousands.
* A :class:`FaceGeometry` holds a *batch* of ``n`` faces: an ordered list of
  :class:`Part` (drawn in order, later parts on top). A part is one drawn
  element of every face (the head, both eyes, the mouth...): a name, a paint
  role, and one or more :class:`Shape` (its subpaths).
* A :class:`Shape` is one subpath of every face. Its ``points`` are an
  ``(n, m, 2)`` float array; ``kind`` says how a pen joins them:

  - ``"smooth"``: a smooth curve through the m points (a loop when closed):
    the uniform Catmull-Rom curve, as cubic Béziers (:func:`catmull_bezier`);
  - ``"polyline"``: straight segments through them;
  - ``"quad"``: quadratic Bézier curves; open: ``[start, control, end]``,
    closed: ``[start, upper control, end, lower control]`` (a lens: out over
    the upper control, back under the lower one);
  - ``"ellipse"``: ``points`` is ``(n, 1, 2)``, the centres; ``radii`` is
    ``(n, 2)`` and ``angle`` (radians, clockwise on screen) is ``(n,)`` or
    None for axis-aligned ellipses.

  ``visible`` is an optional ``(n,)`` boolean array: faces where it is False
  do not draw that shape (a doodle without a mouth, say).
* A part's ``role`` names its paint: ``skin``, ``hair``, ``eye`` (the white),
  ``pupil``, ``brow``, ``ink`` (pen lines, no fill), ``lips`` (the mouth's
  fill), ``lip_line`` (the line between the lips), ``frame`` (spectacle
  frames: a heavier pen line, no fill). A renderer owns the colours
  of the roles; a style may tint them through :attr:`FaceGeometry.palette`
  (its skin, its hair) and a part may carry per-face fills (``fill``: an
  ``(n,)`` array of CSS colours, for hair tones that carry data).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

KINDS = ("smooth", "polyline", "quad", "ellipse")
ROLES = ("skin", "hair", "eye", "pupil", "brow", "ink", "lips", "lip_line", "frame")


@dataclass(frozen=True)
class Shape:
    """One subpath of every face in a batch (see the module docstring)."""

    kind: str
    points: np.ndarray
    closed: bool = False
    radii: np.ndarray | None = None
    angle: np.ndarray | None = None
    visible: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown shape kind {self.kind!r}; kinds: {', '.join(KINDS)}")
        if self.kind == "ellipse" and self.radii is None:
            raise ValueError("an ellipse needs radii")

    def __len__(self) -> int:
        return len(self.points)

    def take(self, index) -> Shape:
        """The same shape for a subset of the faces (``index``: slice or array)."""
        def sub(a):
            return None if a is None else a[index]

        return Shape(self.kind, self.points[index], self.closed, sub(self.radii), sub(self.angle), sub(self.visible))


@dataclass(frozen=True)
class Paint:
    """How a role is painted: fill in colour, fill in single-colour mode, pen.

    Attributes:
        fill: a CSS colour, ``"ink"`` (the pen colour) or None (no fill).
        mono: the fill in single-colour line art: ``"paper"``, ``"ink"`` or None.
        stroke: False draws the fill only, no outline.
        width: the pen width, as a multiple of the line width.
        absolute_width: a fixed pen width in face-box units (overrides ``width``).
    """

    fill: str | None = None
    mono: str | None = None
    stroke: bool = True
    width: float = 1.0
    absolute_width: float | None = None


@dataclass(frozen=True)
class Part:
    """One drawn element of every face in a batch.

    Attributes:
        name: what it is (``head``, ``eye``, ``mouth``...); unique in a face.
        role: its paint role (see the module docstring).
        shapes: its subpaths.
        fill: optional ``(n,)`` per-face fill colours (CSS), or None.
    """

    name: str
    role: str
    shapes: tuple[Shape, ...]
    fill: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown paint role {self.role!r}; roles: {', '.join(ROLES)}")
        if not self.shapes:
            raise ValueError(f"part {self.name!r} has no shapes")

    def take(self, index) -> Part:
        return Part(self.name, self.role, tuple(s.take(index) for s in self.shapes),
                    None if self.fill is None else self.fill[index])


@dataclass(frozen=True)
class FaceGeometry:
    """The geometry of n faces: parts in drawing order, and the style's paint.

    Attributes:
        parts: the parts, drawn in order.
        palette: the style's own paint for some roles (its skin tone...).
        pen: the style's pen width, as a multiple of the renderer's line width.
    """

    parts: tuple[Part, ...]
    palette: dict[str, Paint] = field(default_factory=dict)
    pen: float = 1.0

    def __len__(self) -> int:
        return len(self.parts[0].shapes[0]) if self.parts else 0

    def __getitem__(self, index) -> FaceGeometry:
        """The geometry of a subset of the faces (a slice or an index array)."""
        if isinstance(index, (int, np.integer)):
            index = slice(int(index), int(index) + 1)
        return FaceGeometry(tuple(p.take(index) for p in self.parts), self.palette, self.pen)

    def part(self, name: str) -> Part:
        for p in self.parts:
            if p.name == name:
                return p
        raise KeyError(name)


class LazyGeometry:
    """The geometry of n faces, decoded a slice at a time as a renderer asks for it.

    Renderers write big batches in chunks (``faces[start:stop]``). Decoding
    each chunk only then keeps a decoder's many intermediate arrays small
    enough to stay in cache: a 10,000-face ``line`` gallery decodes about a
    quarter faster (``bench/bench_speed.py``). ``parts``, ``palette`` and
    ``pen`` (what a style sheet needs) are those of the first face.
    """

    def __init__(self, decode: Callable[[np.ndarray], FaceGeometry], codes: np.ndarray):
        self.decode = decode
        self.codes = codes

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, index) -> FaceGeometry:
        if isinstance(index, (int, np.integer)):
            index = slice(int(index), int(index) + 1)
        return self.decode(self.codes[index])

    @functools.cached_property
    def _first(self) -> FaceGeometry:
        return self.decode(self.codes[:1])

    @property
    def parts(self) -> tuple[Part, ...]:
        return self._first.parts

    @property
    def palette(self) -> dict[str, Paint]:
        return self._first.palette

    @property
    def pen(self) -> float:
        return self._first.pen


Faces = FaceGeometry | LazyGeometry  # what a renderer takes: a batch, decoded or to decode


def catmull_bezier(points: np.ndarray, closed: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The cubic Béziers of the curve a ``"smooth"`` shape draws through
    ``points`` ``(n, m, 2)``: the uniform Catmull-Rom curve, a loop of m
    segments when ``closed``, else m - 1 segments with clamped ends. Returns
    (starts, first controls, second controls, ends), each ``(n, segments, 2)``;
    the curve lies inside its control points, which it may pass beyond its points."""
    if closed:
        ext = np.concatenate([points[:, -1:], points, points[:, :2]], axis=1)
    else:
        ext = np.concatenate([2 * points[:, :1] - points[:, 1:2], points, 2 * points[:, -1:] - points[:, -2:-1]],
                             axis=1)
    p0, p1, p2, p3 = ext[:, :-3], ext[:, 1:-2], ext[:, 2:-1], ext[:, 3:]
    return p1, p1 + (p2 - p0) / 6.0, p2 - (p3 - p1) / 6.0, p2


def inside_polygon(poly: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Even-odd rule: ``(n, k)`` booleans for points ``(n, k, 2)`` in polygons ``(n, m, 2)``."""
    x, y = pts[..., 0][:, :, None], pts[..., 1][:, :, None]
    x1, y1 = poly[:, None, :, 0], poly[:, None, :, 1]
    x2, y2 = np.roll(poly, -1, axis=1)[:, None, :, 0], np.roll(poly, -1, axis=1)[:, None, :, 1]
    straddles = (y1 > y) != (y2 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        xcross = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
    return ((straddles & (x < xcross)).sum(axis=-1) % 2) == 1


def sample_smooth(points: np.ndarray, closed: bool, steps: int = 8) -> np.ndarray:
    """Points along the curve a ``"smooth"`` shape draws through ``points`` ``(n, m, 2)``, ``steps`` to a
    segment: ``(n, s, 2)``; a loop's first point is not repeated at its end, an open curve ends at its last."""
    t = np.linspace(0.0, 1.0, steps, endpoint=False)[None, None, :, None]
    p0, c1, c2, p1 = (b[:, :, None] for b in catmull_bezier(points, closed))
    curve = ((1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * c1 + 3 * (1 - t) * t**2 * c2 + t**3 * p1).reshape(len(points), -1, 2)
    return curve if closed else np.concatenate([curve, points[:, -1:]], axis=1)


def smooth(points: np.ndarray, closed: bool = False, visible: np.ndarray | None = None) -> Shape:
    return Shape("smooth", np.asarray(points, dtype=np.float64), closed, visible=visible)


def polyline(points: np.ndarray, closed: bool = False, visible: np.ndarray | None = None) -> Shape:
    return Shape("polyline", np.asarray(points, dtype=np.float64), closed, visible=visible)


def quad(*points: np.ndarray, visible: np.ndarray | None = None) -> Shape:
    """Quadratic curves from ``(n, 2)`` points: open with 3, closed (a lens) with 4."""
    if len(points) not in (3, 4):
        raise ValueError("a quad shape takes 3 points (open) or 4 (closed)")
    return Shape("quad", np.stack(points, axis=1).astype(np.float64), closed=len(points) == 4, visible=visible)


def ellipse(cx, cy, rx, ry, angle=None, visible: np.ndarray | None = None) -> Shape:
    """Ellipses at ``(cx, cy)`` with radii ``(rx, ry)``; each ``(n,)``."""
    cx, cy, rx, ry = (np.asarray(v, dtype=np.float64) for v in (cx, cy, rx, ry))
    return Shape("ellipse", np.stack([cx, cy], axis=1)[:, None, :], True, radii=np.stack([rx, ry], axis=1),
                 angle=None if angle is None else np.asarray(angle, dtype=np.float64), visible=visible)


def extents(parts: Iterable[Part], names: tuple[str, ...] | None = None,
            shown_only: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Each face's bounding box, ``(lo, hi)`` each ``(n, 2)``: of every point a
    pen may reach (the control points of curves, the boxes round ellipses) in
    the parts named in ``names`` (default: all).

    Hidden shapes count too, so that the box changes continuously with the
    face; with ``shown_only``, a face's hidden shapes are left out (the first
    point of a shape every face shows stands in for them).
    """
    shapes = [sh for part in parts if names is None or part.name in names for sh in part.shapes]
    anchor = next(sh.points[:, :1] for sh in shapes if sh.visible is None) if shown_only else None
    pts: list[np.ndarray] = []  # points whose bounds are each face's bounds: (n, m, 2) arrays
    for sh in shapes:
        if sh.kind == "ellipse":
            assert sh.radii is not None
            r = sh.radii[:, None] if sh.angle is None else _ellipse_half_box(sh.radii, sh.angle)
            box = [sh.points - r, sh.points + r]
        elif sh.kind == "smooth":
            bezier = catmull_bezier(sh.points, sh.closed)  # the curve lies inside its control points
            box = list(bezier[:3] if sh.closed else bezier)  # a loop's ends are its starts
        else:
            box = [sh.points]
        if anchor is not None and sh.visible is not None:  # a face that hides the shape: the anchor stands in
            box = [np.where(sh.visible[:, None, None], b, anchor) for b in box]
        pts += box
    # reduced over the last axis of a contiguous (2, n, m) copy: several times faster than over (n, m, 2)
    xy = np.ascontiguousarray(np.concatenate(pts, axis=1).transpose(2, 0, 1))
    return xy.min(axis=2).T, xy.max(axis=2).T


def _ellipse_half_box(radii: np.ndarray, angle: np.ndarray) -> np.ndarray:
    """``(n, 1, 2)`` half width and half height of the box round turned ellipses."""
    c, s = np.cos(angle), np.sin(angle)
    rx, ry = radii[:, 0], radii[:, 1]
    return np.stack([np.hypot(rx * c, ry * s), np.hypot(rx * s, ry * c)], axis=1)[:, None]


def fit_zoom(geometry: FaceGeometry, zoom: float, centre: tuple[float, float], margin: float,
             names: tuple[str, ...] | None = None) -> np.ndarray:
    """``(n,)`` scales about ``centre``: ``zoom``, or less for a face that would
    then reach past ``margin`` units from the edge of its 100 x 100 box (the
    largest scale that fits; ``names``: the parts that can reach furthest out,
    default all). A continuous function of the geometry."""
    lo, hi = extents(geometry.parts, names)
    c = np.asarray(centre, dtype=np.float64)
    room_lo, room_hi = c - margin, 100.0 - margin - c
    with np.errstate(divide="ignore"):
        k_lo = np.where(lo < c, room_lo / np.maximum(c - lo, 1e-12), np.inf)
        k_hi = np.where(hi > c, room_hi / np.maximum(hi - c, 1e-12), np.inf)
    return np.minimum(zoom, np.minimum(k_lo, k_hi).min(axis=1))


def moved(parts: Iterable[Part], scale: np.ndarray, offset: np.ndarray) -> tuple[Part, ...]:
    """Each face's points scaled by ``scale`` ``(n,)`` and then moved by
    ``offset`` ``(n, 2)``; radii scaled with them, pen widths unchanged."""
    k = np.asarray(scale, dtype=np.float64)[:, None, None]
    to = np.asarray(offset, dtype=np.float64)[:, None]

    def shape(s: Shape) -> Shape:
        radii = None if s.radii is None else s.radii * k[:, 0]
        return Shape(s.kind, s.points * k + to, s.closed, radii, s.angle, s.visible)

    return tuple(Part(p.name, p.role, tuple(shape(s) for s in p.shapes), p.fill) for p in parts)


def zoomed(geometry: FaceGeometry, scale: np.ndarray, centre: tuple[float, float]) -> FaceGeometry:
    """Each face scaled by ``scale`` ``(n,)`` about ``centre`` (pen widths unchanged)."""
    k = np.asarray(scale, dtype=np.float64)
    c = np.asarray(centre, dtype=np.float64)
    return FaceGeometry(moved(geometry.parts, k, c * (1.0 - k[:, None])), geometry.palette, geometry.pen)
