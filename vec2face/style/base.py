"""What a face style is.

A style turns latent codes into face geometry and geometry into SVG path data.

Conventions, used by every style:

* A *code* is an ``(n, k)`` float array with ``k = style.latent_dim``. Its
  units are standard deviations: the adapters hand over codes soft-clipped to
  the box ``[-3, 3]``, and axis 0 is the most visible change.
* Geometry lives in a local face box of 100 x 100 units, x to the right and y
  down, the face centred near (50, 50). A gallery places each face with a
  ``translate`` on its group, so a face's path data is the same alone or in a
  gallery.
* ``style.parts(codes, options)`` returns a list of :class:`Part`, one per SVG
  element of a face (hair, head, eyes...). Each part carries one path-data
  string per face, built for the whole batch at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from vec2face.render.options import RenderOptions
from vec2face.render.paths import PathData


@dataclass(frozen=True)
class Feature:
    """A named, visible property of a face that one code axis drives.

    Attributes:
        name: identifier used in mappings, legends and the CLI (``smile``).
        doc: what a low and a high value look like.
    """

    name: str
    doc: str


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


@dataclass(frozen=True)
class Part:
    """One SVG element of every face in a batch.

    Attributes:
        css_class: class of the ``<path>``; the style's CSS gives its look.
        d: the path data of the n faces (see :mod:`vec2face.render.paths`).
        fill: optional ``(n,)`` array of per-face fill colours, or None.
    """

    css_class: str
    d: PathData
    fill: np.ndarray | None = None


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

    def decode(self, codes: np.ndarray) -> dict[str, np.ndarray]:
        """Turn ``(n, k)`` codes into named geometry arrays (first axis n)."""
        raise NotImplementedError

    def parts(self, codes: np.ndarray, options: RenderOptions) -> list[Part]:
        """Path data of every part of every face, batched."""
        raise NotImplementedError

    def css(self, options: RenderOptions) -> str:
        """CSS rules for the classes that :meth:`parts` uses."""
        raise NotImplementedError

    def drawn_parts(self, codes: np.ndarray, options: RenderOptions, start: int = 0) -> list[Part]:
        """:meth:`parts`, drawn as the options say (sketchy or clean); renderers call this."""
        parts = self.parts(codes, options)
        if options.sketchy:
            from vec2face.render.sketchy import sketchify

            parts = sketchify(parts, options.seed, start)
        return parts

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
