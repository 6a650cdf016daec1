"""Face landmarks in the iBUG 300-W 68-point layout: groups, conversion,
alignment and validity.

Shapes are ``(n, 68, 2)`` arrays, x to the right and y down (image
convention); point 0 is on the image's left (the subject's right side).
clmtrackr's 71-point layout converts to this one through a fixed index
correspondence (``data/faces/DATA_CARD.md`` says how it was checked).

Validity, used by the stroke style and its tests, means:

* brows, eyes, nose and mouth lie inside the head: the jaw closed over the
  top by an elliptical skull (:func:`cranium`) on the line from point 0 to
  point 16;
* eyes above the nose tip, the nose above the mouth;
* no closed part (eyes, outer and inner lips) crosses itself;
* left and right not swapped (jaw ends, eyes, brows, mouth corners).
"""

from __future__ import annotations

import numpy as np

from vec2face.errors import InputError
from vec2face.geometry import inside_polygon

N_POINTS = 68
GROUPS: dict[str, tuple[list[int], bool]] = {
    "jaw": (list(range(0, 17)), False),
    "brow_right": (list(range(17, 22)), False),
    "brow_left": (list(range(22, 27)), False),
    "nose_bridge": (list(range(27, 31)), False),
    "nose_lower": (list(range(31, 36)), False),
    "eye_right": (list(range(36, 42)), True),
    "eye_left": (list(range(42, 48)), True),
    "lips_outer": (list(range(48, 60)), True),
    "lips_inner": (list(range(60, 68)), True),
}
INTERIOR = list(range(17, 68))

# The fixed iBUG-68 -> clmtrackr-71 correspondence. For each iBUG point: the
# clmtrackr-71 point it equals, or -1 where it has no partner (it is then
# interpolated between its neighbours on the same contour), and how sure the
# pairing is: 2 = the same anatomical landmark, 1 = the nearest equivalent on
# the same contour (the two layouts sample contours differently), 0 = none.
# Read off clmtrackr's numbering diagram (examples/media/facemodel_numbering_new.png)
# against the standard iBUG 300-W annotation, and checked numerically by
# fitting the clmtrackr model to dlib landmarks (scripts/prepare_face_data.py,
# data/faces/DATA_CARD.md). Jaw: 17 points against 15 with the same ends and
# chin (iBUG 3 and 14 lie midway between two clmtrackr points); brows: 5
# against 4 (the middle one unmapped); eyes: corners exact, lids at 1/3 (iBUG)
# against 1/4 (clmtrackr) of the lid; outer lips: the same 12 points; inner
# lips: clmtrackr has no inner corners of its own (it shares 44 and 50).
IBUG_FROM_CLM71 = np.array([
    0, 1, 2, -1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, -1, 13, 14,  # jaw
    19, 20, -1, 21, 22, 18, 17, -1, 16, 15,  # brows
    33, -1, 41, 62, 36, 42, 37, 43, 38,  # nose
    23, 63, 64, 25, 65, 66, 30, 68, 67, 28, 70, 69,  # eyes
    44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55,  # outer lips
    44, 61, 60, 59, 50, 58, 57, 56,  # inner lips
])
IBUG_FROM_CLM71_CONFIDENCE = np.array([
    1, 1, 1, 0, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 0, 1, 1,  # jaw
    2, 1, 0, 1, 2, 2, 1, 0, 1, 2,  # brows
    1, 0, 1, 2, 1, 1, 2, 1, 1,  # nose
    2, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1,  # eyes
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,  # outer lips
    1, 1, 2, 1, 1, 1, 2, 1,  # inner lips
])
_INTERPOLATED = {3: (2, 4), 14: (13, 15), 19: (18, 20), 24: (23, 25), 28: (27, 29)}


def from_clm71(points: np.ndarray) -> np.ndarray:
    """clmtrackr 71-point shapes ``(n, 71, 2)`` to iBUG 68-point shapes."""
    p = np.asarray(points, dtype=np.float64)
    out = p[..., np.maximum(IBUG_FROM_CLM71, 0), :].copy()
    for i, (a, b) in _INTERPOLATED.items():
        out[..., i, :] = 0.5 * (out[..., a, :] + out[..., b, :])
    return out


def as_ibug68(points) -> np.ndarray:
    """Accept ``(68, 2)``, ``(71, 2)`` or batches of them; return ``(n, 68, 2)``."""
    p = np.asarray(points, dtype=np.float64)
    given = p.shape  # as passed, before a single face becomes a batch of one
    if p.ndim == 2:
        p = p[None]
    if p.ndim != 3 or p.shape[-1] != 2 or p.shape[1] not in (68, 71):
        raise InputError(f"expected 68 (iBUG) or 71 (clmtrackr) points as (n, 2) or (m, n, 2), got shape {given}")
    if not np.isfinite(p).all():
        raise InputError("landmarks hold NaN or Inf")
    return from_clm71(p) if p.shape[1] == 71 else p


def normalise(points: np.ndarray) -> np.ndarray:
    """Remove translation and scale: centroid at 0, RMS distance 1 from it."""
    p = np.asarray(points, dtype=np.float64)
    p = p - p.mean(axis=-2, keepdims=True)
    return p / np.sqrt((p**2).sum(axis=(-2, -1), keepdims=True) / p.shape[-2])


def align(points: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Similarity-align each shape to ``reference`` (rotation, scale, shift).

    The result is normalised (centroid 0, RMS radius 1) and rotated to best
    match the reference, so head roll and image scale drop out.
    """
    p = normalise(points)
    ref = normalise(reference)
    m = np.einsum("nki,kj->nij", p, ref)  # cross-covariance
    u, _, vt = np.linalg.svd(m)
    d = np.sign(np.linalg.det(u @ vt))  # no reflections
    u[:, :, -1] *= d[:, None]
    rot = u @ vt
    return np.einsum("nki,nij->nkj", p, rot)


def _segments_cross(p1, p2, q1, q2) -> np.ndarray:
    """Do segments p1-p2 and q1-q2 properly cross? Arrays (..., 2)."""

    def orient(a, b, c):
        return (b[..., 0] - a[..., 0]) * (c[..., 1] - a[..., 1]) - (b[..., 1] - a[..., 1]) * (c[..., 0] - a[..., 0])

    d1, d2 = orient(q1, q2, p1), orient(q1, q2, p2)
    d3, d4 = orient(p1, p2, q1), orient(p1, p2, q2)
    return (d1 * d2 < 0) & (d3 * d4 < 0)


def self_crossing(ring: np.ndarray) -> np.ndarray:
    """``(n,)``: does the closed polygon ``(n, m, 2)`` cross itself?"""
    m = ring.shape[1]
    a, b = ring, np.roll(ring, -1, axis=1)
    out = np.zeros(len(ring), dtype=bool)
    for i in range(m):
        for j in range(i + 2, m):
            if i == 0 and j == m - 1:
                continue  # adjacent through the closing edge
            out |= _segments_cross(a[:, i], b[:, i], a[:, j], b[:, j])
    return out


def cranium(points: np.ndarray, m: int = 7, height: float = 1.0, width: float = 1.1) -> np.ndarray:
    """An elliptical skull top over the jaw's ends: ``(n, m, 2)``, from point 16's side to point 0's.

    Its centre is the midpoint of points 0 and 16, on the side away from the
    chin. Its half-width is ``width`` times half their distance and its height
    ``height`` times that half distance, each widened where needed so that the
    brows sit inside with a margin (as a person draws a head around the
    brows). It starts 25 degrees above the jaw's ends, so the temples join
    the jaw without a notch.
    """
    return cranium_arc(cranium_frame(points, height, width), m)


def cranium_frame(points: np.ndarray, height: float = 1.0, width: float = 1.1) -> tuple[np.ndarray, ...]:
    """The ellipse of :func:`cranium`: centre ``(n, 2)``, unit axes u (towards
    point 16) and v (away from the chin) ``(n, 2)``, and radii ``(n,)`` along them."""
    a, b = points[:, 0], points[:, 16]
    c = 0.5 * (a + b)
    d = b - a
    half = 0.5 * np.sqrt(d[:, 0] ** 2 + d[:, 1] ** 2)
    u = d / (2.0 * half[:, None])  # unit, towards point 16
    v = np.stack([u[:, 1], -u[:, 0]], axis=1)
    to_chin = points[:, 8] - c
    v = -np.sign(v[:, 0] * to_chin[:, 0] + v[:, 1] * to_chin[:, 1])[:, None] * v  # unit, away from the chin
    rel_x, rel_y = points[:, 17:27, 0] - c[:, :1], points[:, 17:27, 1] - c[:, 1:]  # the brows
    bu = np.abs(rel_x * u[:, :1] + rel_y * u[:, 1:])
    bv = np.maximum(rel_x * v[:, :1] + rel_y * v[:, 1:], 0.0)
    ry = np.maximum(height * half, 1.25 * bv.max(axis=1))
    rx = np.maximum(width * half, (1.06 * bu / np.sqrt(np.clip(1 - (bv / ry[:, None]) ** 2, 0.05, 1))).max(axis=1))
    return c, u, v, rx, ry


def cranium_arc(frame: tuple[np.ndarray, ...], m: int) -> np.ndarray:
    """``m`` points along the :func:`cranium_frame` ellipse, 25 to 155 degrees
    (from above the jaw's ends: no notch at the temples)."""
    c, u, v, rx, ry = frame
    t = np.linspace(np.radians(25.0), np.radians(155.0), m)
    x, y = rx[:, None] * np.cos(t), ry[:, None] * np.sin(t)  # (n, m) along u and v
    return np.stack([c[:, :1] + x * u[:, :1] + y * v[:, :1], c[:, 1:] + x * u[:, 1:] + y * v[:, 1:]], axis=-1)


def head_outline(points: np.ndarray) -> np.ndarray:
    """The jaw closed over the top by the :func:`cranium` arc: ``(n, 24, 2)``."""
    return np.concatenate([points[:, :17], cranium(points)], axis=1)


def validity(points: np.ndarray, chunk: int = 5000) -> np.ndarray:
    """``(n,)`` booleans: is each 68-point shape a well-formed face?"""
    p = np.asarray(points, dtype=np.float64)
    out = np.empty(len(p), dtype=bool)
    for s in range(0, len(p), chunk):
        q = p[s : s + chunk]
        ok = inside_polygon(head_outline(q), q[:, INTERIOR]).all(axis=1)
        eye_y = q[:, 36:48, 1].mean(axis=1)
        ok &= (eye_y < q[:, 30, 1]) & (q[:, 33, 1] < q[:, 51, 1]) & (q[:, 33, 1] < q[:, 62, 1])
        for name in ("eye_right", "eye_left", "lips_outer", "lips_inner"):
            ok &= ~self_crossing(q[:, GROUPS[name][0]])
        ok &= (q[:, 0, 0] < q[:, 16, 0]) & (q[:, 48, 0] < q[:, 54, 0])
        ok &= q[:, 36:42, 0].max(axis=1) < q[:, 42:48, 0].min(axis=1)
        ok &= q[:, 17:22, 0].mean(axis=1) < q[:, 22:27, 0].mean(axis=1)
        out[s : s + chunk] = ok
    return out


def face_measures(points: np.ndarray) -> dict[str, np.ndarray]:
    """Named measurements of 68-point shapes, each ``(n,)``.

    They use the Chernoff feature names where one matches (so a real face's
    Chernoff features can be read off its landmarks), plus head pose
    (``head_turn``, ``head_nod``). Best on normalised, aligned shapes.
    """
    p = np.asarray(points, dtype=np.float64)
    x, y = p[..., 0], p[..., 1]

    def dist(i, j):
        return np.linalg.norm(p[:, i] - p[:, j], axis=-1)

    eye_y = y[:, 36:48].mean(axis=1)
    brow_y = y[:, 17:27].mean(axis=1)
    lip_y = y[:, 48:68].mean(axis=1)
    chin_y = y[:, 8]
    width = x[:, 16] - x[:, 0]
    eye_w = 0.5 * (dist(36, 39) + dist(42, 45))
    return {
        "face_width": width,
        "face_height": chin_y - brow_y,
        "face_shape": (x[:, 11] - x[:, 5]) / width,
        "eye_height": (chin_y - eye_y) / (chin_y - brow_y),
        "mouth_height": (lip_y - eye_y) / (chin_y - eye_y),
        "eye_size": eye_w,
        "eye_spacing": dist(39, 42),
        "smile": 0.5 * (y[:, 62] + y[:, 66]) - 0.5 * (y[:, 48] + y[:, 54]),
        "brow_height": eye_y - brow_y,
        "eye_shape": 0.25 * (dist(37, 41) + dist(38, 40) + dist(43, 47) + dist(44, 46)) / eye_w,
        "mouth_width": dist(48, 54),
        "brow_slant": 0.5 * (y[:, 21] + y[:, 22]) - 0.5 * (y[:, 17] + y[:, 26]),
        "nose_length": y[:, 33] - y[:, 27],
        "mouth_open": dist(62, 66),
        "nose_width": dist(31, 35),
        "eye_slant": 0.5 * ((y[:, 39] - y[:, 36]) + (y[:, 42] - y[:, 45])),
        "brow_length": 0.5 * (dist(17, 21) + dist(22, 26)),
        "head_turn": (x[:, 30] - 0.5 * (x[:, 0] + x[:, 16])) / width,
        "head_nod": (y[:, 30] - eye_y) / (lip_y - eye_y),
    }
