"""Learned mappings from real faces.

* :func:`encode_landmarks`: 68 (iBUG, dlib) or 71 (clmtrackr) landmark sets to
  the ``line`` style's face codes; drawing a code gives back a caricature of
  that face.
* :class:`LearnedChernoffAdapter` (a scikit-learn estimator): data ->
  principal axes -> a real-face code -> the Chernoff features measured on
  real faces, through a linear map learned on them
  (``training.line.chernoff_mapping``). Features that
  move together in real faces (a smile lifts the cheeks and narrows the eyes)
  then move together in the drawing. Features no landmark can measure (hair,
  ears, pupils) take the next principal axes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from vec2face.adapters.base import Estimator
from vec2face.adapters.fold import soft_clip

# On a photo's face, the drawn face's mean change at 64 px from caricature c to the next step: 0 -> 0.5 -> 1:
# 13 and 12 grey levels; 1 -> 1.5: 7; 1.5 -> 2: 2; 2 -> 3: 3; 5 -> 10: 24, as sunglasses and beards switch on.
MAX_CARICATURE = 2.0


def encode_landmarks(points, *, caricature: float = 1.0) -> np.ndarray:
    """Face codes ``(n, k)`` of the ``line`` style for landmark sets.

    Draw them with :func:`vec2face.draw_codes`: the drawing is the face's
    shape with pose removed (turn and nod), in the style's pen strokes.

    Args:
        points: ``(68, 2)`` iBUG points (dlib, face_recognition) or ``(71, 2)``
            clmtrackr points, in image coordinates (y down), or a batch
            ``(n, 68 | 71, 2)``. Position, size and roll do not matter.
        caricature: how far to push the face away from the average face,
            from 0 to 2 (1 keeps the code as measured; 1.5 exaggerates what
            makes it distinctive; 0 gives the average face). The ``line`` style then
            draws every code as a caricature of its own (the model card's
            ``caricature``), so a drawn face is always bolder than the
            landmarks.
    """
    from vec2face.errors import InputError, check_number
    from vec2face.learned.line_model import shipped_line_model

    if not 0 <= check_number("caricature", caricature, error=InputError) <= MAX_CARICATURE:
        raise InputError(f"caricature must be from 0 to {MAX_CARICATURE:g}, got {caricature!r} (past it the drawn "
                         "face changes little, the style's code-length limit holding it, and then features the face "
                         "does not have switch on)")
    model = shipped_line_model()
    points = _landmark_points(points)
    if points.ndim == 3 and len(points) == 0:
        raise InputError("no landmark sets: give one face's (68, 2) points or a batch (n, 68, 2) of at least one")
    try:
        raw = model.encode(points)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    full = np.zeros((len(raw), model.raw_dim))
    full[:, : raw.shape[1]] = raw * caricature
    return model.style_codes(full)


def _landmark_points(points) -> np.ndarray:
    """Landmarks as a float array; sets of huge coordinates are scaled down (size does not matter)."""
    from vec2face.errors import InputError
    from vec2face.io.inputs import dtype_problem

    if points is None or isinstance(points, (str, bytes, dict)):
        raise InputError(f"landmarks must be (n, 2) points or a batch (m, n, 2), not {type(points).__name__}")
    dtype = getattr(points, "dtype", None)
    if isinstance(dtype, np.dtype) and dtype.kind != "O" and dtype_problem(dtype):
        raise InputError(f"the landmarks {dtype_problem(dtype)}")
    try:
        with np.errstate(all="ignore"):
            p = np.asarray(points, dtype=np.float64)
    except OverflowError:
        raise InputError("the landmarks hold a coordinate too large for a 64-bit float (beyond ±1.8e308)") from None
    except (TypeError, ValueError):
        raise InputError("landmarks must be numbers: (n, 2) points or a batch (m, n, 2) of equal-length sets") from None
    if p.ndim >= 2 and p.size and np.isfinite(p).all():
        big = np.abs(p).max(axis=(-2, -1), keepdims=True)
        if (big > 1e150).any():
            p = np.where(big > 1e150, p / np.where(big > 1e150, big, 1.0), p)
        flat = np.ptp(p, axis=-2).max(axis=-1).reshape(-1) == 0
        if p.shape[-2] in (68, 71) and p.shape[-1] == 2 and flat.any():  # other shapes: the model names them
            raise InputError(f"landmark set {int(np.flatnonzero(flat)[0])} has all its points in one place; "
                             "a face needs points that spread out")
    return p


def chernoff_from_face_codes(face_codes: np.ndarray, extra: np.ndarray | None = None, clip: float = 3.0,
                             features: Sequence[str] | None = None) -> np.ndarray:
    """Real-face codes ``(n, k_line)`` (raw, learned axes) to Chernoff codes.

    ``features`` are the Chernoff style's feature names in its order (the
    caller, who knows the style, passes them; by default only the features
    measured on real faces, in the map's order). The measured features take the
    learned map, and ``extra`` columns drive the rest in order.
    """
    from vec2face.learned.line_model import shipped_line_model

    model = shipped_line_model()
    names = list(features) if features is not None else list(model.chernoff_names)
    W = np.asarray(model.chernoff_W, dtype=np.float64)  # (k_line, m)
    measured = soft_clip(face_codes @ W, clip)
    out = np.zeros((len(face_codes), len(names)))
    for j, name in enumerate(model.chernoff_names):
        out[:, names.index(name)] = measured[:, j]
    rest = [i for i, n in enumerate(names) if n not in model.chernoff_names]
    if extra is not None:
        m = min(len(rest), extra.shape[1])
        out[:, rest[:m]] = extra[:, :m]
    return out


def learned_chernoff_inputs(features: Sequence[str] | None = None) -> tuple[int, int]:
    """(face-code length, number of Chernoff features no landmark measures)."""
    from vec2face.learned.line_model import shipped_line_model

    model = shipped_line_model()
    names = list(features) if features is not None else list(model.chernoff_names)
    return model.latent_dim, len(names) - len(model.chernoff_names)


class LearnedChernoffAdapter(Estimator):
    """Data -> principal axes -> real-face codes -> Chernoff features, learned on real faces.

    A scikit-learn estimator (``fit`` / ``transform``; scikit-learn is imported
    by ``fit``). ``fit`` learns a :class:`~vec2face.adapters.estimators.PCAAdapter`
    whose first ``k_line`` axes are read as a real face's code; the axes after
    them drive the Chernoff features no landmark measures.

    Args:
        clip: soft-clip bound of the codes, in standard deviations.
        random_state: seed of the randomized PCA solver on wide data.

    Fitted attributes: ``pca_`` (the fitted PCAAdapter), ``k_line_`` (real-face
    code length), ``n_extra_`` (unmeasured features), ``n_features_in_``
    (and ``feature_names_in_`` after a DataFrame).
    """

    def __init__(self, *, clip: float = 3.0, random_state: int = 0, features: Sequence[str] | None = None):
        self.clip = clip
        self.random_state = random_state
        self.features = features

    def fit(self, X, y=None):
        from vec2face.adapters.estimators import PCAAdapter

        Xa = self._check_data(X, reset=True)
        self.k_line_, self.n_extra_ = learned_chernoff_inputs(self.features)
        self.pca_ = PCAAdapter(n_components=self.k_line_ + self.n_extra_, clip=self.clip,
                               random_state=self.random_state).fit(Xa)
        return self

    def transform(self, X) -> np.ndarray:
        """Chernoff codes ``(n, k)`` of the rows of X."""
        self._check_fitted("transform")
        Z = self.pca_.transform(self._check_data(X, reset=False))
        return chernoff_from_face_codes(Z[:, : self.k_line_], Z[:, self.k_line_ :], clip=self.clip,
                                        features=self.features)

    def fit_transform(self, X, y=None) -> np.ndarray:
        return self.fit(X).transform(X)
