"""Fitted adapters, as scikit-learn estimators.

Each maps ``(n, d)`` vectors to ``(n, k)`` codes in standard deviations,
soft-clipped into the +-3 box that every style draws well.

* :class:`PCAAdapter` standardises the columns and whitens them with PCA, so
  code axis 0 is the direction of most variance: it drives the style's most
  visible feature.
* :class:`ColumnAdapter` is the explicit tabular mapping: named features take
  named (or numbered) columns, each standardised on its own.
* :class:`FoldAdapter` is the fixed, unfitted fold of :mod:`~vec2face.adapters.fold`
  (it only checks the width).
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from vec2face.adapters.fold import fold, soft_clip
from vec2face.io.inputs import pca_solver, standardise

_EPS = 1e-12
_EXTREME = 1e150  # columns whose magnitude passes this (or falls below its inverse) are scaled down first


def column_mean_scale(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each column's mean and standard deviation, finite for any finite data.

    Columns of huge magnitude (values near 1e200 square to Inf) or tiny magnitude
    (near 1e-200 square to 0) are divided by their largest magnitude first, and
    the results multiplied back. A column whose deviation is negligible next to
    its magnitude (a constant, up to rounding) takes that magnitude as its scale,
    so it standardises to about 0 (an all-zero column takes 1).
    """
    m = np.abs(X).max(axis=0)
    with np.errstate(all="ignore"):
        mean = X.mean(axis=0)
        sd = X.std(axis=0)
    odd = (m > _EXTREME) | ((m > 0) & (m < 1 / _EXTREME))
    if odd.any():
        Xs = X[:, odd] / m[odd]
        mean[odd] = Xs.mean(axis=0) * m[odd]
        sd[odd] = Xs.std(axis=0) * m[odd]
    scale = np.where(sd > _EPS * m, sd, np.where(m > 0, m, 1.0))
    return mean, scale


class _CodeAdapter(TransformerMixin, BaseEstimator):
    def _check(self, X, reset: bool):
        return validate_data(self, X, reset=reset, dtype=np.float64, ensure_min_samples=1)


class PCAAdapter(_CodeAdapter):
    """Standardise, then project on principal axes ordered by explained variance.

    Args:
        n_components: code length k; fewer axes are kept when the data has
            fewer columns or rows, and the missing axes are zeros.
        whiten: scale each axis to unit variance (else keep the PCA scale,
            divided by the first axis's standard deviation).
        clip: soft-clip bound, in standard deviations.
        random_state: seed of the randomized solver on wide data.
    """

    def __init__(self, n_components: int = 22, *, whiten: bool = True, clip: float = 3.0, random_state: int = 0):
        self.n_components = n_components
        self.whiten = whiten
        self.clip = clip
        self.random_state = random_state

    def fit(self, X, y=None):
        from sklearn.decomposition import PCA

        X = self._check(X, reset=True)
        if not (isinstance(self.n_components, (int, np.integer)) and self.n_components >= 1):
            raise ValueError(f"n_components must be a positive integer, got {self.n_components!r}")
        self.mean_, self.scale_ = column_mean_scale(X)
        Z = standardise(X, self.mean_, self.scale_)
        m = int(min(self.n_components, X.shape[0], X.shape[1]))
        solver = pca_solver(X.shape[0], X.shape[1], m)
        with warnings.catch_warnings():  # one row: no variance to explain (the codes stay neutral)
            warnings.simplefilter("ignore", RuntimeWarning)
            pca = PCA(n_components=m, svd_solver=solver, random_state=self.random_state).fit(Z)
        self.components_ = pca.components_
        self.explained_variance_ = pca.explained_variance_
        self.explained_variance_ratio_ = pca.explained_variance_ratio_
        if self.whiten:
            sd = np.sqrt(np.maximum(pca.explained_variance_, _EPS))
        else:
            sd = np.full(m, np.sqrt(max(pca.explained_variance_[0], _EPS)))
        # axes with no variance carry no information: keep them at 0
        self.axis_scale_ = np.where(pca.explained_variance_ > _EPS, 1.0 / sd, 0.0)
        return self

    def transform(self, X):
        check_is_fitted(self, "components_")
        X = self._check(X, reset=False)
        Z = standardise(X, self.mean_, self.scale_) @ self.components_.T * self.axis_scale_
        out = np.zeros((X.shape[0], self.n_components))
        out[:, : Z.shape[1]] = soft_clip(Z, self.clip)
        return out


class ColumnAdapter(_CodeAdapter):
    """Explicit mapping: code axis ``j`` takes input column ``columns[j]``.

    Args:
        columns: for each code axis, an input column index, or -1 for none
            (that axis stays neutral).
        clip: soft-clip bound, in standard deviations.
    """

    def __init__(self, columns=(0,), *, clip: float = 3.0):
        self.columns = columns
        self.clip = clip

    def fit(self, X, y=None):
        X = self._check(X, reset=True)
        cols = np.asarray(self.columns, dtype=int).reshape(-1)
        if cols.size == 0 or (cols >= X.shape[1]).any() or (cols < -1).any():
            raise ValueError(f"columns {cols.tolist()} do not fit data with n_features = {X.shape[1]} "
                             f"({X.shape[1]} feature(s))")
        self.columns_ = cols
        used = cols[cols >= 0]
        self.mean_ = np.zeros(X.shape[1])
        self.scale_ = np.ones(X.shape[1])
        self.mean_[used], self.scale_[used] = column_mean_scale(X[:, used])
        return self

    def transform(self, X):
        check_is_fitted(self, "columns_")
        X = self._check(X, reset=False)
        out = np.zeros((X.shape[0], len(self.columns_)))
        used = self.columns_ >= 0
        cols = self.columns_[used]
        out[:, used] = soft_clip(standardise(X[:, cols], self.mean_[cols], self.scale_[cols]), self.clip)
        return out


class FoldAdapter(_CodeAdapter):
    """The fixed fold (nothing learned): vectors taken as already standardised.

    Args:
        n_components: code length k.
        seed: seed of the fold's signs.
        clip: soft-clip bound, in standard deviations.
    """

    def __init__(self, n_components: int = 22, *, seed: int = 0, clip: float = 3.0):
        self.n_components = n_components
        self.seed = seed
        self.clip = clip

    def fit(self, X, y=None):
        self._check(X, reset=True)
        self.fitted_ = True
        return self

    def transform(self, X):
        check_is_fitted(self, "fitted_")
        X = self._check(X, reset=False)
        return fold(X, self.n_components, seed=self.seed, clip=self.clip)
