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
from vec2face.geometry import FaceGeometry, Paint, Part, Shape
from vec2face.style.base import Feature, Style, dominant_axes, shipped_or_placeholder_features

SCALE, CENTRE = 74.0, 50.0
EYE_DOT = 2.5  # an eye whose points spread less than this (in the 100-unit box) is a dot
PEN = 3.0  # the style's pen, times the renderer's line width: a marker line that reads at 32-48 px
MOUTH_OPEN = 0.1  # a drawn mouth this far (sd, in mouth widths) off one curve is open (decoded: the model's own)
# Pen on paper: a pale head, eyes filled with ink in colour and left open in line art. The head's outline, drawn
# with half the pen, frames the face; the bold eyes and mouth inside carry the data. Where a glance shifts faces by a
# few pixels, the outline only adds noise (bench/glance.py, digits: 0.743 -> 0.766), as with the line style's head.
PALETTE = {"skin": Paint("#fff7d6", None, width=0.5), "pupil": Paint("ink", None)}


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
        # eyes stay apart: no ring or line reaches past 45% of the way to the other eye's centre
        apart = 0.45 * np.linalg.norm(fits[0][0] - fits[1][0], axis=-1)
        for k, (c, axes, angle) in zip((1, 2), fits):
            rx = np.minimum(np.maximum(axes[:, 0], 1.0), np.maximum(apart, 1.0))
            ry = np.minimum(np.maximum(axes[:, 1], 0.8), rx)
            axes = np.stack([rx, ry], axis=1)
            on = pres[:, k] > 0.5
            dots.append(G.ellipse(c[:, 0], c[:, 1], np.clip(rx, 1.2, 3.0), np.clip(ry, 1.0, 3.0), angle,
                                  visible=on & dot))
            strokes.append(G.ellipse(c[:, 0], c[:, 1], rx, ry, angle, visible=on & ~dot & ~line))
            strokes.append(_segment(c, axes[:, 0], angle, on & line))
        open_at = float(self.model.a.get("mouth_open", MOUTH_OPEN))  # calibrated by training
        strokes.extend(_mouth(s[:, 3], open_at, pres[:, 3] > 0.5))
        c, axes, angle = _spread(s[:, 4])
        strokes.append(_segment(c, axes[:, 0], angle, pres[:, 4] > 0.5))
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
