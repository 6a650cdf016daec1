"""Nearest neighbours in code space, shown as a strip of faces.

Brute force for small data; scikit-learn's ball tree past 5,000 rows.
"""

from __future__ import annotations

import numpy as np

from vec2face.errors import InputError
from vec2face.io.inputs import label_text


def nearest(codes: np.ndarray, query: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices and distances of the k nearest rows to row ``query`` (itself excluded)."""
    n = len(codes)
    if not 0 <= query < n:
        raise InputError(f"--query {query} is not a row: the data has rows 0 to {n - 1}")
    if k < 1:
        raise InputError(f"k must be at least 1, got {k}")
    k = min(k, n - 1)
    if k == 0:
        return np.zeros(0, dtype=int), np.zeros(0)
    if n <= 5000:
        d = np.linalg.norm(codes - codes[query], axis=1)
        d[query] = np.inf
        idx = np.argsort(d, kind="stable")[:k]
        return idx, d[idx]
    from sklearn.neighbors import BallTree

    dist, idx = BallTree(codes).query(codes[query : query + 1], k=k + 1)
    keep = idx[0] != query
    return idx[0][keep][:k], dist[0][keep][:k]


def neighbor_strip(X, query: int, *, k: int = 8, labels=None, style: str = "line", color: bool = True):
    """(Gallery strip, neighbour indices, distances): the query's face first, then its neighbours
    (``color=False``: single-colour line art)."""
    from vec2face.assemble.faces import Gallery
    from vec2face.assemble.model import Vec2Face, codes_gallery
    from vec2face.io.inputs import as_matrix

    model = Vec2Face(style=style, color=color).fit(X)
    codes = model.transform(X)
    idx, dist = nearest(codes, query, k)
    rows = np.concatenate([[query], idx])
    name = (lambda i: label_text(labels[i]) or f"row {i}") if labels is not None else (lambda i: f"row {i}")
    caps = [f"query: {name(query)}"] + [f"{name(i)} ({d:.2f})" for i, d in zip(idx.tolist(), dist.tolist())]
    strip = codes_gallery(codes[rows], style, options=model.render_options, labels=caps, columns=len(rows),
                          title=f"Row {query} and its {len(idx)} nearest neighbours in code space")
    Xa = as_matrix(X)
    # the HTML tooltips show what the captions show: the label, and the row as the id
    items = lambda: model.face_items(Xa[rows], codes[rows], labels=caps, ids=rows.tolist())  # noqa: E731
    return Gallery(strip.svg, strip.n_faces, items=items, codes=codes[rows]), idx, dist
