"""The doodle autoencoder in numpy: pen strokes <-> face codes.

Encoder: a bidirectional GRU reads each stroke of a drawing as pen moves and
positions (:func:`stroke_features`); the mean and maximum over the strokes of
their final states make the code, so small strokes (eyes, mouth) count as much
as the long outline and stroke order does not matter. Decoder: an MLP maps a
code to a fixed set of stroke *slots*, each ``P`` points: the head outline (in
order, from its top, clockwise), the right and left eye (image left and right),
the mouth and one extra stroke (nose, hair...) as point sets, each slot with a
presence probability.

Weights come from ``models/doodle.npz`` (card ``doodle.json``), trained by
``training.doodle``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from vec2face.io import strokes as S
from vec2face.learned.limit import limit_length

SLOTS = ("outline", "eye_right", "eye_left", "mouth", "extra")
STROKE_POINTS = 16  # points each stroke is read as
MAX_STROKES = 12  # strokes a drawing is read as, at most (the longest)
DELTA_SCALE = 10.0  # pen moves (normalised units) scaled to about unit size
N_FEATURES = 4
REPAIR_STEPS = 10  # halvings of the step that moves a broken face towards the mean face


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def stroke_features(drawing) -> np.ndarray:
    """What the encoder reads: ``(s, STROKE_POINTS, 4)``, one row per stroke.

    The drawing is normalised (centred, longer side 1); its ``MAX_STROKES``
    longest strokes are kept, in drawing order, each resampled to
    ``STROKE_POINTS`` points evenly spaced along it. Per point: the pen move
    from the previous point (stroke-3's dx, dy, times ``DELTA_SCALE``; 0 at a
    stroke's first point) and the pen's position (doubled, about -1..1; the
    position matters: eyes sit high, the mouth low). A dot is a stroke whose
    points coincide.
    """
    d = [np.asarray(s, dtype=np.float64) for s in S.normalise(drawing)]
    if len(d) > MAX_STROKES:
        lengths = [np.linalg.norm(np.diff(s, axis=0), axis=1).sum() for s in d]
        keep = np.sort(np.argsort(-np.array(lengths), kind="stable")[:MAX_STROKES])
        d = [d[i] for i in keep]
    pts = np.stack([S.resample(s, STROKE_POINTS) for s in d])
    moves = np.diff(pts, axis=1, prepend=pts[:, :1])
    return np.concatenate([moves * DELTA_SCALE, 2.0 * pts], axis=-1)


def run_gru(seqs: list[np.ndarray], W_ih, W_hh, b_ih, b_hh, reverse: bool) -> np.ndarray:
    """Final hidden states of a GRU (torch's equations) over variable-length sequences."""
    n, H = len(seqs), W_hh.shape[1]
    L = max(len(s) for s in seqs)
    X = np.zeros((n, L, seqs[0].shape[1]))
    lens = np.array([len(s) for s in seqs])
    for i, s in enumerate(seqs):
        X[i, : len(s)] = s
    h = np.zeros((n, H))
    steps = range(L - 1, -1, -1) if reverse else range(L)
    for t in steps:
        gi = X[:, t] @ W_ih.T + b_ih
        gh = h @ W_hh.T + b_hh
        r = _sigmoid(gi[:, :H] + gh[:, :H])
        z = _sigmoid(gi[:, H : 2 * H] + gh[:, H : 2 * H])
        cand = np.tanh(gi[:, 2 * H :] + r * gh[:, 2 * H :])
        new = (1 - z) * cand + z * h
        live = (t < lens)[:, None]
        h = np.where(live, new, h)
    return h


class DoodleModel:
    """Numpy encoder and decoder of doodle codes."""

    def __init__(self, arrays: dict):
        self.a = {k: np.asarray(v) for k, v in arrays.items()}
        self.latent_dim = int(self.a["dec_W0"].shape[0])
        self.points = int(self.a["points_per_slot"])
        names = self.a.get("feature_names")  # training's labels; the style's names are the card's "features"
        self.feature_names = [str(v) for v in names] if names is not None else [f"doodle_{j}" for j in range(self.latent_dim)]

    def encode(self, drawings) -> np.ndarray:
        """Codes ``(n, k)`` of drawings: a bi-GRU reads each stroke, each stroke's
        two final states map to a stroke vector, and the mean and the maximum of
        a drawing's stroke vectors map to its code."""
        a = self.a
        feats = [stroke_features(d) for d in drawings]
        flat = [f for F in feats for f in F]
        hf = run_gru(flat, a["gru_W_ih"], a["gru_W_hh"], a["gru_b_ih"], a["gru_b_hh"], reverse=False)
        hb = run_gru(flat, a["gru_W_ih_r"], a["gru_W_hh_r"], a["gru_b_ih_r"], a["gru_b_hh_r"], reverse=True)
        e = np.tanh(np.concatenate([hf, hb], axis=1) @ a["stroke_W"] + a["stroke_b"])
        ends = np.cumsum([len(F) for F in feats])[:-1]
        pooled = np.stack([np.concatenate([g.mean(axis=0), g.max(axis=0)]) for g in np.split(e, ends)])
        z = pooled @ a["enc_W"] + a["enc_b"]
        return (z - a["code_mean"]) / a["code_sd"]

    def limit(self, codes: np.ndarray) -> np.ndarray:
        """An arbitrary vector as a doodle code: its length softly limited
        (:func:`vec2face.learned.limit.limit_length`, ``knee`` and ``radius``:
        standardised data passes nearly as it is, far corners of the +-3 box
        are pulled in), then axis j moves the code ``reach[j]`` times the j-th
        principal axis of the training doodles' codes (``axes``, ``(k, k)``:
        column j is the axis times its sd) from ``centre``, the middle of the
        region where codes decode to well-formed faces. ``centre`` and
        ``reach`` are chosen by training (``training.doodle.calibrate_vectors``)
        so that vectors in the +-3 box decode well formed (99.7%) while the
        first axes reach as far as real doodles' codes do."""
        a = self.a
        v = limit_length(np.atleast_2d(codes), float(a.get("knee", 0.0)), float(a.get("radius", np.inf)))
        if "reach" in a:
            v = v * a["reach"] + a["centre"]
        return v if "axes" not in a else v @ a["axes"].T

    def decode(self, codes: np.ndarray, limit: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Codes ``(n, k)`` to slots ``(n, 5, P, 2)`` (normalised coordinates) and presence ``(n, 5)``.

        With ``limit`` (for arbitrary vectors) the input is first placed in
        the region where codes decode to well-formed faces (:meth:`limit`);
        codes of real doodles from :meth:`encode` lie in the data's region
        already and decode faithfully with ``limit=False``."""
        a = self.a
        z = (self.limit(codes) if limit else np.atleast_2d(codes)) * a["code_sd"] + a["code_mean"]
        h = np.tanh(z @ a["dec_W0"] + a["dec_b0"])
        h = np.tanh(h @ a["dec_W1"] + a["dec_b1"])
        out = h @ a["dec_W2"] + a["dec_b2"]
        n, P = len(z), self.points
        pts = out[:, : len(SLOTS) * P * 2].reshape(n, len(SLOTS), P, 2)
        presence = _sigmoid(out[:, len(SLOTS) * P * 2 :])
        return pts, presence

    def decode_faces(self, codes: np.ndarray, limit: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`decode`, with every face well formed (:func:`doodle_validity`).

        A code whose decoded face fails the rule is moved towards the mean
        face (code 0, well formed) by the smallest step that makes it pass:
        ``t * code`` with the largest ``t`` in [0, 1] that bisection
        (``REPAIR_STEPS`` halvings) finds on the way from 0 to the code. Codes
        that pass are decoded exactly as :meth:`decode` does. The same for
        arbitrary vectors (``limit``, the step is taken before the limit) and
        codes of real doodles."""
        codes = np.atleast_2d(np.asarray(codes, dtype=np.float64))
        slots, presence = self.decode(codes, limit)
        bad = np.flatnonzero(~doodle_validity(slots, presence))
        if len(bad):
            lo, hi = np.zeros(len(bad)), np.ones(len(bad))
            for _ in range(REPAIR_STEPS):
                mid = 0.5 * (lo + hi)
                ok = doodle_validity(*self.decode(mid[:, None] * codes[bad], limit))
                lo, hi = np.where(ok, mid, lo), np.where(ok, hi, mid)
            slots[bad], presence[bad] = self.decode(lo[:, None] * codes[bad], limit)
        return slots, presence


@lru_cache(maxsize=1)
def shipped_doodle_model() -> DoodleModel:
    """The doodle model shipped in ``models/doodle.npz``."""
    from vec2face.learned.weights import load_weights

    return DoodleModel(load_weights("doodle"))


def doodle_validity(slots: np.ndarray, presence: np.ndarray) -> np.ndarray:
    """An outline, two eyes inside it and apart, and a mouth inside it below the eyes."""
    from vec2face.geometry import inside_polygon

    ok = (presence[:, 0] > 0.5) & (presence[:, 1] > 0.5) & (presence[:, 2] > 0.5) & (presence[:, 3] > 0.5)
    outline = slots[:, 0]
    cents = slots.mean(axis=2)  # (n, 5, 2)
    inside = inside_polygon(outline, cents[:, 1:4])
    ok &= inside.all(axis=1)
    ok &= cents[:, 1, 0] < cents[:, 2, 0]  # right eye on the image's left
    ok &= cents[:, 3, 1] > np.maximum(cents[:, 1, 1], cents[:, 2, 1])  # mouth below the eyes
    return ok


