"""Hand-drawn faces (pen strokes) to doodle codes, and doodles grouped by their codes."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
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

    Draw them back as they are with ``draw_codes(codes, style=code_style())``;
    ``style="doodle"`` draws them through the code-length limit meant for
    arbitrary vectors, which pulls them towards the average doodle."""
    from vec2face.style import get_style

    return get_style("doodle").model.encode(as_drawings(drawings))


@lru_cache(maxsize=1)
def code_style():
    """The doodle style without the code-length limit: it draws the codes of real
    doodles (from :func:`encode`, or their cluster centres) as they are."""
    from vec2face.style import get_style

    return replace(get_style("doodle"), limit=False)


def cluster_sheet(drawings, labels=None, *, method: str = "dbscan", k: int | None = None, per_row: int = 10,
                  seed: int = 0):
    """Cluster doodles by code; an SVG with each cluster's decoded centre face beside its members.

    Returns (svg, clustering).
    """
    from html import escape

    from vec2face.io import strokes as S
    from vec2face.layout.cluster import cluster
    from vec2face.render.svg import FACE, document, face_groups
    from vec2face.style import RenderOptions

    drawings = as_drawings(drawings)
    codes = encode(drawings)
    c = cluster(codes, method, k=k, seed=seed)
    st = code_style()
    groups = [(f"cluster {j + 1}: {n} doodles", np.flatnonzero(c.labels == j)) for j, n in enumerate(c.sizes())]
    if len(c.strangers):
        groups.append((f"strangers: {len(c.strangers)}", c.strangers))
    body, y = [], 30.0
    options = RenderOptions()
    for j, (name, members) in enumerate(groups):
        body.append(f'<text class="v2f-h" x="8" y="{y + 12:g}">{escape(name, quote=False)}</text>')
        y += 18
        if j < c.k:
            centre = codes[members].mean(axis=0, keepdims=True)
            g = face_groups(st.drawn_parts(centre, options), None, start=j, css_prefix="v2f-centre")[0]
            body.append(f'<g transform="translate(0 {y:g}) scale(1.3)">{g}</g>')
        rows = int(np.ceil(len(members) / per_row))
        for r in range(rows):
            for q, i in enumerate(members[r * per_row : (r + 1) * per_row]):
                placed = [s_ * 80 + 50 for s_ in S.normalise(drawings[i])]
                cap = "" if labels is None else \
                    f'<text class="v2f-cap" x="50" y="{FACE + 8:g}">{escape(str(labels[i]), quote=False)}</text>'
                body.append(f'<g class="v2f-face" data-index="{int(i)}" transform="translate({140 + q * FACE:g} '
                            f'{y + r * (FACE + 12):g})"><path class="v2f-stroke" d="{S.path_data(placed)}"/>{cap}</g>')
        y += max(rows * (FACE + 12), 140)
    css = st.css(options) + (".v2f-stroke{stroke:#333;stroke-width:2;fill:none}.v2f-h{font:bold 13px sans-serif;"
                             "fill:#222;stroke:none}.v2f-cap{font:9px sans-serif;text-anchor:middle;fill:#333;stroke:none}")
    body.insert(0, f'<text class="v2f-h" x="8" y="18">{len(drawings)} doodles in {c.k} clusters ({method}): '
                   "the face decoded from each cluster's centre, then its members</text>")
    svg = document("".join(body), width=140 + per_row * FACE, height=y + 10, css=css, title="Doodle clusters",
                   desc=f"{len(drawings)} hand-drawn faces grouped by their doodle codes.")
    return svg, c
