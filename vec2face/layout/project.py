"""Projection to 2-D: PCA, t-SNE (scikit-learn), UMAP (optional), or given coordinates."""

from __future__ import annotations

import numpy as np

from vec2face.errors import InputError, missing_extra
from vec2face.io.inputs import pca_solver

LAYOUTS = ("tsne", "pca", "umap", "auto")
TSNE_MAX = 20_000  # beyond this t-SNE takes minutes on two cores: PCA is used


SCALES = ("auto", "standard", "none")
UNITS_APART = 10.0  # "auto" standardises when one column's spread passes the median column's this many times


def check_scale(scale: str) -> None:
    """An InputError for a ``scale`` that is not one of :data:`SCALES`."""
    if scale not in SCALES:
        raise InputError(f"unknown scale {scale!r}; use one of {', '.join(SCALES)}")


def scaled(X: np.ndarray, scale: str = "auto") -> tuple[np.ndarray, float | None]:
    """The columns as clustering and layout should see them, and, where they
    were standardised, how far apart their spreads were (largest / median).

    ``"standard"`` standardises every column (each to mean 0, sd 1), as the
    faces' adapter does; ``"none"`` keeps the data's own geometry. ``"auto"``
    standardises only columns in different units: when the largest column
    standard deviation is more than :data:`UNITS_APART` times the median one
    (wine: 388 times, proline in the hundreds beside hues near 1). Embeddings
    and pixels, whose columns share a unit, keep their geometry (digits: 1.5).
    """
    check_scale(scale)
    X = np.asarray(X, dtype=np.float64)
    sd = X.std(axis=0)
    spread = sd[sd > 0]
    apart = float(spread.max() / np.median(spread)) if spread.size else 1.0
    if scale == "none" or (scale == "auto" and apart <= UNITS_APART):
        return X, None
    return (X - X.mean(axis=0)) / np.where(sd > 0, sd, 1.0), apart


def reduce(X: np.ndarray, dims: int = 50, seed: int = 0) -> np.ndarray:
    """At most ``dims`` principal components of X (unscaled), for clustering and layout."""
    X = np.asarray(X, dtype=np.float64)
    if X.shape[1] <= dims:
        return X - X.mean(axis=0)
    from sklearn.decomposition import PCA

    m = min(dims, len(X))
    return PCA(n_components=m, svd_solver=pca_solver(len(X), X.shape[1], m), random_state=seed).fit_transform(X)


def project(Z: np.ndarray, method: str = "tsne", seed: int = 0) -> tuple[np.ndarray, str]:
    """``(n, 2)`` coordinates and the method used (t-SNE falls back to PCA past 20,000 points)."""
    n = len(Z)
    if method not in LAYOUTS:
        raise InputError(f"unknown layout {method!r}; use one of {', '.join(LAYOUTS)} or give coordinates")
    if method == "auto":
        method = "tsne" if n <= 5000 else "pca"
    if n < 3 or np.ptp(Z, axis=0).max() == 0:
        return np.zeros((n, 2)) if n < 2 else np.c_[np.arange(n, dtype=float), np.zeros(n)], "trivial"
    if method == "tsne" and n > TSNE_MAX:
        method = "pca"
    if method == "pca":
        from sklearn.decomposition import PCA

        Y = PCA(n_components=min(2, Z.shape[1]), random_state=seed).fit_transform(Z)
        if Y.shape[1] == 1:
            Y = np.c_[Y, np.zeros(n)]
        return Y, "pca"
    if method == "tsne":
        from sklearn.manifold import TSNE

        perplexity = float(min(30.0, max(2.0, (n - 1) / 3.0)))
        init = "pca" if Z.shape[1] >= 2 else "random"
        Z = Z - Z.mean(axis=0)
        Z = Z / np.sqrt(np.mean(Z**2))  # unit RMS: the same map in any unit
        return TSNE(n_components=2, perplexity=perplexity, init=init, random_state=seed).fit_transform(Z), "tsne"
    try:
        import umap
    except ImportError:
        raise missing_extra("umap-learn", "umap") from None
    return umap.UMAP(random_state=seed).fit_transform(Z), "umap"
