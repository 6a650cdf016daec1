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

Drawn faces are caricatures: each face's deviation from the mean face is
multiplied by ``caricature`` (norm-based coding: people see a face by how it
differs from the average one), and head pose (turn, nod: real faces' pose
directions, per standard deviation) is added after.
"""

from __future__ import annotations

from functools import cached_property, lru_cache

import numpy as np

from vec2face.learned import landmarks as L
from vec2face.learned.limit import limit_length

# (upper, lower) partners that must not swap: eyelids, inner and outer lips
_ORDER_PAIRS = np.array([(37, 41), (38, 40), (43, 47), (44, 46), (61, 67), (62, 66), (63, 65),
                         (49, 59), (50, 58), (51, 57), (52, 56), (53, 55)])

# Closed contours as (left-to-right run, right-to-left run): x never turns back along either run,
# so a caricatured eye or lip cannot fold over itself.
_X_RUNS = (([36, 37, 38, 39], [39, 40, 41, 36]), ([42, 43, 44, 45], [45, 46, 47, 42]),
           ([48, 49, 50, 51, 52, 53, 54], [54, 55, 56, 57, 58, 59, 48]), ([60, 61, 62, 63, 64], [64, 65, 66, 67, 60]))

_BROW_SPAN = 0.94  # the brows' outer ends, at most, as a share of the half-width between the jaw's ends
_GAP = 0.004  # the least opening of a lid or a closed mouth, in normalised units

# The line style draws these features after the learned axes (vec2face.style.line.EXTRAS).
DRAWN_EXTRAS = 8
POSE_EXTRAS = (6, 7)  # head turn and nod: which drawn extras move the landmarks


def _y_at(run: np.ndarray, x: np.ndarray) -> np.ndarray:
    """y of the polyline ``run`` ``(n, m, 2)`` (x non-decreasing) at ``x`` ``(n, j)``, held flat past its ends
    (NaN where the run's ends are out of order)."""
    xa, xb = run[:, None, :-1, 0], run[:, None, 1:, 0]
    ya, yb = run[:, None, :-1, 1], run[:, None, 1:, 1]
    xq = np.clip(x, run[:, :1, 0], run[:, -1:, 0])[..., None]
    t = np.clip((xq - xa) / np.maximum(xb - xa, 1e-9), 0.0, 1.0)
    on = (xq >= xa) & (xq <= xb)
    y = np.where(on, ya + t * (yb - ya), -np.inf).max(axis=-1)
    return np.where(np.isfinite(y), y, np.nan)  # a run that turns back (left and right swapped): no bound


def _run(layers, X):
    for W, b, act in layers:
        X = X @ W + b
        if act == "tanh":
            X = np.tanh(X)
    return X


class LineModel:
    """Encoder and decoder of face codes, with names, expressions and the Chernoff map."""

    def __init__(self, enc, dec, reference, feature_names, expression_names, expression_dirs,
                 chernoff_W=None, chernoff_names=(), radius=np.inf, knee=0.0, display_matrix=None,
                 caricature=1.0, pose_dirs=None):
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
        self.caricature = float(caricature)
        self.pose_dirs = pose_dirs  # (2, 136): landmark motion of one sd of head turn and of nod, or None
        self.latent_dim = len(self.feature_names)
        self.mean_shape = _run(self.dec, np.zeros((1, self.latent_dim))).reshape(68, 2)

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
                   None if a.get("display_matrix") is None else a["display_matrix"].astype(np.float64),
                   float(a.get("caricature", 1.0)),
                   None if a.get("pose_dirs") is None else a["pose_dirs"].astype(np.float64))

    @classmethod
    def load(cls) -> LineModel:
        from vec2face.learned.weights import load_weights

        return cls.from_arrays(load_weights("line"))

    @property
    def raw_dim(self) -> int:
        """Length of raw codes: the learned axes, then the drawn extras."""
        return self.latent_dim + DRAWN_EXTRAS

    @property
    def code_dim(self) -> int:
        """Length of the ``line`` style's codes: one per display axis (the raw
        axes when there is no display matrix)."""
        return self.raw_dim if self.display_matrix is None else self.display_matrix.shape[1]

    def style_codes(self, raw: np.ndarray) -> np.ndarray:
        """Raw codes ``(n, raw_dim)`` (learned axes, then extras) to the style's
        display axes, which training mixed and ordered by what a glance sees.

        Training leaves out the axes a glance cannot see, so the style codes
        are those whose face is nearest: least squares on the landmarks each
        learned axis moves, with a unit of a drawn extra counting as much as a
        unit of an average learned axis. Where the display matrix is square
        this is its inverse."""
        raw = np.atleast_2d(raw)
        if self.display_matrix is None:
            return raw
        W = self._landmark_metric
        return np.linalg.lstsq(W @ self.display_matrix, W @ raw.T, rcond=None)[0].T

    @cached_property
    def _landmark_metric(self) -> np.ndarray:
        """``(136 + DRAWN_EXTRAS, raw_dim)``: raw codes to the landmark motion
        (at the mean face) of their learned part, then their drawn extras scaled
        to an average learned axis's motion."""
        k = self.latent_dim
        motion = (_run(self.dec, np.eye(k)) - self.mean_shape.reshape(1, -1)).T  # (136, k)
        W = np.zeros((len(motion) + DRAWN_EXTRAS, self.raw_dim))
        W[: len(motion), :k] = motion
        W[len(motion):, k:] = np.eye(DRAWN_EXTRAS) * np.linalg.norm(motion, axis=0).mean()
        return W

    def limit(self, codes: np.ndarray) -> np.ndarray:
        """The soft limit on code length (:func:`vec2face.learned.limit.limit_length`)."""
        return limit_length(codes, self.knee, self.radius)

    def decode(self, codes: np.ndarray, pose: np.ndarray | None = None, caricature: float | None = None) -> np.ndarray:
        """Codes ``(n, k)`` to aligned 68-point shapes ``(n, 68, 2)``: the
        face's deviation from the mean times ``caricature`` (the model's own
        unless given; 1.0 draws the decoded shape as it is), then ``pose``
        ``(n, 2)`` (head turn, nod in real-face sd) when given."""
        pts = _run(self.dec, self.limit(codes)).reshape(-1, 68, 2)
        gain = self.caricature if caricature is None else float(caricature)
        pts = self.mean_shape + gain * (pts - self.mean_shape)
        if pose is not None and self.pose_dirs is not None:
            pts = pts + (np.asarray(pose, dtype=np.float64) @ self.pose_dirs).reshape(-1, 68, 2)
        cx = 0.5 * (pts[:, 0, 0] + pts[:, 16, 0])[:, None]
        half = 0.5 * (pts[:, 16, 0] - pts[:, 0, 0])
        spread = np.abs(pts[:, 17:27, 0] - cx).max(axis=1)
        squeeze = np.clip(_BROW_SPAN * half / np.maximum(spread, 1e-9), 0.0, 1.0)[:, None]
        pts[:, 17:27, 0] = cx + squeeze * (pts[:, 17:27, 0] - cx)  # brows no wider than the head
        for right, left in _X_RUNS:
            pts[:, right[1:-1], 0] = np.clip(np.maximum.accumulate(pts[:, right[:-1], 0], axis=1)[:, 1:], None,
                                             pts[:, right[-1:], 0])
            pts[:, left[1:-1], 0] = np.clip(np.minimum.accumulate(pts[:, left[:-1], 0], axis=1)[:, 1:],
                                            pts[:, left[-1:], 0], None)
        up, low = _ORDER_PAIRS[:, 0], _ORDER_PAIRS[:, 1]
        pts[:, low, 1] = np.maximum(pts[:, low, 1], pts[:, up, 1])
        for right, left in _X_RUNS[:3]:  # lower lids and lip under the upper ones, the whole way along
            upper, lower = right[1:-1], left[1:-1]
            pts[:, lower, 1] = np.fmax(pts[:, lower, 1], _y_at(pts[:, right], pts[:, lower, 0]) + _GAP)
            pts[:, upper, 1] = np.fmin(pts[:, upper, 1], _y_at(pts[:, left[::-1]], pts[:, upper, 0]) - _GAP)
        inner_up, inner_low = _ORDER_PAIRS[4:7, 0], _ORDER_PAIRS[4:7, 1]
        x = 0.5 * (pts[:, inner_up, 0] + pts[:, inner_low, 0])  # inner lips meet face to face
        pts[:, inner_up, 0] = pts[:, inner_low, 0] = x
        return pts

    def encode(self, points) -> np.ndarray:
        """68 (iBUG) or 71 (clmtrackr) landmark sets to codes ``(n, k)``."""
        shapes = L.align(L.as_ibug68(points), self.reference)
        return _run(self.enc, shapes.reshape(len(shapes), -1))

    def validity(self, codes: np.ndarray, pose: np.ndarray | None = None) -> np.ndarray:
        return L.validity(self.decode(codes, pose))

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
