"""The pretrained stroke-face model in numpy: codes <-> 68-point landmarks.

Weights come from ``models/line.npz`` (see its model card ``line.json``);
``training.line`` produced them. Codes are ``(n, k)`` in standard
deviations of the training faces; shapes are ``(n, 68, 2)`` aligned,
normalised landmarks (centroid 0, RMS radius 1, y down).

Two guards make every code in the +-3 box a well-formed face:

* a soft limit on the code's length (identity up to ``knee``, then easing
  towards ``radius``) keeps far corners of the box near the sphere where real
  faces live; training chose ``radius`` as the largest that passes the
  validity check;
* lids and lips are put back in order: a lower lid or lip never rises above
  its upper partner (a closed eye or mouth, not an inside-out one), and the
  inner lips' partners share their x, so a closed mouth is a line.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from vec2face.learned import landmarks as L
from vec2face.learned.limit import limit_length

# (upper, lower) partners that must not swap: eyelids, inner and outer lips
_ORDER_PAIRS = np.array([(37, 41), (38, 40), (43, 47), (44, 46), (61, 67), (62, 66), (63, 65),
                         (49, 59), (50, 58), (51, 57), (52, 56), (53, 55)])

# The line style draws four features after the learned axes: hair, hair tone, gaze, pupil size.
DRAWN_EXTRAS = 4


def _run(layers, X):
    for W, b, act in layers:
        X = X @ W + b
        if act == "tanh":
            X = np.tanh(X)
    return X


class LineModel:
    """Encoder and decoder of face codes, with names, expressions and the Chernoff map."""

    def __init__(self, enc, dec, reference, feature_names, expression_names, expression_dirs,
                 chernoff_W=None, chernoff_names=(), radius=np.inf, knee=0.0, display_matrix=None):
        self.enc, self.dec = enc, dec
        self.reference = reference
        self.feature_names = list(feature_names)  # training's labels of the raw axes; the style's names are the card's
        self.expression_names = list(expression_names)
        self.expression_dirs = expression_dirs
        self.chernoff_W = chernoff_W
        self.chernoff_names = list(chernoff_names)
        self.radius = float(radius)
        self.knee = float(knee)
        self.display_matrix = display_matrix
        self.latent_dim = len(self.feature_names)

    @classmethod
    def from_arrays(cls, a: dict) -> LineModel:
        def layers(prefix):
            acts = [str(x) for x in a[f"{prefix}_acts"]]
            return [(a[f"{prefix}_W{i}"].astype(np.float64), a[f"{prefix}_b{i}"].astype(np.float64), act)
                    for i, act in enumerate(acts)]

        return cls(layers("enc"), layers("dec"), a["reference"].astype(np.float64),
                   [str(x) for x in a["feature_names"]], [str(x) for x in a["expression_names"]],
                   a["expression_dirs"].astype(np.float64), a.get("chernoff_W"),
                   [str(x) for x in a.get("chernoff_names", [])], float(a.get("radius", np.inf)),
                   float(a.get("knee", 0.0)),
                   None if a.get("display_matrix") is None else a["display_matrix"].astype(np.float64))

    @classmethod
    def load(cls) -> LineModel:
        from vec2face.learned.weights import load_weights

        return cls.from_arrays(load_weights("line"))

    @property
    def code_dim(self) -> int:
        """Length of the ``line`` style's codes: the learned axes, then the drawn extras."""
        return self.latent_dim + DRAWN_EXTRAS if self.display_matrix is None else len(self.display_matrix)

    def style_codes(self, raw: np.ndarray) -> np.ndarray:
        """Raw codes ``(n, code_dim)`` (learned axes, then extras) to the style's
        display axes, which training mixed so equal steps move equal ink."""
        raw = np.atleast_2d(raw)
        return raw if self.display_matrix is None else np.linalg.solve(self.display_matrix, raw.T).T

    def limit(self, codes: np.ndarray) -> np.ndarray:
        """The soft limit on code length (:func:`vec2face.learned.limit.limit_length`)."""
        return limit_length(codes, self.knee, self.radius)

    def decode(self, codes: np.ndarray) -> np.ndarray:
        """Codes ``(n, k)`` to aligned 68-point shapes ``(n, 68, 2)``."""
        pts = _run(self.dec, self.limit(codes)).reshape(-1, 68, 2)
        up, low = _ORDER_PAIRS[:, 0], _ORDER_PAIRS[:, 1]
        pts[:, low, 1] = np.maximum(pts[:, low, 1], pts[:, up, 1])
        inner_up, inner_low = _ORDER_PAIRS[4:7, 0], _ORDER_PAIRS[4:7, 1]
        x = 0.5 * (pts[:, inner_up, 0] + pts[:, inner_low, 0])  # inner lips meet face to face
        pts[:, inner_up, 0] = pts[:, inner_low, 0] = x
        return pts

    def encode(self, points) -> np.ndarray:
        """68 (iBUG) or 71 (clmtrackr) landmark sets to codes ``(n, k)``."""
        shapes = L.align(L.as_ibug68(points), self.reference)
        return _run(self.enc, shapes.reshape(len(shapes), -1))

    def validity(self, codes: np.ndarray) -> np.ndarray:
        return L.validity(self.decode(codes))

    def expression(self, name: str) -> np.ndarray:
        """Unit code direction of a named expression."""
        if name not in self.expression_names:
            from vec2face.errors import StyleError

            raise StyleError(f"unknown expression {name!r}; known: {', '.join(self.expression_names)}")
        return self.expression_dirs[self.expression_names.index(name)]


@lru_cache(maxsize=1)
def shipped_line_model() -> LineModel:
    """The line model shipped in ``models/line.npz``."""
    return LineModel.load()
