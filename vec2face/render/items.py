"""Per-face data for interactive HTML: what a tooltip and a pinned face show."""

from __future__ import annotations

import numpy as np

from vec2face.io.inputs import label_text, standardise
from vec2face.render.crowd import numbered

NEIGHBOURS = 5
NEIGHBOURS_MAX_N = 50_000  # past this, pages carry no neighbour lists (too heavy to compute and ship)


def neighbour_lists(codes: np.ndarray, k: int = NEIGHBOURS) -> list[list[int]]:
    """The k nearest other faces of each face, in code space."""
    n = len(codes)
    if n < 2 or n > NEIGHBOURS_MAX_N:
        return [[] for _ in range(n)]
    from sklearn.neighbors import NearestNeighbors

    k = min(k, n - 1)
    _, idx = NearestNeighbors(n_neighbors=k + 1).fit(codes).kneighbors(codes)
    return [[int(j) for j in row if j != i][:k] for i, row in enumerate(idx)]


def driving_values(X: np.ndarray, columns: list[str], mean, scale, top: int = 3) -> list[list[str]]:
    """For each row, the ``top`` input values furthest from the mean, in standard deviations."""
    if mean is None or scale is None:
        return [[] for _ in range(len(X))]
    Z = standardise(X, mean, scale)
    # a value a billionth of its column's size is rounding noise (a topic weight of 1.6e-44): shown as 0
    X = np.where(np.abs(X) <= 1e-9 * np.maximum(np.abs(mean), np.abs(scale)), 0.0, X)
    order = np.argsort(-np.abs(Z), axis=1)[:, :top]
    return [[f"{columns[j]} = {X[i, j]:.4g} ({Z[i, j]:+.1f} sd)" for j in row] for i, row in enumerate(order)]


def face_items(X: np.ndarray, codes: np.ndarray, *, labels=None, ids=None, columns=None, mean=None, scale=None,
               clusters=None, cluster_names=None) -> list[dict]:
    n = len(codes)
    columns = columns or [f"x{j}" for j in range(X.shape[1])]
    drive = driving_values(X, columns, mean, scale)
    nbs = neighbour_lists(codes)
    items = []
    for i in range(n):
        it = {"l": label_text(labels[i]) if labels is not None else f"row {i}", "id": str(ids[i]) if ids is not None else i,
              "t": drive[i], "n": nbs[i]}
        if clusters is not None:
            c = int(clusters[i])
            it["c"] = c
            # named as the map's caption, the panel and the table name it: "#13 · 2 (97%)", not "2 (97%)"
            it["cn"] = "stranger" if c < 0 else numbered(c, cluster_names[c]) if cluster_names else f"#{c + 1}"
        items.append(it)
    return items
