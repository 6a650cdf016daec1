"""Coerce user input to float arrays, with errors that say where it went wrong.

Accepted: lists, tuples, numpy arrays, pandas Series and DataFrames, and
anything with ``__array__`` (a torch tensor, say). torch is never imported: a
tensor is detached and moved to the CPU through its own methods.

Shapes: a vector is ``(d,)``; a matrix is ``(n, d)``, one vector a row.
Messages give places as Python indexes them (row 0 is the first row); the file
readers (:mod:`vec2face.io.readers`) count lines, rows and columns from 1.

Refused, with a message that says what to do: complex numbers, dates, times
and time spans, text, masked arrays with masked values, sparse matrices,
numbers beyond float64's range, NaN and Inf.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Real

import numpy as np

from vec2face.errors import InputError

MAX_DIM = 100_000


def is_missing(label) -> bool:
    """Whether a label is missing: None, NaN (NaT too), pandas' NA, or blank text."""
    if label is None:
        return True
    if isinstance(label, str):
        return not label.strip()
    try:
        return bool(label != label)  # NaN and NaT are not equal to themselves
    except (TypeError, ValueError, ArithmeticError):  # pandas.NA has no truth value; an array label, or a
        return type(label).__name__ == "NAType"  # signalling Decimal NaN (which refuses to compare), is not missing


def text_list(texts) -> list[str]:
    """Texts as a list of strings, none of them blank; a blank one is refused by its index (from 0, as Python
    counts: a file's texts are checked by line when read)."""
    if isinstance(texts, str):
        raise InputError("give a list of texts, not one string")
    texts = list(texts)
    empty = [i for i, t in enumerate(texts) if is_missing(t)]  # None and NaN too: not the texts "None", "nan"
    if empty:
        shown = ", ".join(map(str, empty[:10])) + (", ..." if len(empty) > 10 else "")
        many = len(empty) > 1
        raise InputError(f"{len(empty)} empty or missing text{'s' if many else ''} at "
                         f"{'indices' if many else 'index'} {shown} (counted from 0)")
    return [str(t) for t in texts]


def label_text(label) -> str:
    """A label as text: a missing one (:func:`is_missing`) is blank, not "None", "nan" or "<NA>"; text is
    itself, blank or not."""
    if isinstance(label, bytes):
        label = label.decode("utf-8", "replace")
    if isinstance(label, str):
        return label
    return "" if is_missing(label) else str(label)


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


def _column(j: int, names: Sequence[str] | None) -> str:
    """``column 4``, or ``column 4 ('flavanoids')`` when the columns have names."""
    return f"column {j}" + (f" ({names[j]!r})" if names is not None and j < len(names) else "")


def _check_finite(a: np.ndarray, what: str, names: Sequence[str] | None = None) -> None:
    bad = ~np.isfinite(a)
    if bad.any():
        idx = np.argwhere(bad)[0]
        value = a[tuple(idx)]
        kind = "NaN" if np.isnan(value) else "Inf (infinite)"
        if a.ndim == 1:
            where = f"at index {idx[0]}"
        else:
            where = f"in row {idx[0]}, {_column(idx[1], names)}"
        raise InputError(f"{what} holds {kind} {where}; every value must be a finite number")


def _cell_error(x, what: str, names: Sequence[str] | None = None) -> InputError:
    """Find the first non-numeric cell or ragged row of a nested sequence."""
    if isinstance(x, (str, bytes)):
        return InputError(f"{what} is text ({_shown(x)}), not a sequence of numbers")
    if not isinstance(x, Sequence) and not hasattr(x, "__iter__"):
        return InputError(f"{what} is a {type(x).__name__}, not a sequence of numbers")
    rows = list(x)
    nested = any(isinstance(r, (Sequence, np.ndarray)) and not isinstance(r, (str, bytes)) for r in rows)
    if not nested:
        for j, v in enumerate(rows):
            if _too_large(v):
                return InputError(f"{what}: value at index {j} is too large for a 64-bit float (beyond ±1.8e308)")
            if not _is_number(v):
                return InputError(f"{what}: value at index {j} is {_shown(v)}, not a number{_hint(v)}")
        return InputError(f"{what} could not be read as numbers")
    width = None
    for i, r in enumerate(rows):
        if isinstance(r, (str, bytes)) or not hasattr(r, "__len__"):
            return InputError(f"{what}: row {i} is {_shown(r)}, not a sequence of numbers")
        if width is None:
            width = len(r)
        elif len(r) != width:
            return InputError(f"{what}: ragged rows: row 0 has {width} values but row {i} has {len(r)}")
        for j, v in enumerate(r):
            if isinstance(v, (Sequence, np.ndarray)) and not isinstance(v, (str, bytes)):
                return InputError(f"{what}: row {i}, {_column(j, names)} is nested; expected a 2-D table")
            if _too_large(v):
                return InputError(f"{what}: row {i}, {_column(j, names)} is too large for a 64-bit float "
                                  "(beyond ±1.8e308)")
            if not _is_number(v):
                return InputError(f"{what}: row {i}, {_column(j, names)} is {_shown(v)}, not a number{_hint(v)}")
    return InputError(f"{what} could not be read as numbers")


def _shown(v) -> str:
    text = repr(v)
    return text if len(text) <= 40 else text[:37] + "..."


def _hint(v) -> str:
    """What to do with a value of a kind vec2face does not draw."""
    if isinstance(v, complex) or np.iscomplexobj(v):
        return " (complex: give the real part, the magnitude or both as columns)"
    if hasattr(v, "isoformat") or isinstance(v, (np.datetime64, np.timedelta64)):
        return " (a date, time or time span: convert it to a number first, e.g. seconds)"
    return ""


def _is_number(v) -> bool:
    """Would numpy read v as a float (numbers, and strings such as "1.5")?"""
    if isinstance(v, (bool, np.bool_, Real, np.number)):
        return True
    try:
        float(v)
    except (TypeError, ValueError):
        return False
    return True


def dtype_problem(dtype) -> str | None:
    """Why values of this numpy dtype cannot be drawn, with what to do; None when they can.

    Object arrays are not refused here (a list of Python numbers makes one);
    readers refuse them, since loading one would mean unpickling.
    """
    dtype = np.dtype(dtype)
    kind = dtype.kind
    if kind in "biuf":
        return None
    if kind == "c":
        return ("holds complex numbers, which have no single value to draw; pass the real part (z.real), "
                "the magnitude (abs(z)), or both as columns (np.column_stack([z.real, z.imag]))")
    if kind == "M":
        return ("holds dates or times, not numbers; convert them first, e.g. to seconds since 1970 "
                "(a.astype('datetime64[s]').astype('int64'))")
    if kind == "m":
        return "holds time spans, not numbers; convert them first, e.g. to seconds (a / np.timedelta64(1, 's'))"
    if kind in "US":
        return "holds text (strings), not numbers"
    if kind == "V":
        return ("holds structured records or raw bytes, not plain numbers; "
                "give one numeric array (np.column_stack of the fields)")
    if kind == "O":
        return "holds Python objects (dtype object), not plain numbers; convert them with a.astype(float)"
    return f"has dtype {dtype}, not numbers"


def _too_large(v) -> bool:
    """Is v a number too large for a float64 (an int beyond 1.8e308, say)?"""
    try:
        float(v)
    except OverflowError:
        return True
    except (TypeError, ValueError):
        return False
    return False


def _to_float(x, what: str, names: Sequence[str] | None = None) -> np.ndarray:
    if x is None:
        raise InputError(f"{what} is None; give a sequence of numbers")
    if hasattr(x, "nnz") and hasattr(x, "toarray"):  # scipy sparse (a dok_array is also a dict)
        raise InputError(f"{what} is a sparse matrix; sparse input is not supported (pass X.toarray())")
    if isinstance(x, dict):
        raise InputError(f"{what} is a dict, not a sequence of numbers (give a list, e.g. list(d.values()))")
    if isinstance(x, (set, frozenset)):
        raise InputError(f"{what} is a {type(x).__name__}, which has no order; give a list (e.g. sorted(s))")
    if isinstance(x, (list, tuple)) and any(v is None for v in x):
        raise InputError(f"{what}: value at index {next(i for i, v in enumerate(x) if v is None)} is None, "
                         "not a number")
    if isinstance(x, np.ma.MaskedArray) and np.ma.getmaskarray(x).any():
        i = np.argwhere(np.ma.getmaskarray(x))[0]
        at = f"index {i[0]}" if x.ndim == 1 else f"row {i[0]}, column {i[1]}" if x.ndim == 2 else f"index {tuple(i)}"
        raise InputError(f"{what} is a masked array with masked values (the first at {at}); vec2face draws every "
                         "value, so fill them (a.filled(value)) or drop those rows first")
    x = _plain(x)
    dtype = getattr(x, "dtype", None)
    if dtype is not None and isinstance(dtype, np.dtype) and dtype.kind != "O":
        problem = dtype_problem(dtype)
        if problem:
            raise InputError(("Complex data not supported: " if dtype.kind == "c" else "") + f"{what} {problem}")
    if isinstance(x, np.ndarray) and x.dtype.kind in "biuf":
        if x.dtype.kind == "f" and x.dtype.itemsize > 8:  # long double: values beyond float64's range
            with np.errstate(over="ignore"):
                a = np.asarray(x, dtype=np.float64)
            _check_range(x, a, what)
            return a
        return np.asarray(x, dtype=np.float64)
    try:
        with np.errstate(all="ignore"):
            a = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise _cell_error(x, what, names) from None
    return a


def _check_range(original: np.ndarray, a: np.ndarray, what: str) -> None:
    bad = np.isinf(a) & np.isfinite(original)
    if bad.any():
        idx = np.argwhere(bad)[0]
        where = f"at index {idx[0]}" if a.ndim == 1 else f"in row {idx[0]}, column {idx[1]}" if a.ndim == 2 else ""
        raise InputError(f"{what} holds a value too large for a 64-bit float (beyond ±1.8e308) {where}".rstrip())


def as_vector(v, *, what: str = "the vector") -> np.ndarray:
    """One vector as a finite ``(d,)`` float array, 1 <= d <= 100,000."""
    a = _to_float(v, what)
    if a.ndim == 2 and 1 in a.shape:
        a = a.reshape(-1)
    if a.ndim == 0:
        raise InputError(f"{what} is a single number; give a sequence of numbers, e.g. [{_shown(a.item())}]")
    if a.ndim != 1:
        raise InputError(f"{what} must be 1-D, got an array of shape {a.shape}")
    if a.size == 0:
        raise InputError(f"{what} is empty; give at least one number")
    if a.size > MAX_DIM:
        raise InputError(f"{what} has {a.size} values; at most {MAX_DIM} are supported")
    _check_finite(a, what)
    return a


def as_matrix(X, *, what: str = "the data", table: bool = False) -> np.ndarray:
    """Vectors as a finite ``(n, d)`` float array (a single vector becomes n = 1,
    unless ``table``: then 1-D data is refused, as a table to learn from). Problems
    name the row and column (counted from 0, as in Python) and the column's name, if it has one."""
    names = column_names(X)
    a = _to_float(X, what, names)
    if a.ndim == 1 and table:  # a Series or a list of numbers: one column, or one vector?
        raise InputError(f"{what} must be a table, one row a vector; got 1-D data of {a.size} values. For one "
                         "column of numbers give it 2-D (X.reshape(-1, 1), or series.to_frame()); to draw one "
                         "vector as it is, use vec2face(v)")
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
    _check_finite(a, what, names)
    return a


_Z_MAX = 1e100  # standardised values beyond this are as good as infinite (the soft clip takes them to +-clip)


def standardise(X: np.ndarray, mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """``(X - mean) / scale`` without overflow: finite, and within +-1e100."""
    with np.errstate(all="ignore"):
        Z = (X - mean) / scale
        bad = ~np.isfinite(Z)
        if bad.any():  # X - mean overflowed: divide first (mean / scale is finite by construction)
            Z = np.where(bad, X / scale - mean / scale, Z)
    return np.clip(Z, -_Z_MAX, _Z_MAX)


def pca_solver(n: int, d: int, components: int) -> str:
    """scikit-learn's PCA solver for ``n`` rows of ``d`` columns, keeping ``components`` axes.

    Tall data (at most 1,000 columns, ten or more rows a column) takes
    ``covariance_eigh``: the eigenvectors of the ``d x d`` covariance, the same
    axes as a full SVD, several times faster. Large wide data keeping few axes
    takes ``randomized``; the rest ``full``.
    """
    if d <= 1000 and n >= 10 * d:
        return "covariance_eigh"
    if (n * d > 5_000_000 or d > 500) and components < d // 4:
        return "randomized"
    return "full"


def magnitude_unit(X: np.ndarray) -> float:
    """A power of two that brings the largest magnitude in X near 1 (1.0 for an all-zero X).

    Multiplying by it is exact: distances and directions keep every bit, while
    squares of values near 1e200 (Inf) or 1e-200 (0) become workable."""
    m = float(np.max(np.abs(X))) if np.size(X) else 0.0
    return 1.0 if not (m > 0 and np.isfinite(m)) else float(2.0 ** -np.floor(np.log2(m)))
