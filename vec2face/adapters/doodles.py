"""Hand-drawn faces (pen strokes) to doodle codes, by the doodle autoencoder's encoder."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from vec2face.errors import InputError
from vec2face.io.strokes import check_drawing


def as_drawings(drawings) -> list:
    """A path to Quick, Draw! ndjson, or a list of drawings: each a list of
    ``(m, 2)`` strokes or Quick, Draw!'s ``[[xs], [ys]]`` pairs, or a Quick,
    Draw! record (a dict with its strokes under ``"drawing"``, as a line of
    the ndjson reads).

    Anything else raises :class:`~vec2face.errors.InputError` naming the
    drawing and stroke (indexed from 0, as Python indexes the list).
    """
    from vec2face.io import strokes as S

    if isinstance(drawings, (str, Path)):
        return S.read_ndjson(drawings)[0]
    if isinstance(drawings, (bytes, dict)) or not hasattr(drawings, "__iter__"):
        raise InputError(f"drawings must be a path to a .ndjson file or a list of drawings, "
                         f"not {type(drawings).__name__}")
    out = []
    for i, d in enumerate(drawings):
        if isinstance(d, dict) and "drawing" in d:  # a Quick, Draw! record, read from its ndjson
            d = d["drawing"]
        if (isinstance(d, (str, bytes, dict)) or not hasattr(d, "__len__") or not hasattr(d, "__iter__")
                or (isinstance(d, np.ndarray) and d.ndim == 0)):
            raise InputError(f"drawing {i} is a {type(d).__name__}; expected a list of strokes")
        if not len(d):
            raise InputError(f"drawing {i} has no strokes")
        strokes = [_stroke_points(s, i, j) for j, s in enumerate(d)]
        if all(a.ndim == 1 for a in strokes):  # numbers where strokes should be: one drawing, not a list of them
            raise InputError(f"drawing {i} is a list of numbers, not of strokes: this takes a list of drawings "
                             "(each a list of strokes); for one drawing, pass [drawing]")
        # Quick, Draw!'s [[xs], [ys]] pairs, told apart from (m, 2) points by any
        # stroke that is not 2 x 2 (a drawing of only two-point strokes reads as points)
        pairs = all(a.ndim == 2 and len(a) == 2 for a in strokes) and any(a.shape[1] != 2 for a in strokes)
        for j, a in enumerate(strokes):
            if pairs:
                a = strokes[j] = a.T
            if a.ndim == 1 and len(a) == 2:  # a point where a stroke should be: one drawing, not a list of them
                raise InputError(f"drawing {i}, stroke {j} is one point, not a stroke: this takes a list of "
                                 "drawings (each a list of strokes); for one drawing, pass [drawing]")
            if a.ndim != 2 or a.shape[1] != 2 or len(a) == 0 or not np.isfinite(a).all():
                raise InputError(f"drawing {i}, stroke {j}: expected (m, 2) finite points or [[xs], [ys]]")
        check_drawing(strokes, f"drawing {i}", start=0)
        out.append(strokes)
    if not out:
        raise InputError("no drawings")
    return out


def _stroke_points(s, i: int, j: int) -> np.ndarray:
    """One stroke as a float array, or an InputError naming drawing i, stroke j."""
    if isinstance(s, (str, bytes, dict)):
        raise InputError(f"drawing {i}, stroke {j} is a {type(s).__name__}; expected (m, 2) points or [[xs], [ys]]")
    try:
        with np.errstate(all="ignore"):
            return np.asarray(s, dtype=np.float64)
    except OverflowError:
        raise InputError(f"drawing {i}, stroke {j}: a coordinate is too large for a 64-bit float") from None
    except (TypeError, ValueError):
        raise InputError(f"drawing {i}, stroke {j}: expected (m, 2) numbers or [[xs], [ys]] of equal length") from None


def encode(drawings) -> np.ndarray:
    """Doodle codes ``(n, k)`` of hand-drawn faces.

    Draw them back as they are with ``draw_codes(codes, style=code_style())``
    (:func:`vec2face.style.doodle.code_style`; a code whose face would leave
    the eyes or mouth outside the head is moved towards the mean face until
    they are inside); ``style="doodle"`` draws them
    through the code-length limit meant for arbitrary vectors, which pulls
    them towards the average doodle."""
    from vec2face.learned.doodle_model import shipped_doodle_model

    return shipped_doodle_model().encode(as_drawings(drawings))
