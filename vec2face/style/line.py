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
from vec2face.learned.line_model import DRAWN_EXTRAS
from vec2face.style.base import Feature, Style, shipped_or_placeholder_features

SCALE = 23.5  # face-box units per unit of normalised landmark radius
CENTRE = np.array([50.0, 61.0])

# The drawn extras, raw axes after the learned ones; their names key the
# decoded geometry. The style's feature names come from the model card.
EXTRAS = (
    Feature("hair", "a close crop -> a full head of hair"),
    Feature("hair_tone", "dark hair -> light hair"),
    Feature("gaze", "looking to the viewer's left -> to the viewer's right"),
    Feature("pupil_size", "small pupils -> large pupils"),
)
assert len(EXTRAS) == DRAWN_EXTRAS  # the model's codes end with these drawn features
HAIR_TONES = np.array(["#2a211c", "#4b3626", "#6e4f36", "#8f6c4b", "#b08d63", "#c9ad82", "#b5b1aa"], dtype=object)


JAW_DRAWN = [0, 3, 6, 8, 10, 13, 16]
LIPS_OUTER_DRAWN = [48, 49, 51, 53, 54, 55, 57, 59]


def _eye_outline(e: np.ndarray) -> np.ndarray:
    """Four points of an eye (6 iBUG points): corners and the middles of the lids."""
    return np.stack([e[:, 0], 0.5 * (e[:, 1] + e[:, 2]), e[:, 3], 0.5 * (e[:, 4] + e[:, 5])], axis=1)


def _lerp(p, lo, hi):
    return lo + p * (hi - lo)


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
        """``(k, k)``: raw codes (learned shape axes, then EXTRAS) = style codes @ M.T.

        Training measured how much ink each raw axis moves and chose M so that
        a unit step along any style axis moves about the same ink, and steps
        along different axes move different ink (``training.line``);
        style axis i stays mostly raw axis ``display_order[i]``.
        """
        M = self.model.display_matrix
        return np.eye(self.model.code_dim) if M is None else M

    @cached_property
    def display_order(self) -> np.ndarray:
        return np.argmax(np.abs(self.display_matrix), axis=0)

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
        raw = np.zeros(self.latent_dim)
        raw[: self.model.latent_dim] = self.model.expression(name)  # unit length in real-face sd
        return self.style_codes(raw)[0]

    def with_expression(self, codes: np.ndarray, name: str | None, strength: float = 3.0) -> np.ndarray:
        """Codes moved ``strength`` real-face standard deviations towards a named expression."""
        if name is None:
            return codes
        return np.asarray(codes, dtype=np.float64) + strength * self.expression_direction(name)

    def landmarks(self, codes: np.ndarray) -> dict[str, np.ndarray]:
        """The 68 decoded landmarks ``(n, 68, 2)`` in the face box, and the drawn extras ``(n,)`` in [0, 1]."""
        raw = self.raw_codes(codes)
        k = self.model.latent_dim
        pts = self.model.decode(raw[:, :k]) * SCALE + CENTRE
        extra = 0.5 + np.clip(raw[:, k:], -3.0, 3.0) / 6.0
        return {"points": pts, **{f.name: extra[:, i] for i, f in enumerate(EXTRAS)}}

    def _hair(self, g) -> np.ndarray:
        """A cap of hair over the skull: outer edge pushed out, inner edge on the skull."""
        p = g["points"]
        h = g["hair"][:, None]
        skull = L.cranium(p, m=5)  # from point 16's side, over the top, to point 0's
        side_16 = p[:, 16] + _lerp(h, 0.1, 0.9) * (p[:, 14] - p[:, 16])  # longer hair runs down the jaw
        side_0 = p[:, 0] + _lerp(h, 0.1, 0.9) * (p[:, 2] - p[:, 0])
        edge = np.concatenate([side_16[:, None], skull, side_0[:, None]], axis=1)
        centre = 0.5 * (p[:, 0] + p[:, 16])[:, None]
        radial = edge - centre
        radial /= np.linalg.norm(radial, axis=-1, keepdims=True)
        u = np.linspace(0, 1, edge.shape[1])[None, :]
        thick = _lerp(h, 1.0, 11.0) * np.sin(np.pi * u) ** 0.6 + 0.3
        outer = edge + radial * thick[..., None]
        middle = edge.shape[1] // 2  # the inner edge hides under the head: three points do
        return np.concatenate([outer, edge[:, [-2, middle, 1]]], axis=1)

    def decode(self, codes: np.ndarray) -> FaceGeometry:
        g = self.landmarks(codes)
        p = g["points"]
        groups = L.GROUPS
        # Strokes go through a subset of the landmarks where a curve is long
        # and smooth (jaw, brows, lips): the same drawing in fewer bytes.
        head = np.concatenate([p[:, JAW_DRAWN], L.cranium(p, m=5)], axis=1)
        brows = (G.smooth(p[:, [17, 19, 21]]), G.smooth(p[:, [22, 24, 26]]))
        nose = (G.polyline(p[:, [27, 30]]), G.smooth(p[:, groups["nose_lower"][0]]))
        eyes = tuple(G.smooth(_eye_outline(p[:, groups[e][0]]), closed=True) for e in ("eye_right", "eye_left"))
        idx = np.minimum((g["hair_tone"] * len(HAIR_TONES)).astype(int), len(HAIR_TONES) - 1)
        pupils = []
        for name in ("eye_right", "eye_left"):
            e = p[:, groups[name][0]]
            opening = 0.5 * (np.linalg.norm(e[:, 1] - e[:, 5], axis=-1) + np.linalg.norm(e[:, 2] - e[:, 4], axis=-1))
            r = np.clip(_lerp(g["pupil_size"], 0.3, 0.75) * opening, 0.3, 3.2)
            half_w = 0.5 * np.linalg.norm(e[:, 3] - e[:, 0], axis=-1)
            c = e.mean(axis=1)
            c[:, 0] += _lerp(g["gaze"], -1.0, 1.0) * np.maximum(half_w - r, 0.0) * 0.75
            pupils.append(G.ellipse(c[:, 0], c[:, 1], r, r))
        return FaceGeometry((
            Part("hair", "hair", (G.smooth(self._hair(g), closed=True),), HAIR_TONES[idx]),
            Part("head", "skin", (G.smooth(head, closed=True),)),
            Part("eye", "eye", eyes),
            Part("pupil", "pupil", tuple(pupils)),
            Part("brow", "brow", brows),
            Part("line", "ink", nose),
            Part("mouth", "lips", (G.smooth(p[:, LIPS_OUTER_DRAWN], closed=True),)),
            Part("lip", "lip_line", (G.smooth(p[:, [60, 62, 64, 66]], closed=True),)),
        ))

    def validity(self, codes: np.ndarray) -> np.ndarray:
        return self.model.validity(self.raw_codes(codes)[:, : self.model.latent_dim])
