"""Pen strokes: the formats hand-drawn faces come in, and converters between them.

The formats, precisely:

* **Polylines** (our own form): a drawing is a list of strokes, each an
  ``(m, 2)`` float array of absolute points, x to the right and y down.
* **Quick, Draw! ndjson**: one JSON object a line, with ``"drawing": [[xs,
  ys], [xs, ys], ...]``: a list of strokes, each a pair of equal-length lists
  of x and y (0 to 255 in the simplified dataset, y down). Other keys
  (``word``, ``key_id``, ``countrycode``...) are kept as they are.
* **stroke-3** (Ha and Eck, sketch-rnn): an ``(n, 3)`` array with one row a
  point: ``(dx, dy, p)``, the offset from the previous point (the first from
  the origin) and ``p = 1`` when the pen lifts after this point (its stroke
  ends there), else 0.
* **stroke-5**: an ``(n + 1, 5)`` array ``(dx, dy, p1, p2, p3)`` with the pen
  state one-hot: ``p1`` the pen stays down to the next point, ``p2`` it lifts
  after this point, ``p3`` the drawing has ended; the last row is
  ``(0, 0, 0, 0, 1)``.
* **SVG path data**: ``M x y L x y ...`` per stroke.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from vec2face.errors import InputError
from vec2face.io.files import located, shown_path

Drawing = list  # list of (m, 2) arrays
# A drawing's coordinates are pixels (Quick, Draw!'s run to 255, a raw one to a few thousand). One point far past
# this squeezed every other point of its drawing onto one spot (x = 1e300 drew a flat line).
MAX_COORD = 1e6


def check_drawing(strokes: Drawing, where: str, start: int = 1, face: bool = True) -> None:
    """Refuse a drawing with a coordinate past :data:`MAX_COORD` or, to be read as a ``face``, with all its
    points on one spot, naming ``where`` (and the stroke and point, counted from ``start``: 1 in a file, 0 in
    Python). A drawing only redrawn may be a dot."""
    for j, a in enumerate(strokes, start):
        far = np.flatnonzero(np.abs(a).max(axis=1) > MAX_COORD)
        if len(far):
            v = a[far[0]][np.argmax(np.abs(a[far[0]]))]
            raise InputError(f"{where}, stroke {j}, point {far[0] + start}: coordinate {v:g} is out of range (a "
                             f"drawing's coordinates are pixels, at most {MAX_COORD:,.0f} from 0)")
    lo, hi = bounds(strokes)
    if face and not (hi - lo).max() > 0:
        raise InputError(f"{where}: all its points are on one spot; a face needs lines to draw")


def _drawing_from_json(value, where: str, face: bool = True) -> Drawing:
    """A drawing of Quick, Draw! ndjson; strokes are numbered from 1 in messages."""
    from vec2face.io.readers import number_problem

    if not isinstance(value, list) or not value:
        raise InputError(f"{where}: 'drawing' must be a non-empty list of strokes [[xs], [ys]]")
    strokes = []
    for j, stroke in enumerate(value, 1):
        if (not isinstance(stroke, list) or len(stroke) < 2 or not isinstance(stroke[0], list)
                or not isinstance(stroke[1], list) or len(stroke[0]) != len(stroke[1]) or not stroke[0]):
            raise InputError(f"{where}, stroke {j}: expected [[x0, x1, ...], [y0, y1, ...]] of equal, non-zero length")
        for axis, coords in zip("xy", stroke[:2]):
            for i, v in enumerate(coords, 1):
                problem = number_problem(v)
                if problem:
                    raise InputError(f"{where}, stroke {j}, point {i}, {axis}: {problem}")
        strokes.append(np.array([stroke[0], stroke[1]], dtype=np.float64).T)
    check_drawing(strokes, where, face=face)
    return strokes


def read_ndjson(path: str | Path, faces: bool = True) -> tuple[list[Drawing], list[dict]]:
    """Drawings of a Quick, Draw! ndjson file (``.ndjson`` or ``.ndjson.gz``) and their other keys.

    Errors name the line, and the stroke and point (counted from 1) where one is wrong. ``faces=False``
    (drawings only redrawn) lets a drawing be a single dot.
    """
    from vec2face.io.readers import json_lines

    path = Path(path)
    drawings, meta = [], []
    for line_no, rec in json_lines(path):
        where = located(path, line_no)
        if not isinstance(rec, dict) or "drawing" not in rec:
            raise InputError(f"{where}: no 'drawing' key")
        drawings.append(_drawing_from_json(rec["drawing"], where, face=faces))
        meta.append({k: v for k, v in rec.items() if k != "drawing"})
    if not drawings:
        raise InputError(f"{shown_path(path)}: no drawings")
    return drawings, meta


def to_ndjson(drawings: list[Drawing], meta: list[dict] | None = None) -> str:
    """Drawings as Quick, Draw! ndjson text (coordinates rounded to integers)."""
    lines = []
    for i, d in enumerate(drawings):
        rec = dict(meta[i]) if meta else {}
        rec["drawing"] = [[np.rint(s[:, 0]).astype(int).tolist(), np.rint(s[:, 1]).astype(int).tolist()] for s in d]
        lines.append(json.dumps(rec, separators=(",", ":")))
    return "\n".join(lines) + "\n"


def to_stroke3(drawing: Drawing) -> np.ndarray:
    """Polylines to stroke-3 ``(n, 3)``."""
    pts = np.concatenate(drawing)
    pen = np.concatenate([np.r_[np.zeros(len(s) - 1), 1.0] for s in drawing])
    d = np.diff(np.vstack([[0.0, 0.0], pts]), axis=0)
    return np.column_stack([d, pen])


def from_stroke3(s3: np.ndarray) -> Drawing:
    """stroke-3 to polylines."""
    s3 = np.asarray(s3, dtype=np.float64)
    pts = np.cumsum(s3[:, :2], axis=0)
    ends = np.flatnonzero(s3[:, 2] > 0.5)
    if len(ends) == 0 or ends[-1] != len(s3) - 1:
        ends = np.r_[ends, len(s3) - 1]
    starts = np.r_[0, ends[:-1] + 1]
    return [pts[a : b + 1] for a, b in zip(starts, ends) if b >= a]


def to_stroke5(drawing: Drawing) -> np.ndarray:
    """Polylines to stroke-5 ``(n + 1, 5)``."""
    s3 = to_stroke3(drawing)
    out = np.zeros((len(s3) + 1, 5))
    out[:-1, :2] = s3[:, :2]
    out[:-1, 2] = 1 - s3[:, 2]
    out[:-1, 3] = s3[:, 2]
    out[-1, 4] = 1
    return out


def from_stroke5(s5: np.ndarray) -> Drawing:
    """stroke-5 to polylines (reading stops at the first end-of-drawing row)."""
    s5 = np.asarray(s5, dtype=np.float64)
    end = np.flatnonzero(s5[:, 4] > 0.5)
    s5 = s5[: end[0]] if len(end) else s5
    return from_stroke3(np.column_stack([s5[:, :2], s5[:, 3]]))


def bounds(drawing: Drawing) -> tuple[np.ndarray, np.ndarray]:
    pts = np.concatenate(drawing)
    return pts.min(axis=0), pts.max(axis=0)


def normalise(drawing: Drawing, size: float = 1.0) -> Drawing:
    """Centre a drawing and scale its longer side to ``size``."""
    lo, hi = bounds(drawing)
    scale = size / max(float((hi - lo).max()), 1e-9)
    centre = (lo + hi) / 2
    return [(s - centre) * scale for s in drawing]


def resample(stroke: np.ndarray, n: int) -> np.ndarray:
    """``n`` points evenly spaced along a polyline."""
    if len(stroke) == 1:
        return np.repeat(stroke, n, axis=0)
    seg = np.linalg.norm(np.diff(stroke, axis=0), axis=1)
    t = np.r_[0.0, np.cumsum(seg)]
    if t[-1] == 0:
        return np.repeat(stroke[:1], n, axis=0)
    u = np.linspace(0.0, t[-1], n)
    return np.column_stack([np.interp(u, t, stroke[:, 0]), np.interp(u, t, stroke[:, 1])])
