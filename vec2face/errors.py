"""Errors that vec2face raises for bad input.

Every message names what was wrong and where (row, column, file line), so the
command line can print it as is, without a traceback.
"""

from __future__ import annotations


class Vec2FaceError(ValueError):
    """Bad input or options: the message says what and where."""


class InputError(Vec2FaceError):
    """A vector, matrix or file that cannot be drawn."""


class StyleError(Vec2FaceError):
    """An unknown style, feature name or style option."""


def missing_extra(module: str, extra: str) -> ImportError:
    """An ImportError that names the extra to install."""
    return ImportError(
        f"this needs the optional dependency {module!r}: "
        f"pip install 'vec2face[{extra}]'"
    )
