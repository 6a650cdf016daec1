"""The fixed fold: any-length vectors to codes without fitting anything.

A vector of length d is taken as already standardised. Its first k values go
straight to the k code axes (so dimension 0 drives the most visible feature);
each further dimension i is added to axis ``i mod k`` with a fixed sign, and
every axis is divided by the square root of the number of dimensions it sums.
The projection's rows are therefore orthonormal: it never stretches distances,
so nearby vectors give nearby codes, and a standard-normal vector gives a
standard-normal code. The signs depend only on d and ``seed``.

A soft clip, ``clip * tanh(z / clip)``, then keeps outliers drawable and in
order.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

_HUGE = 1e150  # a value this far out is clipped to the bound anyway


def soft_clip(z: np.ndarray, clip: float = 3.0) -> np.ndarray:
    """Squash codes into (-clip, clip), monotone and near-identity around 0."""
    return clip * np.tanh(np.asarray(z, dtype=np.float64) / clip)


@lru_cache(maxsize=64)
def _fold_plan(d: int, k: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    axis = np.arange(d) % k
    sign = np.ones(d)
    if d > k:
        rng = np.random.default_rng([seed, d])
        sign[k:] = rng.choice([-1.0, 1.0], size=d - k)
    counts = np.bincount(axis, minlength=k).astype(np.float64)
    norm = 1.0 / np.sqrt(np.maximum(counts, 1.0))
    return axis, sign, norm


def fold(X: np.ndarray, k: int, *, seed: int = 0, clip: float = 3.0) -> np.ndarray:
    """Fold ``(n, d)`` vectors to ``(n, k)`` codes (zeros where d < k)."""
    X = np.atleast_2d(np.asarray(X, dtype=np.float64))
    n, d = X.shape
    big = np.abs(X).max(axis=1, initial=0.0) > _HUGE
    if big.any():  # rows of huge values: fold them scaled down, so that no sum overflows into Inf - Inf = NaN
        X = X.copy()
        X[big] /= np.abs(X[big]).max(axis=1, keepdims=True) / _HUGE
    axis, sign, norm = _fold_plan(d, k, seed)
    Z = np.zeros((n, k))
    if d <= k:
        Z[:, :d] = X
    else:
        full = (d // k) * k
        Z += (X[:, :full] * sign[:full]).reshape(n, -1, k).sum(axis=1)
        if full < d:
            Z[:, : d - full] += X[:, full:] * sign[full:]
        Z *= norm
    return soft_clip(Z, clip)


def fold_weights(d: int, k: int, seed: int = 0) -> np.ndarray:
    """``(d,)``: what each input dimension adds to its code axis per unit, before the soft clip."""
    axis, sign, norm = _fold_plan(d, k, seed)
    return sign * norm[axis]


def fold_sources(d: int, k: int) -> list[list[int]]:
    """For each code axis, the input dimensions that fold into it."""
    return [list(range(j, d, k)) for j in range(k)]
