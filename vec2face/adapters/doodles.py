"""Hand-drawn faces (pen strokes) to doodle codes, by the doodle autoencoder's encoder."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from vec2face.errors import InputError


def as_drawings(drawings) -> list:
    """A path to Quick, Draw! ndjson, or a list of drawings: each a list of
    ``(m, 2)`` strokes or Quick, Draw!'s ``[[xs], [ys]]`` pairs."""
    from vec2face.io import strokes as S

    if isinstance(drawings, (str, Path)):
        return S.read_ndjson(drawings)[0]
    out = []
    for i, d in enumerate(drawings):
        if not len(d):
            raise InputError(f"drawing {i} has no strokes")
        # Quick, Draw!'s [[xs], [ys]] pairs, told apart from (m, 2) points by any
        # stroke that is not 2 x 2 (a drawing of only two-point strokes reads as points)
        pairs = all(np.ndim(s) == 2 and len(s) == 2 for s in d) and any(np.shape(s)[1] != 2 for s in d)
        strokes = []
        for j, s in enumerate(d):
            a = np.asarray(s, dtype=np.float64)
            if pairs:
                a = a.T
            if a.ndim != 2 or a.shape[1] != 2 or len(a) == 0 or not np.isfinite(a).all():
                raise InputError(f"drawing {i}, stroke {j}: expected (m, 2) finite points or [[xs], [ys]]")
            strokes.append(a)
        out.append(strokes)
    if not out:
        raise InputError("no drawings")
    return out


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
