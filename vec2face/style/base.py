"""What a face style is.

A style turns latent codes into face geometry (:mod:`vec2face.geometry`): its
decoder is the whole of it. Renderers turn the geometry into SVG; a style
never sees SVG.

Conventions, used by every style:

* A *code* is an ``(n, k)`` float array with ``k = style.latent_dim``. Its
  units are standard deviations: the adapters hand over codes soft-clipped to
  the box ``[-3, 3]``, and axis 0 is the most visible change.
* ``style.decode(codes)`` returns a :class:`~vec2face.geometry.FaceGeometry`
  for the whole batch, in the 100 x 100 face box (x right, y down).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from vec2face.geometry import FaceGeometry


@dataclass(frozen=True)
class Feature:
    """A named, visible property of a face that one code axis drives.

    Attributes:
        name: identifier used in mappings, legends and the CLI (``smile``).
        doc: what a low and a high value look like.
    """

    name: str
    doc: str


def shipped_or_placeholder_features(name: str, k: int, shipped: bool) -> tuple[Feature, ...]:
    """The reviewed features of shipped weights ``name`` (see :func:`card_features`),
    or ``axis_i`` placeholders for weights given as arrays, which have no card."""
    if shipped:
        return card_features(name, k)
    return tuple(Feature(f"axis_{i}", f"style axis {i}: not named (its weights have no card)") for i in range(k))


def card_features(name: str, k: int) -> tuple[Feature, ...]:
    """The reviewed features of shipped weights ``name``: the model card's
    ``"features"`` list (``{"name", "doc"}``, in the order the style exposes
    its axes). Names live in the card, not in the weights, so retraining
    cannot rename what users type in ``-f name=column``.
    """
    from vec2face.errors import Vec2FaceError
    from vec2face.learned.weights import model_card

    listed = model_card(name).get("features")
    if not isinstance(listed, list) or len(listed) != k:
        got = "none" if not isinstance(listed, list) else len(listed)
        raise Vec2FaceError(f"model card {name}.json must list the style's {k} reviewed features "
                            f'("features": [{{"name": ..., "doc": "low -> high"}}, ...]), got {got}')
    return tuple(Feature(str(f["name"]), str(f["doc"])) for f in listed)


def dominant_axes(display_matrix: np.ndarray) -> np.ndarray:
    """For each display axis (a column of ``display_matrix``, raw codes = codes
    @ M.T), the raw axis it mostly moves: the one whose name it takes."""
    return np.argmax(np.abs(display_matrix), axis=0)


@dataclass
class Style:
    """Base class of face styles; subclasses set ``name`` and ``features``.

    A style registers in the entry-point group ``vec2face.styles``; the entry
    point names a zero-argument callable (usually the class) that returns it.
    """

    name: str = "base"
    features: tuple[Feature, ...] = field(default_factory=tuple)
    description: str = ""
    validity_target: float = 0.999  # share of codes in the +-3 box that must draw well-formed faces

    @property
    def latent_dim(self) -> int:
        """Length of the code this style decodes."""
        return len(self.features)

    @property
    def feature_names(self) -> list[str]:
        return [f.name for f in self.features]

    def feature_codes(self, codes: np.ndarray) -> np.ndarray:
        """Codes whose axis i is the feature ``features[i]`` alone (the explicit
        column mapping) to this style's codes: the same, unless the style
        mixes its features into display axes (``chernoff``)."""
        return codes

    def decode(self, codes: np.ndarray) -> FaceGeometry:
        """Turn ``(n, k)`` codes into the geometry of n faces."""
        raise NotImplementedError

    def validity(self, codes: np.ndarray) -> np.ndarray:
        """``(n,)`` booleans: does each code decode to a well-formed face?"""
        raise NotImplementedError

    @property
    def expressions(self) -> list[str]:
        """Named expressions this style can show (none by default)."""
        return []

    def expression_direction(self, name: str) -> np.ndarray:
        """A unit direction in code space that shows the named expression."""
        from vec2face.errors import StyleError

        known = ", ".join(self.expressions) or "none"
        raise StyleError(f"style {self.name!r} has no expression {name!r}; known expressions: {known}")

    def with_expression(self, codes: np.ndarray, name: str | None, strength: float = 3.0) -> np.ndarray:
        """Codes moved ``strength`` standard deviations towards a named expression."""
        if name is None:
            return codes
        if name not in self.expressions:
            return self.expression_direction(name)  # raises with the list of known ones
        return np.clip(codes + strength * self.expression_direction(name), -3.0, 3.0)
