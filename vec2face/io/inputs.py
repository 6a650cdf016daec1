"""Coerce user input to float arrays, with errors that say where it went wrong.

Accepted: lists, tuples, numpy arrays, pandas Series and DataFrames, and
anything with ``__array__`` (a torch tensor, say). torch is never imported: a
tensor is detached and moved to the CPU through its own methods.

Shapes: a vector is ``(d,)``; a matrix is ``(n, d)``, one vector a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Real

import numpy as np

from vec2face.errors import InputError

MAX_DIM = 100_000


def _plain(x):
    """Turn tensors and other array-likes into something numpy takes."""
    if hasattr(x, "detach") and hasattr(x, "cpu"):  # torch / tensor-like
        x = x.detach().cpu()
    if hasattr(x, "to_numpy") and not isinstance(x, np.ndarray):  # pandas
        x = x.to_numpy()
    return x


def column_names(X) -> list[str] | None:
    """Column names of a DataFrame (or the index of a Series), else None."""
    cols = getattr(X, "columns", None)
    if cols is not None:
        return [str(c) for c in cols]
    return None


def _check_finite(a: np.ndarray, what: str) -> None:
    bad = ~np.isfinite(a)
    if bad.any():
        idx = np.argwhere(bad)[0]
        value = a[tuple(idx)]
        kind = "NaN" if np.isnan(value) else "Inf (infinite)"
        if a.ndim == 1:
            where = f"at index {idx[0]}"
        else:
            where = f"in row {idx[0]}, column {idx[1]}"
        raise InputError(f"{what} holds {kind} {where}; every value must be a finite number")


def _cell_error(x, what: str) -> InputError:
    """Find the first non-numeric cell or ragged row of a nested sequence."""
    if isinstance(x, (str, bytes)):
        return InputError(f"{what} is text ({x!r:.40}), not a sequence of numbers")
    if not isinstance(x, Sequence) and not hasattr(x, "__iter__"):
        return InputError(f"{what} is a {type(x).__name__}, not a sequence of numbers")
    rows = list(x)
    nested = any(isinstance(r, (Sequence, np.ndarray)) and not isinstance(r, (str, bytes)) for r in rows)
    if not nested:
        for j, v in enumerate(rows):
            if not _is_number(v):
                return InputError(f"{what}: value at index {j} is {v!r:.40}, not a number")
        return InputError(f"{what} could not be read as numbers")
    width = None
    for i, r in enumerate(rows):
        if isinstance(r, (str, bytes)) or not hasattr(r, "__len__"):
            return InputError(f"{what}: row {i} is {r!r:.40}, not a sequence of numbers")
        if width is None:
            width = len(r)
        elif len(r) != width:
            return InputError(f"{what}: ragged rows: row 0 has {width} values but row {i} has {len(r)}")
        for j, v in enumerate(r):
            if isinstance(v, (Sequence, np.ndarray)) and not isinstance(v, (str, bytes)):
                return InputError(f"{what}: row {i}, column {j} is nested; expected a 2-D table")
            if not _is_number(v):
                return InputError(f"{what}: row {i}, column {j} is {v!r:.40}, not a number")
    return InputError(f"{what} could not be read as numbers")


def _is_number(v) -> bool:
    """Would numpy read v as a float (numbers, and strings such as "1.5")?"""
    if isinstance(v, (bool, np.bool_, Real, np.number)):
        return True
    try:
        float(v)
    except (TypeError, ValueError):
        return False
    return True


def _to_float(x, what: str) -> np.ndarray:
    x = _plain(x)
    if hasattr(x, "nnz") and hasattr(x, "toarray"):  # scipy sparse
        raise InputError(f"{what} is a sparse matrix; sparse input is not supported (pass X.toarray())")
    if getattr(x, "dtype", None) is not None and np.dtype(x.dtype).kind == "c":
        raise InputError(f"Complex data not supported: {what} holds complex numbers")
    if isinstance(x, np.ndarray) and x.dtype.kind in "biuf":
        return x.astype(np.float64, copy=False)
    try:
        with np.errstate(all="ignore"):
            a = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise _cell_error(x, what) from None
    return a


def as_vector(v, *, what: str = "the vector") -> np.ndarray:
    """One vector as a finite ``(d,)`` float array, 1 <= d <= 100,000."""
    a = _to_float(v, what)
    if a.ndim == 2 and 1 in a.shape:
        a = a.reshape(-1)
    if a.ndim != 1:
        raise InputError(f"{what} must be 1-D, got an array of shape {a.shape}")
    if a.size == 0:
        raise InputError(f"{what} is empty; give at least one number")
    if a.size > MAX_DIM:
        raise InputError(f"{what} has {a.size} values; at most {MAX_DIM} are supported")
    _check_finite(a, what)
    return a


def as_matrix(X, *, what: str = "the data") -> np.ndarray:
    """Vectors as a finite ``(n, d)`` float array (a single vector becomes n = 1)."""
    a = _to_float(X, what)
    if a.ndim == 1:
        a = a.reshape(1, -1)
    if a.ndim != 2:
        raise InputError(
            f"{what} must be 2-D (one vector a row), got an array of shape {a.shape}"
        )
    if a.shape[0] == 0 or a.shape[1] == 0:
        raise InputError(f"{what} is empty: {a.shape[0]} row(s) and {a.shape[1]} feature(s) (shape={a.shape}) "
                         "while a minimum of 1 is required; give at least one row and one column")
    if a.shape[1] > MAX_DIM:
        raise InputError(f"{what} has {a.shape[1]} columns; at most {MAX_DIM} are supported")
    _check_finite(a, what)
    return a
