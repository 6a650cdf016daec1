"""Doodles grouped by their codes: the cluster sheet."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from vec2face.assemble.faces import Gallery


def strokes_gallery(path: str | Path) -> Gallery:
    """The drawings of a Quick, Draw! ndjson file redrawn as they are, captioned by their word."""
    from vec2face.io.files import counted
    from vec2face.io.strokes import read_ndjson
    from vec2face.render.drawings import render_drawings

    drawings, meta = read_ndjson(path, faces=False)  # redrawn as they are: a dot is a drawing too
    # a drawing without a word is named by its number, from 1 as the command line counts; its tooltip says the same
    labels = [str(m.get("word", f"drawing {i + 1}")) for i, m in enumerate(meta)]
    svg = render_drawings(drawings, labels=labels, title=f"{Path(path).name}: {counted(len(drawings), 'drawing')}")
    return Gallery(svg, len(drawings), items=[{"l": label, "id": i + 1} for i, label in enumerate(labels)])


def cluster_sheet(drawings, labels=None, *, method: str = "kmeans", k: int | None = None, per_row: int = 10,
                  seed: int = 0, eps: float | None = None, min_samples: int | None = None):
    """Cluster doodles by code; an SVG with each cluster's decoded centre face beside its members.

    ``method`` as for :func:`vec2face.crowd` (k-means, k chosen by silhouette
    unless given; ``eps`` and ``min_samples`` are DBSCAN's). With ``labels``, each cluster is named by its majority label
    and that label's share, as a crowd map names them (``clustering.names``;
    the sheet heads each cluster "cluster 1 · name"). Returns (svg, clustering).
    """
    from vec2face.adapters.doodles import as_drawings, encode
    from vec2face.io.files import counted
    from vec2face.layout.cluster import cluster
    from vec2face.render.drawings import render_cluster_sheet
    from vec2face.style.doodle import code_style

    drawings = as_drawings(drawings)
    codes = encode(drawings)
    c = cluster(codes, method, k=k, seed=seed, eps=eps, min_samples=min_samples)
    if labels is not None:
        from vec2face.assemble.crowd import majority_cluster_names

        c.names = majority_cluster_names(labels, c)
    groups = [(f"{sheet_name(c, j)}: {counted(n, 'doodle')}", np.flatnonzero(c.labels == j))
              for j, n in enumerate(c.sizes())]
    if len(c.strangers):
        groups.append((f"strangers: {len(c.strangers)}", c.strangers))
    centres = None
    if c.k:
        centres = code_style().decode(np.stack([codes[c.labels == j].mean(axis=0) for j in range(c.k)]))
    heading = (f"{counted(len(drawings), 'doodle')} in {counted(c.k, 'cluster')} ({method}): "
               "the face decoded from each cluster's centre, then its members")
    svg = render_cluster_sheet(drawings, groups, centres, heading=heading, labels=labels, per_row=per_row)
    return svg, c


def sheet_name(clustering, j: int) -> str:
    """Cluster ``j`` as a doodle sheet heads it: "cluster 1", or "cluster 1 · smiley face (69%)" when named."""
    return f"cluster {j + 1} \u00b7 {clustering.names[j]}" if clustering.names else f"cluster {j + 1}"
