"""The ``line`` style: a pretrained stroke face, like a pen sketch.

A face code (``k`` numbers, standard deviations of real faces) goes through
the pretrained decoder (:mod:`vec2face.learned.line_model`) to 68 landmarks in
the iBUG layout, which are drawn as smooth pen strokes: Catmull-Rom curves
written as cubic Béziers with round caps. The jaw is closed over the top by an
elliptical skull; eyes and lips are closed paths.

Landmarks are normalised (RMS radius 1 around their centroid); one fixed scale
maps them into the 100-unit face box, so a bigger face in the data is a bigger
face on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from vec2face import geometry as G
from vec2face.geometry import FaceGeometry, Part
from vec2face.learned import landmarks as L
from vec2face.learned.line_model import DRAWN_EXTRAS, POSE_EXTRAS
from vec2face.style.base import Feature, Style, dominant_axes, shipped_or_placeholder_features

SCALE = 23.5  # face-box units per unit of normalised landmark radius
CENTRE = np.array([50.0, 61.0])

# The drawn extras, raw axes after the learned ones; their names key the
# decoded geometry. The style's feature names come from the model card.
EXTRAS = (
    Feature("hair_tone", "dark hair -> light hair"),
    Feature("hair_volume", "hair cropped to the skull -> a full, high, round head of hair"),
    Feature("hair_length", "short hair above the ears -> hair falling past the chin"),
    Feature("fringe", "a high, bare forehead -> a heavy fringe down to the brows"),
    Feature("facial_hair", "clean-shaven -> a moustache -> a full beard"),
    Feature("glasses", "no glasses -> large glasses"),
    Feature("head_turn", "head turned to the viewer's left -> to the viewer's right"),
    Feature("head_nod", "head tipped back -> head bowed"),
)
assert len(EXTRAS) == DRAWN_EXTRAS  # the model's codes end with these drawn features
assert [EXTRAS[i].name for i in POSE_EXTRAS] == ["head_turn", "head_nod"]
# Hair from black-brown to grey-blond, in 25 steps along these tones.
_TONES = np.array([[0x2a, 0x21, 0x1c], [0x4b, 0x36, 0x26], [0x6e, 0x4f, 0x36], [0x8f, 0x6c, 0x4b],
                   [0xb0, 0x8d, 0x63], [0xc9, 0xad, 0x82], [0xd8, 0xc8, 0xa8]], dtype=np.float64)


def _tone_table(tones: np.ndarray, steps: int = 25) -> np.ndarray:
    """``steps`` CSS colours evenly along the piecewise-linear path through ``tones`` (RGB rows)."""
    t = np.linspace(0.0, len(tones) - 1.0, steps)
    i = np.minimum(t.astype(int), len(tones) - 2)
    rgb = np.rint(tones[i] + (t - i)[:, None] * (tones[i + 1] - tones[i])).astype(int)
    return np.array(["#" + "".join(f"{v:02x}" for v in c) for c in rgb], dtype=object)


HAIR_TONES = _tone_table(_TONES)
BOX = (2.0, 98.0)  # everything drawn stays inside the face box
MOUSTACHE_RAMP = (0.5, 0.7)  # levels where the moustache starts and is full
BEARD_RAMP = (0.65, 1.0)
GLASSES_RAMP = (0.55, 0.8)
# Glasses, in face-box units between centre lines: a rim keeps RIM_GAP from the other rim and from the head's side,
# frames a little more than the eye it holds (RIM_CLEAR over the eye's half-height), and keeps BROW_CLEAR (the
# brow's and the frame's half-pens and a gap) below the brow.
RIM_GAP, RIM_CLEAR, BROW_CLEAR = 3.0, 2.5, 5.9
# The brows' pen, times the style's: 5.3 units (the renderer's 1.9 gave 6.7, taller than an eye). Brows keep paper
# round them, centre line to centre line (the half pens and a strip of paper): BROW_EYE over the eye's upper lid,
# BROW_APART between their inner ends, BROW_EDGE inside the head's outline, and a fringe FRINGE_GAP above them
# (brows had touched the head's outline on 35% of random faces, the fringe on 24%, an eye on 18%, each other on 13%).
BROW_PEN = 1.5
BROW_EYE, BROW_APART, BROW_EDGE, FRINGE_GAP = 5.2, 6.3, 4.5, 4.7
# The nose's base (its nostrils) keeps NOSE_GAP above the mouth's top, centre line to centre line (the pens and a
# strip of paper), or, over a moustache, MOUSTACHE_GAP above its top with MOUSTACHE_MIN of moustache under it: where
# the mouth sits higher, the nose is drawn shorter, by at most NOSE_LIFT of its length (nostrils fused with a mouth or
# hidden in a moustache read at map size as one dark bar).
NOSE_GAP, MOUSTACHE_GAP, MOUSTACHE_MIN, NOSE_LIFT = 5.3, 4.0, 2.5, 0.4
FRINGE_FROM = 0.2  # the level where a fringe starts to grow (a neutral face has a short one)
PEN = 2.2  # the style's pen, times the renderer's line width: bold enough to read at 32-48 px
# Pupils are dots of the pen, 3.4 units across. The head and the hair keep the renderer's colours with half
# its pen: their outlines are the same on every face, so where a glance shifts faces by a few pixels they
# only add noise, while the features inside, drawn bold, carry the data (bench/glance.py: digits 0.69 -> 0.75).
PALETTE = {"pupil": G.Paint(None, None, absolute_width=3.4), "skin": G.Paint("#f7e3cf", "paper", width=0.5),
           "hair": G.Paint("#4b3626", "ink", width=0.5), "brow": G.Paint(None, None, width=BROW_PEN)}


# The parts that can reach furthest out; everything else lies inside the head or the hair, except the inner lip's
# control points on a wide-open mouth, hence "lip" (on 10,000 random faces these give the same bounds as all parts).
BOUNDING = ("hair", "head", "beard", "glasses", "lip")


def _fit_to_box(parts: tuple[Part, ...]) -> tuple[Part, ...]:
    """Scale (never up) and move each whole face so that everything it shows
    lies inside :data:`BOX`: a face too big for the box is drawn smaller, not cut."""
    lo, hi = G.extents(parts, BOUNDING, shown_only=True)
    span = BOX[1] - BOX[0]
    s = np.minimum(1.0, span / np.maximum((hi - lo).max(axis=1), 1e-9))
    mid = 0.5 * (lo + hi)
    half = 0.5 * s[:, None] * (hi - lo)
    return G.moved(parts, s, np.clip(mid, BOX[0] + half, BOX[1] - half) - s[:, None] * mid)  # to + s (p - mid)


JAW_DRAWN = [0, 3, 6, 8, 10, 13, 16]
LIPS_OUTER_DRAWN = [48, 50, 52, 54, 56, 58]
BEARD_JAW = [14, 12, 10, 8, 6, 4, 2]
SKULL_POINTS = 4  # the head's outline over the top (and the fringe's upper edge): from point 16's side to 0's


def _eye_outline(e: np.ndarray) -> np.ndarray:
    """Four points of an eye (6 iBUG points): corners and the middles of the lids."""
    return np.stack([e[:, 0], 0.5 * (e[:, 1] + e[:, 2]), e[:, 3], 0.5 * (e[:, 4] + e[:, 5])], axis=1)


def _lens(q: np.ndarray) -> G.Shape:
    """A closed lens of two quadratic curves through four points ``(n, 4, 2)``:
    a corner, the upper middle, the other corner, the lower middle."""
    ends = 0.5 * (q[:, 0] + q[:, 2])
    return G.quad(q[:, 0], 2.0 * q[:, 1] - ends, q[:, 2], 2.0 * q[:, 3] - ends)


def _arc(q: np.ndarray) -> G.Shape:
    """An open quadratic curve through three points ``(n, 3, 2)`` (its middle at the middle one)."""
    return G.quad(q[:, 0], 2.0 * q[:, 1] - 0.5 * (q[:, 0] + q[:, 2]), q[:, 2])


def _lerp(p, lo, hi):
    return lo + p * (hi - lo)


def _ramp(x, start, end):
    """0 below ``start``, 1 above ``end``, smooth (smoothstep) between."""
    t = np.clip((x - start) / (end - start), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _jaw_at(p: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Points at fractional jaw indices ``j`` ``(n,)``: linear between landmarks."""
    i = np.clip(np.floor(j).astype(int), 0, 15)
    f = (j - i)[:, None]
    rows = np.arange(len(p))
    return (1 - f) * p[rows, i] + f * p[rows, i + 1]


@dataclass
class LineStyle(Style):
    """Stroke faces from the pretrained decoder shipped in ``models/line.npz``."""

    name: str = "line"
    description: str = "pen-sketch faces from a decoder learned on real face shapes"
    features: tuple[Feature, ...] = field(default_factory=tuple)
    weights: dict | None = field(default=None, repr=False)  # arrays instead of the shipped models/line.npz

    def __post_init__(self):
        """Features: the reviewed names and docs in ``models/line.json``, one
        per style axis (learned shape axes mixed by the display matrix, then
        the drawn extras); other weights get placeholders ``axis_i``."""
        if not self.features:
            self.features = shipped_or_placeholder_features("line", self.model.code_dim, self.weights is None)

    @cached_property
    def display_matrix(self) -> np.ndarray:
        """``(raw_dim, k)``: raw codes (learned shape axes, then EXTRAS) = style codes @ M.T.

        Training measured what each raw axis moves and chose M so that steps
        along different style axes move different ink, the first axes being
        those a glance sees most, and left out the axes a glance at map size
        cannot see (``training.calibrate.display_calibration``); style axis i
        stays mostly raw axis ``display_order[i]``.
        """
        M = self.model.display_matrix
        return np.eye(self.model.raw_dim) if M is None else M

    @cached_property
    def display_order(self) -> np.ndarray:
        return dominant_axes(self.display_matrix)

    def raw_codes(self, codes: np.ndarray) -> np.ndarray:
        """Style codes to raw codes: learned shape axes first, then the drawn extras."""
        return np.atleast_2d(np.asarray(codes, dtype=np.float64)) @ self.display_matrix.T

    def style_codes(self, raw: np.ndarray) -> np.ndarray:
        """The inverse of :meth:`raw_codes` (the line model's ``style_codes``)."""
        return self.model.style_codes(raw)

    @cached_property
    def model(self):
        from vec2face.learned.line_model import LineModel, shipped_line_model

        return shipped_line_model() if self.weights is None else LineModel.from_arrays(self.weights)

    @property
    def expressions(self) -> list[str]:
        return self.model.expression_names

    def expression_direction(self, name: str) -> np.ndarray:
        """The style-code step of one real-face standard deviation towards a named expression."""
        if name not in self.expressions:
            return Style.expression_direction(self, name)
        raw = np.zeros(self.model.raw_dim)
        raw[: self.model.latent_dim] = self.model.expression(name)  # unit length in real-face sd
        return self.style_codes(raw)[0]

    def with_expression(self, codes: np.ndarray, name: str | None, strength: float = 3.0) -> np.ndarray:
        """Codes moved ``strength`` real-face standard deviations towards a named expression."""
        if name is None:
            return codes
        return np.asarray(codes, dtype=np.float64) + strength * self.expression_direction(name)

    def _split(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Style codes to (learned raw codes ``(n, k)``, drawn extras ``(n, DRAWN_EXTRAS)`` clipped to +-3)."""
        raw = self.raw_codes(codes)
        k = self.model.latent_dim
        return raw[:, :k], np.clip(raw[:, k:], -3.0, 3.0)

    def landmarks(self, codes: np.ndarray) -> dict[str, np.ndarray]:
        """The 68 decoded landmarks ``(n, 68, 2)`` in the face box (caricatured,
        posed), and the drawn extras ``(n,)`` in [0, 1]."""
        learned, extra = self._split(codes)
        pts = self.model.decode(learned, extra[:, list(POSE_EXTRAS)]) * SCALE + CENTRE
        level = 0.5 + extra / 6.0
        return {"points": pts, **{f.name: level[:, i] for i, f in enumerate(EXTRAS)}}

    @staticmethod
    def _hair(p: np.ndarray, skull: np.ndarray, volume: np.ndarray, length: np.ndarray) -> np.ndarray:
        """The hair behind the head: a cap over the ``skull`` (five points of
        :func:`~vec2face.learned.landmarks.cranium`), ``volume`` thick,
        whose sides hang from the temples down the jaw by ``length``; its
        inner edge hides under the head."""
        vol, ln = volume[:, None], length[:, None]
        centre = 0.5 * (p[:, 0] + p[:, 16])[:, None]
        radial = skull - centre
        radial /= np.linalg.norm(radial, axis=-1, keepdims=True)
        u = np.linspace(0, 1, 5)[None, :]
        # from a bald crown (the cap's top under the head) through a crop to a high, round mop
        thick = np.maximum(_lerp(vol, -3.0, 16.0), 0.0) * (0.55 + 0.45 * np.sin(np.pi * u))
        top = skull + radial * thick[..., None]
        # short hair hugs the head above the ears; long hair falls past the jaw, out a little
        side = _lerp(vol, 0.3, 6.0) * _lerp(ln, 0.5, 1.2) + _lerp(ln, 0.0, 2.5)
        j = 7.5 * length**2  # how far down the jaw, in landmark steps from its ends
        ends = []
        for jaw_end, sign in ((16, 1.0), (0, -1.0)):
            at = _jaw_at(p, (jaw_end - sign * j))  # on the jaw, where the hair ends
            drop = at[:, 1:2] + _lerp(ln, 1.0, 4.0)
            outer = np.concatenate([p[:, jaw_end, :1] + sign * side, drop], axis=1)
            inner = at + (0.5 * (p[:, 0] + p[:, 16]) - at) * 0.15  # tucked under the head
            ends.append((outer, inner))
        (out_16, in_16), (out_0, in_0) = ends
        # the inner edge (in_0 back to in_16) runs under the head: no points of its own
        return np.concatenate([in_16[:, None], out_16[:, None], top, out_0[:, None], in_0[:, None]], axis=1)

    @staticmethod
    def _fringe(brow_top: np.ndarray, fringe: np.ndarray, skull: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Hair over the forehead, down from the ``skull`` (the head's own outline
        over the top) towards the brows (their highest point ``brow_top``) by ``fringe``
        (swept: lower on the face's right); and which faces show it."""
        grown = np.clip((fringe - FRINGE_FROM) / (1.0 - FRINGE_FROM), 0.0, 1.0)
        reach = grown[:, None] * np.array([[0.75, 1.0]])  # swept to one side
        target_y = (brow_top - FRINGE_GAP)[:, None]
        start = skull[:, 1:3]  # under the skull's inner points
        inner = start.copy()
        inner[..., 1] = inner[..., 1] + reach * np.maximum(target_y - inner[..., 1], 0.0)
        inner[..., 1] = np.maximum(inner[..., 1], start[..., 1] + 0.5)
        ring = np.concatenate([skull, inner[:, ::-1]], axis=1)
        return ring, grown > 0.05

    @staticmethod
    def _brows_clear(p: np.ndarray, head: np.ndarray) -> np.ndarray:
        """The landmarks with the brows (17-21, 22-26) moved apart to keep :data:`BROW_APART` between their inner
        ends, raised to keep :data:`BROW_EYE` over the eye's upper lid, and their outer ends drawn in to keep
        :data:`BROW_EDGE` from the head's outline (``head``: points along it, ``(n, m, 2)``)."""
        out = p.copy()
        short = np.maximum(BROW_APART - (out[:, 22, 0] - out[:, 21, 0]), 0.0)
        out[:, 17:22, 0] -= 0.5 * short[:, None]
        out[:, 22:27, 0] += 0.5 * short[:, None]
        for brow, lid, corners, outer in ((slice(17, 22), [37, 38], [36, 39], 17), (slice(22, 27), [43, 44], [42, 45], 26)):
            b = out[:, brow]
            over = (b[..., 0] > out[:, corners, 0].min(axis=1)[:, None] - 2.0) & \
                   (b[..., 0] < out[:, corners, 0].max(axis=1)[:, None] + 2.0)
            top = out[:, lid, 1].min(axis=1)[:, None]
            lift = np.where(over, b[..., 1] + BROW_EYE - top, 0.0).max(axis=1)
            out[:, brow, 1] -= np.maximum(lift, 0.0)[:, None]
            end = out[:, outer]
            near = np.sqrt(((head - end[:, None]) ** 2).sum(-1)).min(axis=1)
            mid = out[:, 19 if outer == 17 else 24]
            length = np.linalg.norm(end - mid, axis=-1)
            along = (end - mid) / np.maximum(length, 1e-9)[:, None]
            out[:, outer] = end - along * np.minimum(np.maximum(BROW_EDGE - near, 0.0), 0.6 * length)[:, None]
        return out

    @staticmethod
    def _nose_clear(p: np.ndarray, level: np.ndarray) -> np.ndarray:
        """The landmarks with the nose's tip and nostrils (30-35) raised where the mouth, or the moustache that
        ``level`` of facial hair grows, would come within :data:`NOSE_GAP` of them."""
        m = _ramp(level, *MOUSTACHE_RAMP)
        base = p[:, 31:36, 1].max(axis=1)
        need = np.maximum(NOSE_GAP, np.where(m > 0.03, MOUSTACHE_GAP + 0.6 + m * MOUSTACHE_MIN, 0.0))
        lift = np.clip(base + need - p[:, 50:53, 1].min(axis=1), 0.0, NOSE_LIFT * (p[:, 30, 1] - p[:, 27, 1]))
        out = p.copy()
        out[:, 30:36, 1] -= lift[:, None]
        return out

    @staticmethod
    def _facial_hair(p: np.ndarray, level: np.ndarray):
        """A moustache (from the level 0.5 up) and a beard (from 0.65 up), each growing smoothly;
        the moustache's top keeps :data:`MOUSTACHE_GAP` under the nostrils."""
        m = _ramp(level, *MOUSTACHE_RAMP)[:, None, None]
        b = _ramp(level, *BEARD_RAMP)[:, None, None]
        lip = p[:, [54, 51, 48]] + np.array([[1.2, -0.4], [0, -0.6], [-1.2, -0.4]])
        under = np.minimum(p[:, 31:36, 1].max(axis=1) + MOUSTACHE_GAP, lip[:, 1, 1])  # never below the lip line
        nose = np.stack([p[:, 54] + [1.0, -3.0], np.stack([p[:, 33, 0], under], axis=1), p[:, 48] + [-1.0, -3.0]], axis=1)
        lip[:, [0, 2], 1] += 2.5 * m[:, 0]  # the ends droop as it grows
        moustache = np.concatenate([lip, (lip + m * (nose - lip))[:, ::-1]], axis=1)
        centre = p[:, 27:36].mean(axis=1, keepdims=True)
        jaw = p[:, BEARD_JAW]
        outer = jaw + 0.8 * (jaw - centre) / np.linalg.norm(jaw - centre, axis=-1, keepdims=True)
        full = np.stack([_lerp(0.45, p[:, 14], p[:, 54]), p[:, 54] + [2.0, 3.0], p[:, 57] + [0.0, 2.5],
                         p[:, 48] + [-2.0, 3.0], _lerp(0.45, p[:, 2], p[:, 48])], axis=1)
        on_jaw = p[:, [14, 11, 8, 5, 2]]
        beard = np.concatenate([outer, (on_jaw + b * (full - on_jaw))[:, ::-1]], axis=1)
        return moustache, m[:, 0, 0] > 0.03, beard, b[:, 0, 0] > 0.03

    @staticmethod
    def _glasses(p: np.ndarray, level: np.ndarray):
        """Round frames around the eyes and a bridge, from the level 0.55 up, growing;
        and the brows, lifted clear of the frames.

        Each rim stays inside the head (short of the jaw's top at its side) and
        clear of the other rim. Where a brow comes down onto a rim, the rim is
        drawn flatter (down to the eye it frames) and the brow raised by what is
        left: brows and frames do not fuse into one dark band at map size (a
        reviewer saw masks on 6 of 200 faces). Returns (frame shapes, the brows'
        points ``(n, 6, 2)``: 17, 19, 21, 22, 24, 26)."""
        g = _ramp(level, *GLASSES_RAMP)
        shown = g > 0.02
        eyes = [p[:, L.GROUPS[name][0]] for name in ("eye_right", "eye_left")]
        centres = [e.mean(axis=1) for e in eyes]
        apart = np.linalg.norm(centres[1] - centres[0], axis=-1)
        rims, brows = [], []
        for e, c, side, idx in zip(eyes, centres, (0, 16), ([17, 19, 21], [22, 24, 26])):
            half_w = 0.5 * np.linalg.norm(e[:, 3] - e[:, 0], axis=-1)
            rx = half_w * _lerp(g, 1.15, 1.6) + 0.8
            rx = np.minimum(rx, np.minimum(0.5 * apart - RIM_GAP, np.abs(c[:, 0] - p[:, side, 0]) - RIM_GAP))
            rx = np.maximum(rx, half_w + 0.5)
            eye_half_h = 0.5 * (e[:, 4:6, 1].mean(axis=1) - e[:, 1:3, 1].mean(axis=1))
            ry_min = np.minimum(eye_half_h + RIM_CLEAR, 0.8 * rx)
            brow = p[:, idx].copy()
            low = brow[..., 1].max(axis=1)  # the brow's lowest point (its curve stays within its points)
            # room between the brow and the rim's top, centre line to centre line, less BROW_CLEAR
            room = (c[:, 1] - 0.8 * rx) - low - BROW_CLEAR
            ry = np.clip(0.8 * rx + np.minimum(room, 0.0), ry_min, 0.8 * rx)  # first flatter
            short = np.maximum(low + BROW_CLEAR - (c[:, 1] - ry), 0.0)
            brow[..., 1] -= (short * shown)[:, None]  # then the brow higher
            brows.append(brow)
            rims.append((c, rx, ry))
        (c_r, rx_r, ry_r), (c_l, rx_l, ry_l) = rims
        bridge = np.stack([c_r + np.stack([rx_r, np.zeros_like(rx_r)], 1), 0.5 * (c_r + c_l) - [0.0, 1.0],
                           c_l - np.stack([rx_l, np.zeros_like(rx_l)], 1)], axis=1)
        shapes = tuple(G.ellipse(c[:, 0], c[:, 1], rx, ry, visible=shown) for c, rx, ry in rims)
        return (*shapes, G.smooth(bridge, visible=shown)), np.concatenate(brows, axis=1)

    def decode(self, codes: np.ndarray) -> FaceGeometry:
        g = self.landmarks(codes)
        p = self._nose_clear(g["points"], g["facial_hair"])
        groups = L.GROUPS
        # Strokes go through a subset of the landmarks where a curve is long
        # and smooth (jaw, brows, lips): the same drawing in fewer bytes.
        frame = L.cranium_frame(p)  # the skull's ellipse, sampled for the head and for the hair
        skull = L.cranium_arc(frame, SKULL_POINTS)
        head = np.concatenate([p[:, JAW_DRAWN], skull], axis=1)
        p = self._brows_clear(p, G.sample_smooth(head, closed=True, steps=4))
        frames, brow_points = self._glasses(p, g["glasses"])
        brows = (_arc(brow_points[:, :3]), _arc(brow_points[:, 3:]))
        nose = (G.polyline(p[:, [27, 30]]), G.smooth(p[:, [31, 33, 35]]))
        eyes = tuple(_lens(_eye_outline(p[:, groups[e][0]])) for e in ("eye_right", "eye_left"))
        tone = HAIR_TONES[np.rint(g["hair_tone"] * (len(HAIR_TONES) - 1)).astype(int)]
        # pupils: round dots, a pen stroke of no length (the palette sets their size)
        pupils = tuple(G.polyline(np.repeat(p[:, groups[e][0]].mean(axis=1, keepdims=True), 2, axis=1))
                       for e in ("eye_right", "eye_left"))
        fringe, has_fringe = self._fringe(brow_points[..., 1].min(axis=1), g["fringe"], skull)
        hair = self._hair(p, L.cranium_arc(frame, 5), g["hair_volume"], g["hair_length"])
        moustache, has_moustache, beard, has_beard = self._facial_hair(p, g["facial_hair"])
        return FaceGeometry(pen=PEN, palette=PALETTE, parts=_fit_to_box((
            Part("hair", "hair", (G.smooth(hair, closed=True),), tone),
            Part("head", "skin", (G.smooth(head, closed=True),)),
            Part("fringe", "hair", (G.smooth(fringe, closed=True, visible=has_fringe),), tone),
            Part("beard", "hair", (G.smooth(beard, closed=True, visible=has_beard),), tone),
            Part("eye", "eye", eyes),
            Part("pupil", "pupil", pupils),
            Part("brow", "brow", brows),
            Part("line", "ink", nose),
            Part("moustache", "hair", (G.smooth(moustache, closed=True, visible=has_moustache),), tone),
            Part("mouth", "lips", (G.smooth(p[:, LIPS_OUTER_DRAWN], closed=True),)),
            Part("lip", "lip_line", (_lens(p[:, [60, 62, 64, 66]]),)),
            Part("glasses", "frame", frames),
        )))

    def validity(self, codes: np.ndarray) -> np.ndarray:
        learned, extra = self._split(codes)
        return self.model.validity(learned, extra[:, list(POSE_EXTRAS)])
