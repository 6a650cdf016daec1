"""The adapters are scikit-learn estimators: one contract test over all."""

import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from vec2face.adapters import fold
from vec2face.adapters.estimators import ColumnAdapter, FoldAdapter, PCAAdapter

ADAPTERS = [PCAAdapter(n_components=4), ColumnAdapter(columns=(0, -1, 1)), FoldAdapter(n_components=5)]


@parametrize_with_checks(ADAPTERS)
def test_sklearn_contract(estimator, check):
    check(estimator)


@pytest.mark.parametrize("adapter", ADAPTERS, ids=lambda a: type(a).__name__)
def test_codes_stay_in_the_box(adapter):
    X = np.random.default_rng(0).standard_cauchy((200, 6)) * 100  # heavy outliers
    Z = adapter.fit(X).transform(X)
    assert np.isfinite(Z).all() and np.abs(Z).max() <= 3.0


def test_pca_orders_axes_by_variance():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((500, 3)) * [1.0, 5.0, 0.2] @ np.linalg.qr(rng.standard_normal((3, 3)))[0]
    a = PCAAdapter(n_components=3).fit(X)
    assert np.all(np.diff(a.explained_variance_) <= 0)


def test_pca_soft_clip_keeps_order():
    X = np.linspace(-50, 50, 101)[:, None] * [1.0, 0.5]
    Z = PCAAdapter(n_components=1).fit(X).transform(X)[:, 0]
    assert np.all(np.abs(np.diff(np.sign(np.diff(Z)))) == 0)  # monotone


def test_fold_is_identity_up_to_k_then_orthonormal():
    v = np.array([[0.1, -0.2, 0.3]])
    assert np.allclose(fold(v, 5, clip=1e9), [[0.1, -0.2, 0.3, 0, 0]])
    d, k = 1000, 22
    E = fold(np.eye(d), k, clip=1e9)  # columns of the projection
    assert np.allclose(E.T @ E, np.eye(k))


def test_constant_data_gives_neutral_codes():
    X = np.ones((5, 4))
    assert np.all(PCAAdapter(n_components=3).fit(X).transform(X) == 0)
    assert np.all(ColumnAdapter(columns=(0, 1)).fit(X).transform(X) == 0)
