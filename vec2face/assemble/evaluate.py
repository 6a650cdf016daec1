"""Faithfulness: can a viewer still tell the data apart from the faces alone?

For sklearn's digits (the first 600 rows of a fixed shuffle) and wine, every
row is drawn as a face, rendered to 64 x 64 through cairosvg and mean-pooled to
32 x 32 ink. The score is the 5-nearest-neighbour accuracy on that ink
(stratified 5-fold cross-validation) divided by the same accuracy on the
standardised raw vectors: 1.0 means the faces separate the classes as well as
the numbers do. ``bench/faithfulness.py`` runs it beside the peers.
"""

from __future__ import annotations

import numpy as np


def datasets() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    from sklearn.datasets import load_digits, load_wine

    d = load_digits()
    order = np.random.default_rng(0).permutation(len(d.data))[:600]
    w = load_wine()
    return {"digits": (d.data[order], d.target[order]), "wine": (w.data, w.target)}


def knn_accuracy(F: np.ndarray, y: np.ndarray) -> float:
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.neighbors import KNeighborsClassifier

    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    return float(cross_val_score(KNeighborsClassifier(5), F, y, cv=cv).mean())


def ink_32(grey64: np.ndarray) -> np.ndarray:
    """(n, 64, 64) grey rasters (255 = paper) to (n, 1024) ink, 2x2 mean-pooled."""
    ink = 255.0 - np.asarray(grey64, dtype=np.float64)
    return ink.reshape(len(ink), 32, 2, 32, 2).mean(axis=(2, 4)).reshape(len(ink), -1)


def render_rows(X: np.ndarray, style: str, px: int = 64, **model_options) -> np.ndarray:
    """Draw every row with ``Vec2Face(style).fit(X)`` and rasterise: (n, px, px) uint8 grey."""
    import io

    import cairosvg
    from PIL import Image

    from vec2face.assemble.model import Vec2Face

    faces = Vec2Face(style=style, **model_options).fit(X).draw(X, size=px)
    out = np.empty((len(faces), px, px), dtype=np.uint8)
    for i, f in enumerate(faces):
        png = cairosvg.svg2png(bytestring=f.svg.encode(), output_width=px, output_height=px, background_color="white")
        out[i] = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    return out


def raw_accuracy(X: np.ndarray, y: np.ndarray) -> float:
    from sklearn.preprocessing import StandardScaler

    return knn_accuracy(StandardScaler().fit_transform(X), y)


def faithfulness(style: str, **model_options) -> dict[str, float]:
    """The faithfulness ratio of a style on digits and wine."""
    out = {}
    for name, (X, y) in datasets().items():
        out[name] = round(knn_accuracy(ink_32(render_rows(X, style, **model_options)), y) / raw_accuracy(X, y), 4)
    return out
