"""The ``doodle`` style: hand-drawn faces from the doodle autoencoder's decoder.

A code goes through the pretrained decoder (:mod:`vec2face.learned.doodle_model`)
to stroke slots (outline, eyes, mouth and an extra stroke), drawn as a pen
would: smooth strokes with round caps; slots the decoder marks absent are not
drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np

from vec2face import geometry as G
from vec2face.geometry import FaceGeometry, Paint, Part, Shape, inside_polygon
from vec2face.style.base import Feature, Style, dominant_axes, shipped_or_placeholder_features

SCALE, CENTRE = 74.0, 50.0
EYE_DOT = 2.5  # an eye whose points spread less than this (in the 100-unit box) is a dot
PEN = 3.0  # the style's pen, times the renderer's line width: a marker line that reads at 32-48 px
MOUTH_OPEN = 0.1  # a drawn mouth this far (sd, in mouth widths) off one curve is open (decoded: the model's own)
# Pen on paper: a pale head, dot eyes filled with ink. The head's outline, drawn with half the pen, frames the face;
# the bold eyes and mouth inside carry the data. Where a glance shifts faces by a few pixels, the outline only adds
# noise (bench/glance.py, digits: 0.743 -> 0.766), as with the line style's head. A dot eye is filled in line art
# too and keeps the default pen (1.6 x PEN) whatever the line width: left open, or stroked wider than the dot, it
# showed a hole and read as a ring eye, which is another feature (ring_eyes).
PALETTE = {"skin": Paint("#fff7d6", None, width=0.5), "pupil": Paint("ink", "ink", absolute_width=1.6 * PEN)}
# Where strokes may run, in the 100-unit box: half the drawn pen at the default line width (1.6), the paper left
# between two strokes, the smallest eye a ring or line keeps, and the shortest extra stroke worth drawing.
INK_HALF = 0.5 * PEN * 1.6
GAP = 1.0
STROKE_GAP = 3.0  # more paper between the extra stroke and an eye or the mouth: a stroke near an eye reads as a "9"
EYE_MIN = 1.5
STROKE_MIN = 4.0


@dataclass
class DoodleStyle(Style):
    """Doodled faces from ``models/doodle.npz``."""

    name: str = "doodle"
    description: str = "hand-drawn faces from a stroke autoencoder trained on Quick, Draw! doodles"
    features: tuple[Feature, ...] = field(default_factory=tuple)
    weights: dict | None = field(default=None, repr=False)
    validity_target: float = 0.99  # an outline, two eyes and a mouth (the doodle issue's target)
    limit: bool = True  # False: draw codes as they are (codes of real doodles, from vec2face.encode)

    def __post_init__(self):
        """Features: the reviewed names and docs in ``models/doodle.json``
        (one per model axis); other weights get placeholders ``axis_i``. With
        the limit (codes of arbitrary vectors), a code's axes are display axes
        and each takes the name of the model axis it mostly moves."""
        if not self.features:
            raw = shipped_or_placeholder_features("doodle", self.model.latent_dim, self.weights is None)
            self.features = tuple(raw[i] for i in self.display_order) if self.display_matrix is not None else raw

    @property
    def display_matrix(self) -> np.ndarray | None:
        """``(k, k)``: with the limit, model-axis codes = codes @ M.T. Training
        (``training.doodle``, :func:`training.calibrate.display_calibration`)
        decorrelated the model's axes on exact ink and ordered them by how much
        a glance sees each one change a face. None without the limit: codes of
        real doodles are the model's own."""
        M = self.model.a.get("display_matrix")
        return None if M is None or not self.limit else np.asarray(M, dtype=np.float64)

    @property
    def display_order(self) -> np.ndarray:
        """For each display axis, the model axis it mostly moves."""
        M = self.display_matrix
        return np.arange(self.model.latent_dim) if M is None else dominant_axes(M)

    @cached_property
    def model(self):
        from vec2face.learned.doodle_model import DoodleModel

        if self.weights is not None:
            return DoodleModel(self.weights)
        from vec2face.learned.doodle_model import shipped_doodle_model

        return shipped_doodle_model()

    def slots(self, codes: np.ndarray) -> dict[str, np.ndarray]:
        """The decoded stroke slots ``(n, 5, P, 2)`` in the face box and their presence ``(n, 5)``,
        every face well formed (:meth:`~vec2face.learned.doodle_model.DoodleModel.decode_faces`)."""
        codes = np.atleast_2d(np.asarray(codes, dtype=np.float64))
        M = self.display_matrix
        slots, presence = self.model.decode_faces(codes if M is None else codes @ M.T, limit=self.limit)
        return {"slots": slots * SCALE + CENTRE, "presence": presence}

    def decode(self, codes: np.ndarray) -> FaceGeometry:
        """The decoded strokes drawn as a pen would. The outline comes back as
        ordered points and is drawn as a smooth closed curve. Eyes, mouth and
        the extra stroke come back as point sets (their order carries nothing),
        so shapes are fitted to them: the eyes are filled dots when their points
        spread little, rings (ellipses at their centre and spread) when they
        spread more, and lines when they spread mostly one way (both eyes the
        same way, judged on their average spread); the mouth is
        the parabola through its points, or, when the points lie on two
        curves, the open mouth between them; the extra stroke is the segment
        along its points' main direction. Slots marked absent are not drawn."""
        g = self.slots(codes)
        s, pres = g["slots"], g["presence"]
        dots, strokes = [], []
        fits = [_spread(s[:, k]) for k in (1, 2)]
        both = 0.5 * (fits[0][1] + fits[1][1])  # both eyes drawn the same way, as a person doodles them
        dot = both[:, 0] < EYE_DOT
        line = ~dot & (both[:, 1] < 0.35 * both[:, 0])
        eyes = _eyes_apart([c for c, _, _ in fits], s[:, 0])
        drawn = []  # each eye as drawn: centre, radii, angle, shown
        for k, ((_, axes, angle), (c, apart, edge, towards)) in enumerate(zip(fits, eyes), start=1):
            rx = np.maximum(axes[:, 0], 1.0)
            ry = np.minimum(np.maximum(axes[:, 1], 0.8), rx)
            # as large as drawn, but reaching towards the other eye no further than ``apart``, nor to the outline
            off = np.arctan2(towards[:, 1], towards[:, 0]) - angle
            reach = np.hypot(rx * np.cos(off), ry * np.where(line, 0.0, 1.0) * np.sin(off))
            f = np.minimum(np.minimum(1.0, apart / np.maximum(reach, 1e-6)), edge / rx)
            rx = np.where(f < 1.0, np.maximum(rx * f, EYE_MIN), rx)
            ry = np.minimum(np.where(f < 1.0, np.maximum(ry * f, 0.8), ry), rx)
            on = pres[:, k] > 0.5
            dot_rx = np.clip(rx, 1.2, 3.0)
            r_dot = (dot_rx, np.minimum(np.clip(ry, 1.0, 3.0), dot_rx))
            dots.append(G.ellipse(c[:, 0], c[:, 1], *r_dot, angle, visible=on & dot))
            strokes.append(G.ellipse(c[:, 0], c[:, 1], rx, ry, angle, visible=on & ~dot & ~line))
            strokes.append(_segment(c, rx, angle, on & line))
            drawn.append((c, np.where(dot, r_dot[0], rx), np.where(dot, r_dot[1], np.where(line, 0.0, ry)), angle, on))
        open_at = float(self.model.a.get("mouth_open", MOUTH_OPEN))  # calibrated by training
        mouth = _mouth_in_place(_mouth(s[:, 3], open_at, pres[:, 3] > 0.5), drawn, s[:, 0])
        strokes.extend(mouth)
        c, axes, angle = _spread(s[:, 4])
        strokes.append(_clear_stroke(c, axes[:, 0], angle, pres[:, 4] > 0.5, drawn, mouth))
        return FaceGeometry((Part("head", "skin", (G.smooth(s[:, 0], closed=True),)), Part("eye", "pupil", tuple(dots)),
                             Part("line", "ink", tuple(strokes))), palette=PALETTE, pen=PEN)

    def validity(self, codes: np.ndarray) -> np.ndarray:
        from vec2face.learned.doodle_model import doodle_validity

        g = self.slots(codes)  # what is drawn: well formed by construction (DoodleModel.decode_faces)
        return doodle_validity((g["slots"] - CENTRE) / SCALE, g["presence"])


@lru_cache(maxsize=1)
def code_style() -> DoodleStyle:
    """The doodle style without the code-length limit: it draws the codes of real
    doodles (from :func:`vec2face.encode`, or their cluster centres) as they are,
    except that a code whose face would break the validity rule is moved towards
    the mean face just far enough to be a face
    (:meth:`~vec2face.learned.doodle_model.DoodleModel.decode_faces`)."""
    return DoodleStyle(limit=False)


def _spread(pts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Centre ``(n, 2)``, half-axes ``(n, 2)`` (major first: 1.7 standard
    deviations) and the major axis's angle ``(n,)`` of point sets ``(n, P, 2)``."""
    c = pts.mean(axis=1)
    dev = pts - c[:, None]
    cov = np.einsum("npi,npj->nij", dev, dev) / pts.shape[1]
    w, v = np.linalg.eigh(cov)  # ascending
    axes = 1.7 * np.sqrt(np.maximum(w[:, ::-1], 0.0))
    angle = np.arctan2(v[:, 1, 1], v[:, 0, 1])
    angle = np.where(angle > np.pi / 2, angle - np.pi, np.where(angle < -np.pi / 2, angle + np.pi, angle))
    return c, axes, angle


def _inside_outline(q: np.ndarray, outline: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For points ``(n, 2)`` or ``(n, m, 2)`` and closed outlines ``(n, P, 2)``: whether
    each point is inside its outline (the even-odd rule of
    :func:`~vec2face.geometry.inside_polygon`), and its distance to the outline's polygon."""

    one = q.ndim == 2
    q = q[:, None] if one else q  # (n, m, 2)
    a = outline[:, None]  # (n, 1, P, 2)
    ab = np.roll(outline, -1, axis=1)[:, None] - a
    dx, dy = q[..., 0, None] - a[..., 0], q[..., 1, None] - a[..., 1]  # (n, m, P)
    abx, aby = ab[..., 0], ab[..., 1]
    t = np.clip((dx * abx + dy * aby) / np.maximum(abx * abx + aby * aby, 1e-12), 0.0, 1.0)
    ex, ey = dx - t * abx, dy - t * aby
    dist = np.sqrt((ex * ex + ey * ey).min(axis=-1))
    inside = inside_polygon(outline, q)
    return (inside[:, 0], dist[:, 0]) if one else (inside, dist)


def _eyes_apart(centres: list[np.ndarray], outline: np.ndarray):
    """Where two eyes are drawn and how far each may reach from its centre
    towards the other eye and in any direction (to the outline), with the unit
    direction to the other eye: ``[(centre (n, 2), apart (n,), edge (n,),
    towards (n, 2))] * 2``. Within those, neither eye runs into the other nor
    over the head's outline, and :data:`GAP` of paper stays between inks.

    Eyes closer than two of the smallest eyes allow are moved apart along the
    line between them; an eye whose smallest size would cross the outline is
    moved towards the middle of the head."""
    c1, c2 = centres[0].copy(), centres[1].copy()
    span = c2 - c1
    dist = np.linalg.norm(span, axis=-1)
    unit = np.where(dist[:, None] > 1e-6, span / np.maximum(dist, 1e-6)[:, None], [1.0, 0.0])
    need = 2.0 * (EYE_MIN + 2.0 * INK_HALF) + GAP  # centre to centre, two smallest eyes with their ink
    push = 0.5 * np.maximum(need - dist, 0.0)[:, None] * unit
    c1, c2 = c1 - push, c2 + push
    middle = outline.mean(axis=1)
    border = 2.0 * INK_HALF + GAP  # the outline's ink is thinner than this: a little more paper
    placed = []
    for c in (c1, c2):
        inside, edge = _inside_outline(c, outline)
        short = np.where(inside, np.maximum(EYE_MIN + border - edge, 0.0), EYE_MIN + border + edge)
        moved = np.flatnonzero(short > 0)  # too near the outline (or outside it): towards the middle
        if moved.size:
            to_mid = middle[moved] - c[moved]
            step = np.minimum(short[moved] / np.maximum(np.linalg.norm(to_mid, axis=-1), 1e-6), 1.0)
            c = c.copy()
            c[moved] += to_mid * step[:, None]
            edge = edge.copy()
            edge[moved] = _inside_outline(c[moved], outline[moved])[1]
        placed.append((c, edge))
    out = []
    for (c, edge), (other, _) in zip(placed, placed[::-1]):
        to_other = other - c
        dist = np.maximum(np.linalg.norm(to_other, axis=-1), 1e-6)
        apart = np.maximum(0.5 * dist - 2.0 * INK_HALF - 0.5 * GAP, EYE_MIN)
        out.append((c, apart, np.maximum(edge - border, EYE_MIN), to_other / dist[:, None]))
    return out


def _clear_stroke(c: np.ndarray, half: np.ndarray, angle: np.ndarray, visible: np.ndarray,
                  eyes: list[tuple], mouth: tuple[Shape, Shape], samples: int = 33) -> Shape:
    """The extra stroke (a nose, a cheek line): the segment through its points,
    cut to the longest stretch that keeps :data:`GAP` of paper from both eyes
    and the mouth, and left out where that stretch is shorter than
    :data:`STROKE_MIN`. Drawn through an eye, it would read as a glyph (a
    "9", a "P"), not a face."""
    d = half[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    t = np.linspace(0.0, 1.0, samples)
    q = (c - d)[:, None] + t[None, :, None] * (2.0 * d)[:, None]  # (n, T, 2)
    clear = np.ones(q.shape[:2], dtype=bool)
    room = 2.0 * INK_HALF + STROKE_GAP
    for centre, rx, ry, theta, on in eyes:
        rel = q - centre[:, None]
        cos, sin = np.cos(theta)[:, None], np.sin(theta)[:, None]
        u, v = rel[..., 0] * cos + rel[..., 1] * sin, -rel[..., 0] * sin + rel[..., 1] * cos
        near = (u / (rx[:, None] + room)) ** 2 + (v / (ry[:, None] + room)) ** 2 <= 1.0
        clear &= ~(near & on[:, None])
    lo, hi = q.min(axis=1), q.max(axis=1)
    for shape in mouth:
        # where both are drawn and their boxes come within ``room``: elsewhere no point can be nearer
        ctrl = shape.points  # a quadratic curve lies within its control points
        near = (ctrl.min(axis=1) - room < hi).all(axis=1) & (ctrl.max(axis=1) + room > lo).all(axis=1)
        at = np.flatnonzero(visible & near if shape.visible is None else visible & near & shape.visible)
        if at.size:  # a mouth point blocks the stretch of the segment within ``room`` of it
            rel = _quad_points(shape.take(at)) - (c - d)[at, None]  # (m, K, 2), from the segment's start
            length = 2.0 * np.maximum(half[at], 1e-9)
            unit = 2.0 * d[at] / length[:, None]
            along = np.einsum("mki,mi->mk", rel, unit)
            across2 = np.maximum((rel * rel).sum(-1) - along * along, 0.0)
            reach = np.sqrt(np.maximum(room * room - across2, 0.0))  # 0 where a point is farther than room
            pos = t[None, :, None] * length[:, None, None]  # (m, T, 1)
            blocked = (np.abs(pos - along[:, None]) < reach[:, None]) & (across2 < room * room)[:, None]
            clear[at] &= ~blocked.any(axis=2)
    run = np.zeros(clear.shape, dtype=int)
    for j in range(samples):
        run[:, j] = (run[:, j - 1] + 1 if j else 1) * clear[:, j]
    end = run.argmax(axis=1)
    start = end - run.max(axis=1) + 1
    rows = np.arange(len(q))
    a, b = q[rows, np.maximum(start, 0)], q[rows, end]
    long_enough = (run.max(axis=1) > 0) & (np.linalg.norm(b - a, axis=-1) >= STROKE_MIN)
    return G.polyline(np.stack([a, b], axis=1), visible=visible & long_enough)


def _mouth_in_place(mouth: tuple[Shape, Shape], eyes: list[tuple], outline: np.ndarray,
                   shrink=(1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4)) -> tuple[Shape, Shape]:
    """The mouth kept below the eyes and inside the head, with :data:`GAP` of
    paper. A mouth whose top reaches the eyes is flattened towards its lowest
    point (and moved down if that is not enough). One that then crosses the
    outline is drawn smaller about its middle, at the largest of ``shrink``
    that fits, or failing that moved part of the way to the middle of the head.
    A doodled mouth over the eyes or on the outline no longer reads as a mouth."""
    room = 2.0 * INK_HALF + GAP
    low_eye = np.full(len(outline), -np.inf)
    for centre, rx, ry, theta, on in eyes:
        half_h = np.hypot(rx * np.sin(theta), ry * np.cos(theta))
        low_eye = np.where(on, np.maximum(low_eye, centre[:, 1] + half_h), low_eye)
    centre = outline.mean(axis=1)
    inside, inner = _inside_outline(centre, outline)
    inner = np.where(inside, inner, 0.0)  # the radius of the circle about the head's centre inside its outline
    out = []
    for shape in mouth:
        P = shape.points.copy()
        pts = _quad_points(shape)
        top, bottom = pts[..., 1].min(axis=1), pts[..., 1].max(axis=1)
        limit = low_eye + room
        f = np.clip((bottom - limit) / np.maximum(bottom - top, 1e-6), 0.2, 1.0)
        f = np.where(top < limit, f, 1.0)
        P[..., 1] = bottom[:, None] + (P[..., 1] - bottom[:, None]) * f[:, None]
        P[..., 1] += np.maximum(limit - (bottom - f * (bottom - top)), 0.0)[:, None]  # still too high: moved down
        middle = 0.5 * (P.min(axis=1) + P.max(axis=1))
        towards = centre - middle
        best = P.copy()
        todo = np.arange(len(P)) if shape.visible is None else np.flatnonzero(shape.visible)  # drawn ones
        for move in (0.0, 0.3, 0.6):  # in place if it fits at some size, else nearer the middle of the head
            for k in shrink:
                if not todo.size:
                    break
                Q = (middle[todo] + move * towards[todo])[:, None] + k * (P[todo] - middle[todo, None])
                q = _quad_points(Shape(shape.kind, Q, shape.closed))
                ok = q[..., 1].min(axis=1) >= limit[todo] - 1e-9
                # inside the circle the outline holds about the head's centre: fits, no need to look closer
                near = np.linalg.norm(q - centre[todo, None], axis=-1).max(axis=1) <= inner[todo] - room
                look = ok & ~near
                if look.any():
                    inside, edge = _inside_outline(q[look], outline[todo[look]])
                    ok[look] = (inside & (edge >= room)).all(axis=1)
                best[todo[ok]] = Q[ok]
                todo = todo[~ok]  # only the faces that do not fit yet are tried again
        out.append(Shape(shape.kind, best, shape.closed, visible=shape.visible))
    return out[0], out[1]


def _quad_points(shape: Shape, samples: int = 12) -> np.ndarray:
    """Points along a quad shape (open: one curve, closed: two), ``(n, m, 2)``."""
    P = shape.points
    t = np.linspace(0.0, 1.0, samples)[None, :, None]

    def curve(a, b, c):
        return (1 - t) ** 2 * a[:, None] + 2 * (1 - t) * t * b[:, None] + t**2 * c[:, None]

    if not shape.closed:
        return curve(P[:, 0], P[:, 1], P[:, 2])
    return np.concatenate([curve(P[:, 0], P[:, 1], P[:, 2]), curve(P[:, 2], P[:, 3], P[:, 0])], axis=1)


def _segment(c: np.ndarray, half: np.ndarray, angle: np.ndarray, visible: np.ndarray) -> Shape:
    d = half[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return G.polyline(np.stack([c - d, c + d], axis=1), visible=visible)


def _parabola(u: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted least-squares ``y = a u^2 + b u + c`` per row; coefficients ``(n, 3)``."""
    A = np.stack([u**2, u, np.ones_like(u)], axis=-1)
    AtA = np.einsum("npi,np,npj->nij", A, w, A) + 1e-6 * np.eye(3)
    Aty = np.einsum("npi,np,np->ni", A, w, y)
    return np.linalg.solve(AtA, Aty[..., None])[..., 0]


def _mouth_fit(m: np.ndarray):
    """The parabola through mouth point sets ``(n, P, 2)``: (x centre ``(n, 1)``,
    u ``(n, P)``, coefficients ``(n, 3)``, residuals ``(n, P)``)."""
    x, y = m[..., 0], m[..., 1]
    xc = x.mean(axis=1, keepdims=True)
    u = x - xc
    mid = _parabola(u, y, np.ones_like(u))
    resid = y - np.einsum("npi,ni->np", np.stack([u**2, u, np.ones_like(u)], axis=-1), mid)
    return xc, u, mid, resid


def mouth_openness(m: np.ndarray) -> np.ndarray:
    """``(n,)``: how far mouth points ``(n, P, 2)`` lie off the one parabola
    through them (sd of the residuals, in mouth widths)."""
    return _openness(m, _mouth_fit(m)[3])


def _openness(m: np.ndarray, resid: np.ndarray) -> np.ndarray:
    return resid.std(axis=1) / np.maximum(np.ptp(m[..., 0], axis=1), 1e-6)


def _mouth(m: np.ndarray, open_at: float, present: np.ndarray) -> tuple[Shape, Shape]:
    """A mouth through point sets ``(n, P, 2)``: the parabola through them, or
    an open mouth (a closed shape between an upper and a lower parabola) where
    the points lie off that one curve by more than ``open_at``
    (:func:`mouth_openness`). Two shapes, each visible where it is the mouth."""
    y = m[..., 1]
    xc, u, mid, resid = _mouth_fit(m)
    is_open = _openness(m, resid) > open_at
    up = _parabola(u, y, (resid < 0).astype(float) + 1e-3)
    down = _parabola(u, y, (resid >= 0).astype(float) + 1e-3)
    u0, u1 = u.min(axis=1), u.max(axis=1)
    um = 0.5 * (u0 + u1)

    def at(coef, t):
        return coef[:, 0] * t**2 + coef[:, 1] * t + coef[:, 2]

    def control(coef):  # the quadratic Bezier's control point through the middle of the curve
        return np.stack([xc[:, 0] + um, 2 * at(coef, um) - 0.5 * (at(coef, u0) + at(coef, u1))], axis=1)

    ends_open = [np.stack([xc[:, 0] + t, 0.5 * (at(up, t) + at(down, t))], axis=1) for t in (u0, u1)]
    ends_line = [np.stack([xc[:, 0] + t, at(mid, t)], axis=1) for t in (u0, u1)]
    return (G.quad(ends_open[0], control(up), ends_open[1], control(down), visible=present & is_open),
            G.quad(ends_line[0], control(mid), ends_line[1], visible=present & ~is_open))
