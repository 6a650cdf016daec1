"""Can a viewer still tell the data apart from the faces alone?

For sklearn's digits (the first 600 rows of a fixed shuffle) and wine, every
row is drawn as a face and rendered to 64 x 64 through cairosvg. The score is
the 5-nearest-neighbour accuracy on features of those rasters (stratified
5-fold cross-validation) divided by the same accuracy on the standardised raw
vectors: 1.0 means the faces separate the classes as well as the numbers do.

Two views of a raster:

* *faithfulness* (:func:`ink_32`): the exact pixels, mean-pooled to 32 x 32.
  A difference of a fraction of a pixel counts, which no eye sees.
* *glance* (:func:`glance_16`): what a viewer sees of a face on a map. Each
  raster is shifted at random by up to 3 px each way (nobody compares faces
  pixel-aligned), blurred with a Gaussian of sigma 1.5 px and pooled to
  16 x 16 (a map shows faces small).

``bench/faithfulness.py`` and ``bench/glance.py`` run them beside the peers.
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


GLANCE_SHIFT = 3  # px, each way
GLANCE_SIGMA = 1.5  # px


def glance_16(grey64: np.ndarray, seed: int = 0, shift: int = GLANCE_SHIFT) -> np.ndarray:
    """(n, 64, 64) grey rasters to (n, 256) ink as a glance sees it: each face
    shifted by a seeded random whole number of pixels in [-shift, shift] on each
    axis (paper fills the gap), blurred (Gaussian, sigma 1.5 px), 4x4 mean-pooled.
    ``shift=0`` gives the view without its shift (the display calibration's)."""
    from scipy.ndimage import gaussian_filter

    ink = 255.0 - np.asarray(grey64, dtype=np.float64)
    n, h, w = ink.shape
    shifts = np.random.default_rng(seed).integers(-shift, shift + 1, size=(n, 2))
    pad = shift
    padded = np.pad(ink, ((0, 0), (pad, pad), (pad, pad)))
    moved = np.stack([padded[i, pad - dy : pad - dy + h, pad - dx : pad - dx + w] for i, (dy, dx) in enumerate(shifts)])
    blurred = gaussian_filter(moved, sigma=(0, GLANCE_SIGMA, GLANCE_SIGMA))
    return blurred.reshape(n, 16, h // 16, 16, w // 16).mean(axis=(2, 4)).reshape(n, -1)


def shift_share(grey64: np.ndarray, seeds: tuple[int, int] = (0, 1)) -> float:
    """How much of what a glance sees is where a face sits rather than what it is.

    The median glance distance between each face and itself under another
    random shift (``seeds``), over the median distance between two different
    faces, each under its own shift (every face paired with another at random,
    seeded: rows in order would pair faces of one class, as wine's are sorted).
    Near 1, a glance tells a face from itself, moved a few pixels, no better
    than from another face: the shift, not the data, decides who is whose
    neighbour.
    """
    a, b = glance_16(grey64, seed=seeds[0]), glance_16(grey64, seed=seeds[1])
    itself = np.median(np.linalg.norm(a - b, axis=1))
    order = np.random.default_rng(seeds[0]).permutation(len(a))
    others = np.median(np.linalg.norm(a[order] - a[np.roll(order, 1)], axis=1))
    return float(itself / others) if others > 0 else float("inf")


VIEWS = {"faithfulness": ink_32, "glance": glance_16}


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


def faithfulness(style: str, view: str = "faithfulness", **model_options) -> dict[str, float]:
    """The ratio of a style on digits and wine, seen exactly (``"faithfulness"``) or at a ``"glance"``."""
    out = {}
    for name, (X, y) in datasets().items():
        grey = render_rows(X, style, **model_options)
        out[name] = round(knn_accuracy(VIEWS[view](grey), y) / raw_accuracy(X, y), 4)
    return out
