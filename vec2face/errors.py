"""Errors that vec2face raises for bad input.

Every message names what was wrong and where (row, column, file line), so the
command line can print it as is, without a traceback.
"""

from __future__ import annotations

import functools
import math
import numbers


class Vec2FaceError(ValueError):
    """Bad input or options: the message says what and where."""


class InputError(Vec2FaceError):
    """A vector, matrix or file that cannot be drawn."""


class StyleError(Vec2FaceError):
    """An unknown style or feature name, or a bad drawing or output option
    (a colour, a line width, a face's size, a grid's columns, an image's
    width, scale or dpi, an output format)."""


def check_flag(name: str, value: object) -> bool:
    """``value`` as a bool, or a StyleError unless it is True or False (a string like ``"no"`` is truthy)."""
    if isinstance(value, bool) or type(value).__module__ == "numpy" and type(value).__name__ in ("bool", "bool_"):
        return bool(value)
    raise StyleError(f"{name} must be True or False, got {value!r}")


def check_number(name: str, value: object, *, positive: bool = False, error: type[Vec2FaceError] = StyleError) -> float:
    """``value`` as a finite float (greater than 0 where ``positive``), or ``error`` naming ``name``.
    Text and booleans are refused, not converted (``"3"`` is not a number, nor is True)."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)  # numpy's bool is no numbers.Real
    number = float(value) if ok else math.nan  # type: ignore[arg-type]
    if not math.isfinite(number) or (positive and number <= 0):
        kind = "a positive finite number" if positive else "a finite number"
        raise error(f"{name} must be {kind}, got {value!r}")
    return number


def check_count(name: str, value: object, unit: str = "", *, error: type[Vec2FaceError] = InputError) -> int:
    """``value`` as an int, or ``error`` unless it is a whole number (not a bool), at least 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise error(f"{name} must be a whole number{unit}, at least 1, got {value!r}")
    return int(value)


def missing_extra(module: str, extra: str) -> ImportError:
    """An ImportError that names the extra to install."""
    return ImportError(
        f"this needs the optional dependency {module!r}: "
        f"pip install 'vec2face[{extra}]'"
    )


def __getattr__(name: str):
    # NotFittedError subclasses scikit-learn's, which is imported only when the
    # class is first asked for (``import vec2face`` stays free of scikit-learn).
    if name == "NotFittedError":
        return _not_fitted_error()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _not_fitted_error() -> type:
    from sklearn.exceptions import NotFittedError as SklearnNotFittedError

    class NotFittedError(Vec2FaceError, SklearnNotFittedError):
        """A model used before ``fit``: both a :class:`Vec2FaceError` and
        scikit-learn's ``NotFittedError`` (``vec2face.errors.NotFittedError``)."""

    NotFittedError.__module__ = __name__
    NotFittedError.__qualname__ = "NotFittedError"
    return NotFittedError
