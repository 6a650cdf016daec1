"""The style registry: face styles are plugins in the entry-point group
``vec2face.styles``; the built-in styles register the same way.

A plugin that fails to load is reported (a warning, and in
:func:`broken_styles`) and skipped; it never breaks the others.
"""

from __future__ import annotations

import warnings
from importlib.metadata import EntryPoint, entry_points

from vec2face.errors import StyleError
from vec2face.geometry import FaceGeometry, Paint, Part, Shape
from vec2face.style.base import Feature, Style

__all__ = ["FaceGeometry", "Feature", "Paint", "Part", "Shape", "Style", "get_style", "styles", "broken_styles"]

GROUP = "vec2face.styles"
# Used only when vec2face runs from a source tree that was never installed, so
# that no entry points exist; an installed package registers these itself.
_BUILTIN = {
    "chernoff": "vec2face.style.chernoff:ChernoffStyle",
    "line": "vec2face.style.line:LineStyle",
    "doodle": "vec2face.style.doodle:DoodleStyle",
}

_loaded: dict[str, Style] = {}
_broken: dict[str, str] = {}
_scanned = False


def _entry_points() -> dict[str, EntryPoint]:
    eps = {ep.name: ep for ep in entry_points(group=GROUP)}
    for name, target in _BUILTIN.items():
        if name not in eps:
            eps[name] = EntryPoint(name=name, value=target, group=GROUP)
    return eps


def _scan() -> None:
    global _scanned
    if _scanned:
        return
    for name, ep in sorted(_entry_points().items()):
        try:
            obj = ep.load()
            style = obj() if callable(obj) else obj
            if not isinstance(style, Style):
                raise TypeError(f"{ep.value} gave {type(style).__name__}, not a vec2face Style")
            if not style.features:
                raise TypeError(f"{ep.value} declares no features")
            _loaded[name] = style
        except Exception as exc:  # a broken plugin must not take the others down
            _broken[name] = f"{type(exc).__name__}: {exc}"
            warnings.warn(f"vec2face: style plugin {name!r} failed to load and is skipped ({_broken[name]})", stacklevel=3)
    _scanned = True


def styles() -> dict[str, list[str]]:
    """The registered styles, each with its named features in salience order."""
    _scan()
    return {name: style.feature_names for name, style in sorted(_loaded.items())}


def broken_styles() -> dict[str, str]:
    """Style plugins that failed to load, with the reason."""
    _scan()
    return dict(_broken)


def get_style(name: str | Style) -> Style:
    """The style registered under ``name`` (a Style passes through)."""
    if isinstance(name, Style):
        return name
    _scan()
    try:
        return _loaded[name]
    except KeyError:
        known = ", ".join(sorted(_loaded)) or "none"
        hint = f" (it failed to load: {_broken[name]})" if name in _broken else ""
        raise StyleError(f"unknown style {name!r}{hint}; known styles: {known}") from None
