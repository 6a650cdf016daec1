"""The adapters are scikit-learn estimators: one contract test over all."""

import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from vec2face import InputError, Vec2Face
from vec2face.adapters import fold
from vec2face.adapters.estimators import ColumnAdapter, FoldAdapter, PCAAdapter
from vec2face.adapters.learned import LearnedChernoffAdapter

ADAPTERS = [PCAAdapter(n_components=4), ColumnAdapter(columns=(0, -1, 1)), FoldAdapter(n_components=5)]
ESTIMATORS = ADAPTERS + [LearnedChernoffAdapter(), Vec2Face(), Vec2Face(style="chernoff", mapping="learned")]

# Vec2Face and LearnedChernoffAdapter are imported with `import vec2face`, which
# must not import scikit-learn, so they keep the contract by hand rather than by
# subclassing BaseEstimator. Where they part from scikit-learn, it is on purpose:
ONE_ROW = "a 1-D vector given to transform is read as one row, by design: vec2face draws single vectors"
OWN_MESSAGES = {
    "check_fit2d_predict1d": ONE_ROW,
    "check_dtype_object": "a cell that is not a number raises the package's InputError, a ValueError that names "
                          "the row and column, rather than numpy's TypeError",
}


def _expected_failures(estimator):
    return OWN_MESSAGES if isinstance(estimator, (Vec2Face, LearnedChernoffAdapter)) else {}


with warnings.catch_warnings():  # "does not inherit from BaseEstimator": see above
    warnings.filterwarnings("ignore", message=".*does not inherit from `sklearn.base.BaseEstimator`")
    contract = parametrize_with_checks(ESTIMATORS, expected_failed_checks=_expected_failures)


@contract
def test_sklearn_contract(estimator, check):
    check(estimator)


def test_fit_refuses_a_single_column_given_as_1d_and_mixed_column_names():
    import pandas as pd
    from sklearn.datasets import load_wine

    X = load_wine(as_frame=True).data
    for data in (X["alcohol"], X["alcohol"].tolist()):
        with pytest.raises(InputError, match=r"must be a table.*1-D data of 178 values.*to_frame\(\)"):
            Vec2Face().fit(data)
    one = X[["alcohol"]]  # the same column as a table: one code axis of variance
    assert Vec2Face().fit(one).transform(one).shape[0] == 178
    mixed = pd.DataFrame(np.random.default_rng(0).normal(size=(30, 3)), columns=["a", 1, "c"])
    with pytest.raises(InputError, match="column names mix int and str"):
        Vec2Face().fit(mixed)


def test_vec2face_params_round_trip_through_clone():
    model = Vec2Face(style="chernoff", stroke="#1f5fbf", clip=2.0)
    assert model.get_params()["stroke"] == "#1f5fbf" and model.get_params()["style"] == "chernoff"
    assert model.set_params(line_width=2.5, seed=3) is model
    twin = clone(model)
    assert twin is not model and twin.get_params() == model.get_params()
    with pytest.raises(ValueError, match="invalid parameter 'pen'"):
        model.set_params(pen="red")


def test_set_params_changes_what_is_drawn():
    X = np.random.default_rng(0).standard_normal((12, 5))
    model = Vec2Face().fit(X)
    assert "stroke:#1f5fbf" not in model.gallery(X).svg
    assert "stroke:#1f5fbf" in model.set_params(stroke="#1f5fbf").gallery(X).svg


def test_vec2face_in_a_pipeline():
    X = np.random.default_rng(1).standard_normal((40, 6)) * [1, 10, 100, 1, 1, 1]
    pipe = Pipeline([("scale", StandardScaler()), ("faces", Vec2Face())])
    codes = pipe.fit_transform(X)
    assert codes.shape == (40, Vec2Face().fit(X)._style().latent_dim)
    assert np.allclose(codes, Vec2Face().fit(StandardScaler().fit_transform(X)).transform(
        StandardScaler().fit(X).transform(X)))
    pipe.set_params(faces__style="chernoff")
    assert pipe.fit(X).named_steps["faces"].adapter_ is not None
    assert clone(pipe).get_params()["faces__style"] == "chernoff"


def test_a_pandas_pipeline_keeps_the_column_names_to_the_legend_and_names_the_features():
    from sklearn.datasets import load_wine

    X = load_wine(as_frame=True).data
    pipe = Pipeline([("scale", StandardScaler()), ("faces", Vec2Face())]).set_output(transform="pandas").fit(X)
    codes = pipe.transform(X)
    names = list(Vec2Face().fit(X).get_feature_names_out())
    assert list(codes.columns) == names == list(pipe.get_feature_names_out()) and list(codes.index) == list(X.index)
    assert names[0] == Vec2Face()._style().feature_names[0]
    faces = pipe.named_steps["faces"]
    assert "flavanoids" in faces.legend()[0]["source"]  # the wine columns' names, not x6
    assert np.allclose(codes.to_numpy(), clone(pipe).set_output(transform="default").fit(X).transform(X))
    assert type(clone(pipe).fit(X).transform(X)).__name__ == "DataFrame"  # clone keeps the setting
    assert faces.gallery(pipe[:-1].transform(X)).n_faces == len(X)  # drawing still works under the setting
    with pytest.raises(InputError, match="use 'pandas' or 'default'"):
        Vec2Face().set_output(transform="polars")


@pytest.mark.parametrize("method", ["transform", "draw", "gallery", "legend"])
def test_an_unfitted_model_says_so(method):
    from vec2face import Vec2FaceError

    X = np.ones((3, 4))
    args = () if method == "legend" else (X,)
    with pytest.raises(NotFittedError, match=f"call fit\\(X\\) before {method}") as info:
        getattr(Vec2Face(), method)(*args)
    assert isinstance(info.value, Vec2FaceError)  # the command line prints it as "Error: ..."
    with pytest.raises(NotFittedError):
        LearnedChernoffAdapter().transform(X)


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


@pytest.mark.parametrize("loader", ["load_digits", "load_breast_cancer"])
def test_tall_data_takes_the_covariance_solver_and_gets_the_svds_codes(loader, monkeypatch):
    import sklearn.datasets
    from sklearn.decomposition import PCA

    from vec2face.io.inputs import pca_solver

    X = getattr(sklearn.datasets, loader)().data  # 1,797 x 64 and 569 x 30: ten or more rows a column
    assert pca_solver(*X.shape, 22) == "covariance_eigh"
    assert pca_solver(200, 64, 22) == "full" and pca_solver(3000, 2000, 22) == "randomized"
    fast = PCAAdapter().fit(X)
    used = []

    class FullSVD(PCA):  # the same estimator, forced to the full SVD
        def __init__(self, n_components=None, *, svd_solver="auto", random_state=None):
            used.append(svd_solver)
            super().__init__(n_components, svd_solver="full", random_state=random_state)

    monkeypatch.setattr("sklearn.decomposition.PCA", FullSVD)
    slow = PCAAdapter().fit(X)
    assert used == ["covariance_eigh"]
    np.testing.assert_allclose(fast.components_, slow.components_, atol=1e-9)  # same axes, same signs
    np.testing.assert_allclose(fast.transform(X), slow.transform(X), atol=1e-8)


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
