"""The Chernoff style: a cartoon face whose features carry the data.

After Chernoff (1973) and aplpack's ``faces``: 24 named features. A code's
axes reach them through a display matrix shipped in ``models/chernoff.npz``
(``python -m training chernoff``): it decorrelates the features on exact ink
and orders the axes by how much they change a face seen small (a glance), so
that the adapter's first (highest-variance) axis drives the most visible
change; each axis stays mostly one feature and takes its name. The features
are drawn bold enough to read on a map of 30 to 50 px faces: the outline, the hair (its volume, length, fringe and tone), a beard,
glasses, the mouth, the eyes and the brows.

Geometry is placed in the head's own normalised coordinates (u, v): the head
outline is the unit circle u^2 + v^2 = 1 under the map

    x = cx + rx * u * (1 + s * v),    y = cy + ry * v,

where ``s`` is the egg shape (a wider jaw or a wider forehead). Anything with
u^2 + v^2 < 1 therefore lies inside the head, which is how :meth:`validity`
checks a face and how feature sizes are bounded. Every bound is a continuous
function of the code (a min, a max, a bisected scale), so nearby codes give
nearby faces.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from vec2face import geometry as G
from vec2face.geometry import FaceGeometry, Paint, Part
from vec2face.style.base import Feature, Style, dominant_axes

FEATURES = (
    Feature("face_width", "narrow head -> wide head"),
    Feature("hair", "close-cropped hair -> a big mop of hair"),
    Feature("face_height", "short, round head -> long head"),
    Feature("hair_color", "black hair -> fair hair"),
    Feature("glasses", "no glasses -> big glasses"),
    Feature("hair_length", "hair above the ears -> hair down to the jaw"),
    Feature("face_shape", "pointed chin -> broad jaw"),
    Feature("eye_height", "low eyes -> high eyes"),
    Feature("beard", "clean-shaven -> full beard"),
    Feature("eye_spacing", "close-set eyes -> wide-set eyes"),
    Feature("mouth_height", "mouth high -> mouth low"),
    Feature("eye_size", "small eyes -> large eyes"),
    Feature("fringe", "high, bare forehead -> fringe down to the brows"),
    Feature("mouth_width", "narrow mouth -> wide mouth"),
    Feature("brow_slant", "worried brows -> angry brows"),
    Feature("ear_size", "small ears -> large, protruding ears"),
    Feature("brow_height", "low brows -> raised brows"),
    Feature("smile", "frown -> broad smile"),
    Feature("eye_shape", "narrow eyes -> round eyes"),
    Feature("mouth_open", "closed mouth -> wide-open mouth"),
    Feature("nose_length", "short nose -> long nose"),
    Feature("brow_length", "short brows -> long brows"),
    Feature("nose_width", "thin nose -> broad nose"),
    Feature("eye_slant", "eyes slanting down -> slanting up"),
)

# FEATURES is the raw order the geometry reads; the display matrix sets the
# order of the code's axes. Before it, features were ordered by glance salience
# alone (training.calibrate.glance_salience): glance 0.717 / 0.865 and exact
# 0.935 / 0.959 on digits / wine; decorrelated (glasses and beard left unmixed)
# and reordered, 0.759 / 0.865 and 0.965 / 1.000 (before ZOOM, below). The gains stay at 1: equalising them
# or raising the weak features to a floor lowered the glance ratio on digits
# (0.712 -> 0.708 with gains clip(80 / salience, 1, 1.5)), and raising them all
# (gain 1.5, levels saturating at 2 sd) cost exact faithfulness (0.93 -> 0.91).
GAINS = np.ones(len(FEATURES))

# Hair tones from black to fair (never the skin: data does not map to skin colour).
_HAIR_STOPS = np.array([[0.0, 0x1c, 0x14, 0x10], [0.3, 0x3f, 0x28, 0x19], [0.55, 0x6e, 0x44, 0x26],
                        [0.75, 0x9c, 0x66, 0x34], [0.9, 0xc4, 0x96, 0x58], [1.0, 0xdd, 0xc4, 0x8c]])
_LEVELS = 64
HAIR_TONES = np.array(["#" + "".join(f"{round(float(np.interp(q, _HAIR_STOPS[:, 0], _HAIR_STOPS[:, c]))):02x}"
                                       for c in (1, 2, 3))
                       for q in np.linspace(0.0, 1.0, _LEVELS + 1)], dtype=object)
CX, CY = 50.0, 54.0
# Faces fill their box: drawn ZOOM times the size the layout gives, about
# FACE_CENTRE (the middle of a typical face with its hair), or less where a
# big face would reach past BOX_MARGIN (geometry.fit_zoom: the scale is
# continuous in the code). The layout left a typical face 68 x 70 of the 100
# units; zoomed, with the pen PEN times the renderer's line width, features
# grow past the few pixels a glance shifts a face by. Retrained
# (vec2face train chernoff), glance on digits / wine 0.759 / 0.865 -> 0.789 /
# 0.923 (shift seeds 0-2 on digits: 0.746 -> 0.779), exact 0.965 -> 0.961.
ZOOM, FACE_CENTRE, BOX_MARGIN, PEN = 1.25, (50.0, 51.0), 2.0, 1.2
NOSE_CLEAR = 2.6  # face units between the nose and an eye or lens above it, centre lines (the pens and a gap)
NOSE_MOUTH = 3.0  # the same between the nose's lowest point and the top of the lips
BROW_LENS = 3.2  # the same between a brow's lowest point and the top of a lens
BROW_EYE = 3.4  # the same between a brow's middle and the top of its eye (the pens and a gap)
NOSE_ROOM = 12.0  # face units a lens leaves above the chin for the nose and the mouth, besides the lips' curve
# the parts that reach furthest out (validity keeps the rest inside the head)
OUTER_PARTS = ("ear", "head", "hair")
# The cartoon's own paint: warmer skin, darker lips, a bolder pen for the nose and glasses.
PALETTE = {"skin": Paint("#f6dcc3", "paper"), "hair": Paint("#6e4426", "ink"), "pupil": Paint("ink", "ink"),
           "lips": Paint("#a83a48", "paper"), "ink": Paint(width=1.3), "brow": Paint(None, None, width=2.0)}


def code_to_unit(codes: np.ndarray, gains: np.ndarray = GAINS) -> np.ndarray:
    """Codes in standard deviations to feature levels in [0, 1].

    Linear (times the feature's gain), so that distances between codes stay
    distances between faces; the +-3 box at gain 1 maps onto [0, 1] exactly,
    and levels saturate at its ends.
    """
    c = np.clip(np.asarray(codes, dtype=np.float64), -3.0, 3.0)
    return np.clip(0.5 + c * gains[: c.shape[-1]] / 6.0, 0.0, 1.0)


def _low_edge(cx, cy, a, b, angle, half, falloff: float = 1.5):
    """How low ellipses (centres ``cx, cy``, radii ``a, b``, turned by ``angle``; each ``(n,)``) reach over the
    columns within ``half`` of the midline: the lowest y of their lower edge there, and past those columns the
    edge's y less ``falloff`` times how far past it lies. Continuous in every argument, so an eye or a lens that
    nears the nose moves it by degrees, not in a jump."""
    c, s = np.cos(angle)[:, None], np.sin(angle)[:, None]
    a, b = np.maximum(a, 1e-9)[:, None], np.maximum(b, 1e-9)[:, None]
    reach = np.sqrt(a**2 * c**2 + b**2 * s**2)  # the ellipse's half-width in x
    dx = reach * np.linspace(-0.999, 0.999, 41)[None]
    qa = s**2 / a**2 + c**2 / b**2
    qb = 2 * dx * c * s * (1 / a**2 - 1 / b**2)
    qc = dx**2 * (c**2 / a**2 + s**2 / b**2) - 1
    y = cy[:, None] + (-qb + np.sqrt(np.maximum(qb**2 - 4 * qa * qc, 0.0))) / (2 * qa)
    past = np.maximum(np.abs(cx[:, None] + dx - CX) - half[:, None], 0.0)
    return (y - falloff * past).max(axis=1)


def _largest(ok, lo: np.ndarray, hi: np.ndarray, steps: int = 18) -> np.ndarray:
    """Per row, the largest value in ``[lo, hi]`` for which ``ok(rows, values)`` holds, by halving (``lo`` is
    taken to hold): the threshold moves continuously with the face, so nearby faces stay nearby."""
    out = hi.astype(np.float64).copy()
    rows = np.flatnonzero(~ok(np.arange(len(hi)), hi)) if len(hi) else np.arange(0)
    if not len(rows):
        return out
    a, b = lo[rows].astype(np.float64), hi[rows].astype(np.float64)
    for _ in range(steps):
        mid = 0.5 * (a + b)
        good = ok(rows, mid)
        a, b = np.where(good, mid, a), np.where(good, b, mid)
    out[rows] = a
    return out


def nose_points(nw, ny0, nyt) -> np.ndarray:
    """The nose's five points ``(n, 5, 2)``, from its top ``ny0`` down to its wings, ``nw`` either side at ``nyt``."""
    x = CX + np.array([0.15, -0.4, -1.0, 0.1, 1.0]) * nw[:, None]
    y = np.stack([ny0, ny0 + 0.6 * (nyt - ny0), nyt, nyt + 0.45 * nw, nyt], axis=1)
    return np.stack([x, y], axis=2)


def _polyline(points: np.ndarray, m: int = 12) -> np.ndarray:
    """``m`` points along each straight segment between ``points`` ``(n, k, 2)``: ``(n, m (k - 1), 2)``."""
    t = np.linspace(0.0, 1.0, m)[None, :, None]
    return (points[:, :-1, None] * (1 - t) + points[:, 1:, None] * t).reshape(len(points), -1, 2)


def _in_ellipse(p, cx, cy, a, b, angle) -> np.ndarray:
    """Does any of the points ``p`` ``(n, m, 2)`` lie inside its row's ellipse (as :func:`_low_edge`'s)? ``(n,)``"""
    dx, dy = p[..., 0] - cx[:, None], p[..., 1] - cy[:, None]
    ca, sa = np.cos(angle)[:, None], np.sin(angle)[:, None]
    u, v = dx * ca + dy * sa, dy * ca - dx * sa
    return ((u / np.maximum(a, 1e-9)[:, None]) ** 2 + (v / np.maximum(b, 1e-9)[:, None]) ** 2 < 1).any(axis=1)


def _lerp(p, lo, hi):
    return lo + p * (hi - lo)


def _catmull(points: np.ndarray, closed: bool, m: int = 6) -> np.ndarray:
    """Samples ``(n, k*m, 2)`` of the uniform Catmull-Rom curve the renderer draws through ``points``."""
    p1, c1, c2, p2 = G.catmull_bezier(points, closed)
    t = np.linspace(0.0, 1.0, m, endpoint=False)[None, None, :, None]
    b = [(1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t**2 * (1 - t), t**3]
    s = b[0] * p1[:, :, None] + b[1] * c1[:, :, None] + b[2] * c2[:, :, None] + b[3] * p2[:, :, None]
    return s.reshape(len(points), -1, 2)


def shipped_display_matrix() -> np.ndarray:
    """The display matrix shipped in ``models/chernoff.npz`` (``python -m training chernoff``)."""
    from vec2face.learned.weights import load_weights

    return load_weights("chernoff")["display_matrix"].astype(np.float64)


@dataclass
class ChernoffStyle(Style):
    """Chernoff faces: head, hair, beard, ears, eyes, glasses, brows, nose and mouth.

    A code's axes are display axes: raw feature levels (in :data:`FEATURES`
    order) are ``codes @ display_matrix.T``. Training
    (``python -m training chernoff``) chose the matrix so that no two axes
    move the same pixels and the first axes change a face seen small the
    most; each axis stays mostly one feature, whose name it takes. Codes
    whose axes are the features themselves, unmixed (the explicit column
    mapping, the learned map), go through :meth:`feature_codes` first.
    """

    name: str = "chernoff"
    features: tuple[Feature, ...] = field(default_factory=tuple)
    description: str = "cartoon faces whose 24 features carry the data (Chernoff, 1973)"
    gains: np.ndarray = field(default_factory=lambda: GAINS.copy(), repr=False)
    display_matrix: np.ndarray | None = field(default=None, repr=False)  # None: the shipped one

    def __post_init__(self):
        if self.display_matrix is None:
            self.display_matrix = shipped_display_matrix()
        if not self.features:
            self.features = tuple(FEATURES[i] for i in self.display_order)

    @property
    def display_order(self) -> np.ndarray:
        """For each display axis, the feature (index in :data:`FEATURES`) it mostly moves."""
        assert self.display_matrix is not None
        return dominant_axes(self.display_matrix)

    def raw_codes(self, codes: np.ndarray) -> np.ndarray:
        """Display codes to feature codes, in :data:`FEATURES` order."""
        assert self.display_matrix is not None
        # summed the same way for any number of rows (a BLAS product is not): a face drawn alone or in a batch
        # is drawn to the last bit alike, as the rules that keep its parts apart would amplify the difference
        return np.einsum("ij,kj->ik", np.atleast_2d(np.asarray(codes, dtype=np.float64)), self.display_matrix)

    def feature_codes(self, codes: np.ndarray) -> np.ndarray:
        """Codes whose axis i is feature ``features[i]`` itself, unmixed, to
        display codes that draw exactly those feature levels."""
        assert self.display_matrix is not None
        codes = np.atleast_2d(np.asarray(codes, dtype=np.float64))
        raw = np.zeros_like(codes)
        raw[:, self.display_order] = codes
        return np.linalg.solve(self.display_matrix, raw.T).T

    # -- geometry ---------------------------------------------------------
    def _layout(self, codes: np.ndarray) -> dict[str, np.ndarray]:
        """The face's measures (head radii, eye centres and sizes...), each ``(n,)``."""
        p = code_to_unit(self.raw_codes(codes), self.gains)
        f = {feat.name: p[:, i] for i, feat in enumerate(FEATURES)}
        ry = _lerp(f["face_height"], 23.0, 39.0)
        rx = _lerp(f["face_width"], 18.0, 34.0)
        s = _lerp(f["face_shape"], -0.3, 0.3)
        g = {"rx": rx, "ry": ry, "s": s}

        def half_width(v):
            return rx * np.sqrt(np.clip(1 - v**2, 0, 1)) * (1 + s * v)

        # eyes, scaled down (continuously) until their boxes fit in the head
        ve = -_lerp(f["eye_height"], 0.02, 0.36)
        hw_e = half_width(ve)
        ue = _lerp(f["eye_spacing"], 0.28, 0.54)
        ex = ue * hw_e  # distance of eye centre from the midline
        ey = CY + ry * ve
        a = np.minimum.reduce([_lerp(f["eye_size"], 0.12, 0.34) * hw_e, (0.86 - ue) * hw_e, ex - 1.6])
        b = np.minimum(a * _lerp(f["eye_shape"], 0.35, 1.0), ey - (CY - 0.6 * ry))
        slant = _lerp(f["eye_slant"], -0.6, 0.6)
        k_eye = self._fit(g, CX + ex, ey, self._box(a, b, -slant), margin=0.97)
        a, b = a * k_eye, b * k_eye
        r = np.minimum(a, b) * 0.58

        # brows: above the eyes, shortened (continuously) to stay inside the head
        gap = _lerp(f["brow_height"], BROW_EYE, 7.0)
        bs = _lerp(f["brow_slant"], -0.6, 0.6)  # > 0: inner ends down (angry)
        low = ey - b - BROW_EYE
        want = np.minimum(ey - b - gap, low)
        k_up = self._fit(g, CX + ex, low, [(0 * ex, want - low - 0.8)], margin=0.94, base=[(0 * ex, -0.8 + 0 * ex)])
        by = low + k_up * (want - low)
        bl = np.minimum(a * _lerp(f["brow_length"], 0.5, 1.8), ex - 0.8)
        k_brow = self._fit(g, CX + ex, by, [(e * bl * np.cos(bs), -bl * np.abs(np.sin(bs)) - 0.8) for e in (-1, 1)]
                           + [(0 * bl, -0.8 + 0 * bl)], margin=0.94)
        bl = bl * k_brow
        brow_top = by - bl * np.abs(np.sin(bs)) - 0.8

        # mouth
        vm = _lerp(f["mouth_height"], 0.34, 0.64)
        hw_m = half_width(vm)
        mw = hw_m * _lerp(f["mouth_width"], 0.16, 0.7)
        my = CY + ry * vm
        smile = _lerp(f["smile"], -1.0, 1.0)
        mw = mw * self._fit(g, np.full_like(my, CX), my, [(mw, -smile * 0.42 * mw)], margin=0.97)
        chin = CY + ry * np.sqrt(1 - 0.3**2) * 0.95  # under the centre
        k = np.minimum(mw * 0.42, np.maximum(chin - 1.5 - my, 0.0) / np.maximum(smile, 1e-6))
        opening = mw * _lerp(f["mouth_open"], 0.02, 0.9)
        # glasses: lenses round the eyes, hidden behind them until they grow past them
        lam = _lerp(f["glasses"], 0.0, 2.1)
        lx = np.minimum(lam * a, np.maximum(ex - 1.2, a))
        ly = lam * b + np.maximum(lam - 1.0, 0.0) * 0.5 * (a - b)
        grow_x, grow_y = np.maximum(lx - a, 0), np.maximum(ly - b, 0)
        k_gl = self._fit(g, CX + ex, ey, self._box(a + grow_x, b + grow_y, -slant), margin=0.97,
                         base=self._box(a, b, -slant))
        lx = np.where(lam > 1, a + k_gl * grow_x, lam * a)
        ly = np.where(lam > 1, b + k_gl * grow_y, lam * b)
        # a lens stops BROW_LENS under the brow's lowest point: flatter, but never flatter than its eye
        room = np.maximum(ey - (by + bl * np.abs(np.sin(bs))) - BROW_LENS, 0.0)  # lens top to eye centre
        ly_max = np.sqrt(np.maximum(room**2 - (lx * np.sin(slant)) ** 2, 0.0)) / np.cos(slant)
        ly = np.where(lam > 1, np.maximum(np.minimum(ly, ly_max), b), ly)

        # nose: from between the eyes (below their inner corners and the lenses': never out of an eye) to above the mouth
        nose_k = _lerp(f["nose_width"], 0.05, 0.36)  # the nose's half-width, as a share of the face's there
        nose_half = 0.3 * half_width(ve) * nose_k + NOSE_CLEAR
        lips = np.maximum(smile * k, 0.3 * opening - smile * k)
        room = chin - NOSE_ROOM - lips - NOSE_CLEAR  # lenses too deep to leave the nose and mouth room are shallower

        def shallow_enough(rows, depth):
            return np.maximum.reduce([_low_edge(CX + side * ex[rows], ey[rows], lx[rows], depth, -side * slant[rows],
                                                nose_half[rows]) for side in (-1, 1)]) <= room[rows]

        ly = _largest(shallow_enough, np.minimum(b, ly), ly)  # on every face: a lens grows out of its eye smoothly
        # each eye and the lens round it (a lens counts as it grows out of its eye): (centre x, radii, angle)
        eyes = [(CX + side * ex, aa, bb, -side * slant) for side in (-1, 1)
                for aa, bb in ((a, b), (np.maximum(lx, a), np.maximum(ly, b)))]
        under_eyes = np.maximum.reduce([_low_edge(x, ey, aa, bb, ang, nose_half) for x, aa, bb, ang in eyes])
        ny0 = np.maximum(ey + 0.25 * b, NOSE_CLEAR + under_eyes)
        ny0 = np.minimum(ny0, np.maximum(ey + 0.25 * b, chin - NOSE_ROOM - lips))  # a short face keeps room for the mouth
        for _ in range(2):  # keep the lips below the nose and above the chin
            my = np.maximum(my, ny0 + 4.0 + np.maximum(smile * k, 0.3 * opening - smile * k))
            opening = np.minimum(opening, np.maximum(chin - my - smile * k - 1.0, 0.6) / 0.7)
        k_m = self._fit(g, np.full_like(my, CX), my, [(mw, -smile * k), (-mw, -smile * k), (0 * mw, smile * k + 0.7 * opening)],
                        margin=0.85)
        mw, k, opening = mw * k_m, k * k_m, opening * k_m
        lip_top = my + np.minimum(-smile * k, smile * k - 0.3 * opening)
        nose_len = _lerp(f["nose_length"], 0.1, 0.5) * ry
        nyt = np.minimum(ny0 + nose_len, lip_top - 2.0)
        nyt = np.maximum(nyt, ny0 + 2.0)
        nw = half_width((nyt - CY) / ry) * nose_k
        # the nose's lowest point (0.45 nw under its wings) keeps NOSE_MOUTH above the lips: raised, then narrowed
        nyt = np.maximum(np.minimum(nyt, lip_top - NOSE_MOUTH - 0.45 * nw), ny0 + 2.0)
        nw = np.minimum(half_width((nyt - CY) / ry) * nose_k, np.maximum(lip_top - NOSE_MOUTH - nyt, 0.45) / 0.45)

        def clear(rows, width):  # a short, wide nose narrows until its wings pass clear of the eyes and lenses
            line = _polyline(nose_points(width, ny0[rows], nyt[rows]))
            return ~np.logical_or.reduce([_in_ellipse(line, x[rows], ey[rows], aa[rows] + NOSE_CLEAR,
                                                      bb[rows] + NOSE_CLEAR, ang[rows]) for x, aa, bb, ang in eyes])

        nw = _largest(clear, 0.1 * nw, nw)

        # ears: on the sides, at eye level
        es = _lerp(f["ear_size"], 2.2, 10.0) * (ry / 31.0)
        ear_v = ve + 0.12
        ear_x = half_width(ear_v) + es * 0.3

        # hair: volume on top, length down the sides, a hairline above the brows
        top = _lerp(f["hair"], 0.6, 13.0)
        side = 1.0 + 0.3 * top
        v_end = _lerp(f["hair_length"], -0.3, 0.8)
        y_h = np.minimum(_lerp(f["fringe"], CY - 0.8 * ry, brow_top - 2.5), brow_top - 2.5)
        y_t = np.minimum(y_h + 0.22 * ry, brow_top - 1.5)
        v_t = np.minimum((y_t - CY) / ry, v_end)

        # beard: from the chin up the jaw, never over the mouth
        t_b = np.clip((f["beard"] - 0.45) / 0.55, 0.0, 1.0)
        yc_m = my - smile * k
        mb = np.maximum(yc_m, my + smile * k + 0.7 * opening)  # the mouth's lowest point
        y0 = CY + ry
        beard_c = y0 - t_b * np.maximum(y0 - mb - 2.5, 0.0)
        v_s = _lerp(t_b, 0.8, np.minimum(ear_v + 0.1, 0.35))
        side_y = np.maximum(beard_c - t_b * 0.5 * (beard_c - (CY + ry * v_s)), mb + 1.5)
        hw_s = half_width(np.clip((side_y - CY) / ry, -1, 1))
        side_x = np.minimum(np.maximum(mw + 2.5, 0.55 * hw_s), 0.92 * hw_s)

        return {
            "rx": rx, "ry": ry, "s": s,
            "ex": ex, "ey": ey, "a": a, "b": b, "slant": slant, "r": r,
            "by": by, "bl": bl, "bs": bs, "brow_top": brow_top,
            "my": my, "mw": mw, "smile": smile, "k": k, "opening": opening, "mb": mb,
            "ny0": ny0, "nyt": nyt, "nw": nw,
            "es": es, "ear_y": CY + ry * ear_v, "ear_x": ear_x,
            "top": top, "side": side, "v_end": v_end, "y_h": y_h, "v_t": v_t,
            "t_b": t_b, "beard_c": beard_c, "v_s": v_s, "side_y": side_y, "side_x": side_x,
            "lx": lx, "ly": ly, "glasses": lx > a * 1.05,
            "hair_color": f["hair_color"],
        }

    @staticmethod
    def _box(a, b, ang):
        """Offsets of the corners of an ``a`` x ``b`` box turned by ``ang`` (the right eye's turn)."""
        out = []
        for sx in (-1, 1):
            for sy in (-1, 1):
                out.append((sx * a * np.cos(ang) - sy * b * np.sin(ang), sx * a * np.sin(ang) + sy * b * np.cos(ang)))
        return out

    def _fit(self, g, x, y, offsets, margin, base=None, iters=18):
        """The largest k in [0, 1] (bisected) with every point ``(x, y) + base + k * (offset - base)`` inside."""
        lo, hi = np.zeros(np.shape(x)), np.ones(np.shape(x))
        base = base if base is not None else [(0 * dx, 0 * dy) for dx, dy in offsets]

        def ok(kk):
            good = np.ones(np.shape(x), dtype=bool)
            for (dx, dy), (bx, by) in zip(offsets, base):
                good &= self._inside(g, x + bx + kk * (dx - bx), y + by + kk * (dy - by), margin)
            return good

        full = ok(hi)
        for _ in range(iters):
            mid = (lo + hi) / 2
            good = ok(mid)
            lo, hi = np.where(good, mid, lo), np.where(good, hi, mid)
        return np.where(full, 1.0, lo)

    def _head_points(self, g, t):
        """Points of the head outline at angles t (n, m); y grows downwards."""
        rx, ry, s = g["rx"][:, None], g["ry"][:, None], g["s"][:, None]
        v = np.sin(t)
        return np.stack([CX + rx * np.cos(t) * (1 + s * v), CY + ry * v], axis=-1)

    def _at_v(self, g, v, side):
        """The head outline's point at height v (n,) on the left (side -1) or right (+1)."""
        t = np.arcsin(np.clip(v, -1, 1))
        return self._head_points(g, (np.pi - t if side < 0 else t)[:, None])[:, 0]

    def _outline(self, g, m=10):
        t = np.broadcast_to(np.linspace(0, 2 * np.pi, m, endpoint=False) + np.pi / 2, (len(g["rx"]), m))
        return self._head_points(g, t)

    def _hair(self, g):
        """One loop: over the top (thick with volume), down the sides to the ends, back along the hairline."""
        n = len(g["rx"])
        v_end = g["v_end"][:, None]
        t0 = np.pi - np.arcsin(v_end)
        t1 = 2 * np.pi + np.arcsin(v_end)
        u = np.linspace(0.0, 1.0, 7)[None, :]
        t_out = t0 + (t1 - t0) * u
        base = self._head_points(g, t_out)
        v = np.sin(t_out)
        thick = g["side"][:, None] + (g["top"] - g["side"])[:, None] * np.clip(-v, 0, 1) ** 1.5
        rad = base - np.array([CX, CY])
        rad /= np.linalg.norm(rad, axis=-1, keepdims=True)
        outer = base + rad * thick[..., None]

        def inner(v, side, squeeze):
            q = self._at_v(g, v, side)
            return np.stack([CX + (q[:, 0] - CX) * squeeze, q[:, 1]], axis=1)

        v_mid = 0.5 * (g["v_end"] + g["v_t"])
        pts = [inner(g["v_end"], 1, 0.97), inner(v_mid, 1, 0.97), inner(g["v_t"], 1, 0.95),
               np.stack([np.full(n, CX), g["y_h"]], axis=1),
               inner(g["v_t"], -1, 0.95), inner(v_mid, -1, 0.97), inner(g["v_end"], -1, 0.97)]
        return np.concatenate([outer, np.stack(pts, axis=1)], axis=1)

    def _beard(self, g):
        """One loop: along the jaw (pushed out a little) from sideburn to sideburn, back under the mouth."""
        n = len(g["rx"])
        ta = np.arcsin(np.clip(g["v_s"], -1, 1))[:, None]
        t = ta + (np.pi - 2 * ta) * np.linspace(0.0, 1.0, 5)[None, :]
        base = self._head_points(g, t)
        rad = base - np.array([CX, CY])
        rad /= np.linalg.norm(rad, axis=-1, keepdims=True)
        outer = base + rad * (0.3 + 1.5 * g["t_b"])[:, None, None]
        inner = np.stack([np.stack([CX - g["side_x"], g["side_y"]], axis=1),
                          np.stack([np.full(n, CX), g["beard_c"]], axis=1),
                          np.stack([CX + g["side_x"], g["side_y"]], axis=1)], axis=1)
        return np.concatenate([outer, inner], axis=1)

    def _eyes(self, g):
        cxs = np.stack([CX - g["ex"], CX + g["ex"]], axis=1)
        ang = np.stack([g["slant"], -g["slant"]], axis=1)  # mirrored: + raises both outer corners
        return cxs, ang

    def decode(self, codes: np.ndarray) -> FaceGeometry:
        g = self._layout(codes)
        n = len(g["rx"])
        ey = g["ey"]
        cxs, ang = self._eyes(g)
        eyes = [G.ellipse(cxs[:, i], ey, g["a"], g["b"], ang[:, i]) for i in (0, 1)]
        pupils = [G.ellipse(cxs[:, i], ey, g["r"], g["r"]) for i in (0, 1)]
        gl = g["glasses"]
        lenses = [G.ellipse(cxs[:, i], ey, g["lx"], g["ly"], ang[:, i], visible=gl) for i in (0, 1)]
        inner_l = np.stack([cxs[:, 0] + g["lx"] * np.cos(ang[:, 0]), ey + g["lx"] * np.sin(ang[:, 0])], axis=1)
        inner_r = np.stack([cxs[:, 1] - g["lx"] * np.cos(ang[:, 1]), ey - g["lx"] * np.sin(ang[:, 1])], axis=1)
        bridge = G.quad(inner_l, np.stack([np.full(n, CX), ey - 2.0], axis=1), inner_r, visible=gl)
        brows = []
        for side in (-1.0, 1.0):
            xc = CX + side * g["ex"]
            inner = np.stack([xc - side * g["bl"] * np.cos(g["bs"]), g["by"] + g["bl"] * np.sin(g["bs"])], axis=1)
            outer = np.stack([xc + side * g["bl"] * np.cos(g["bs"]), g["by"] - g["bl"] * np.sin(g["bs"])], axis=1)
            ctrl = np.stack([xc, g["by"] - 1.6], axis=1)
            brows.append(G.quad(inner, ctrl, outer))
        nose_pts = nose_points(g["nw"], g["ny0"], g["nyt"])
        my, mw, k, o, sm = g["my"], g["mw"], g["k"], g["opening"], g["smile"]
        yc = my - sm * k  # corners
        up_mid = my + sm * k - 0.3 * o
        lo_mid = my + sm * k + 0.7 * o
        mouth = G.quad(
            np.stack([CX - mw, yc], axis=1),
            np.stack([np.full(n, CX), 2 * up_mid - yc], axis=1),
            np.stack([CX + mw, yc], axis=1),
            np.stack([np.full(n, CX), 2 * lo_mid - yc], axis=1),
        )
        ears = [G.ellipse(CX + side * g["ear_x"], g["ear_y"], g["es"] * 0.6, g["es"]) for side in (-1, 1)]
        tone = HAIR_TONES[np.rint(g["hair_color"] * _LEVELS).astype(int)]
        beard = G.smooth(self._beard(g), closed=True, visible=g["t_b"] > 0.02)
        geometry = FaceGeometry((
            Part("ear", "skin", tuple(ears)),
            Part("head", "skin", (G.smooth(self._outline(g), closed=True),)),
            Part("hair", "hair", (G.smooth(self._hair(g), closed=True), beard), tone),
            Part("glasses", "ink", (*lenses, bridge, G.smooth(nose_pts))),
            Part("eye", "eye", tuple(eyes)),
            Part("pupil", "pupil", tuple(pupils)),
            Part("brow", "brow", tuple(brows)),
            Part("mouth", "lips", (mouth,)),
        ), palette=PALETTE, pen=PEN)
        return G.zoomed(geometry, G.fit_zoom(geometry, ZOOM, FACE_CENTRE, BOX_MARGIN, OUTER_PARTS), FACE_CENTRE)

    # -- validity -----------------------------------------------------------
    def _inside(self, g, x, y, margin=1.0):
        """Is (x, y) strictly inside the head (u^2 + v^2 < margin^2)? Broadcasts."""
        v = (y - CY) / g["ry"]
        u = (x - CX) / (g["rx"] * (1 + g["s"] * v))
        return u**2 + v**2 < margin**2

    def validity(self, codes: np.ndarray) -> np.ndarray:
        """Features inside the head, top-to-bottom order kept, left/right not swapped,
        the hair clear of the brows, the beard clear of the mouth, all inside the face box."""
        g = self._layout(codes)
        ok = np.ones(len(g["rx"]), dtype=bool)
        cxs, ang = self._eyes(g)
        for side in (0, 1):
            for (dx, dy) in self._box(g["a"], g["b"], ang[:, side]):
                ok &= self._inside(g, cxs[:, side] + dx, g["ey"] + dy)
            for (dx, dy) in self._box(g["lx"], g["ly"], ang[:, side]):  # glasses
                ok &= self._inside(g, cxs[:, side] + dx, g["ey"] + dy)
        ok &= g["lx"] < g["ex"]  # lenses apart
        ok &= (CX + g["ex"] - g["a"]) > (CX - g["ex"] + g["a"])  # eyes apart, left on the left
        for sx in (-1, 1):  # brows: both ends and the top of their bow inside the head
            ok &= self._inside(g, CX + sx * g["ex"], g["by"] - 0.8)
            for e in (-1, 1):
                bx = CX + sx * g["ex"] + e * g["bl"] * np.cos(g["bs"])
                ok &= self._inside(g, bx, g["by"] - g["bl"] * np.abs(np.sin(g["bs"])) - 0.8)
        ok &= g["by"] < g["ey"] - g["b"] + 1e-9  # brows above the eyes
        ok &= g["ey"] < g["nyt"]  # eyes above the nose tip
        mouth_top = g["my"] + np.minimum(-g["smile"] * g["k"], g["smile"] * g["k"] - 0.3 * g["opening"])
        ok &= g["nyt"] < mouth_top  # nose above the mouth
        for sx in (-1, 1):
            ok &= self._inside(g, CX + sx * g["mw"], g["my"] - g["smile"] * g["k"])
        ok &= self._inside(g, np.full_like(g["my"], CX), g["my"] + g["smile"] * g["k"] + 0.7 * g["opening"])
        ok &= g["r"] <= np.minimum(g["a"], g["b"])
        # the hairline (as drawn) stays above the brows
        hair = _catmull(self._hair(g), closed=True)
        line = hair[:, 7 * 6 + 6 * 2 : 7 * 6 + 6 * 4]  # from the right temple to the left temple
        ok &= (line[..., 1] < g["brow_top"][:, None] - 0.5).all(axis=1)
        # the beard (as drawn) stays under the mouth
        beard = _catmull(self._beard(g), closed=True)[:, 4 * 6 :]
        dx = np.abs(beard[..., 0] - CX)
        corner = (g["my"] - g["smile"] * g["k"])[:, None]
        lower = g["my"] + g["smile"] * g["k"] + 0.7 * g["opening"]  # the lower lip's lowest point
        lip = corner + np.maximum(lower[:, None] - corner, 0) * np.clip(1 - (dx / np.maximum(g["mw"], 1e-9)[:, None]) ** 2, 0, 1)
        over = (dx < g["mw"][:, None] + 1.0) & (beard[..., 1] < lip + 1.0)
        ok &= (g["t_b"] <= 0.02) | ~over.any(axis=1)
        # everything inside the face box
        for pts in (hair, _catmull(self._beard(g), closed=True)):
            ok &= ((pts > 1.0) & (pts < 99.0)).all(axis=(1, 2))
        ok &= (g["ear_x"] + g["es"] * 0.6 < 48.5)
        return ok
