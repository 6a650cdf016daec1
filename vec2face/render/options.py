"""How faces are drawn: one frozen options object that every renderer takes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderOptions:
    """How faces are drawn; the same options give the same bytes.

    Attributes:
        color: fill heads, hair and mouths; False gives single-colour line art.
        stroke: the line colour.
        line_width: stroke width in face-box units (the box is 100 wide).
        plotter: strokes only, no fills (for pen plotters).
        sketchy: hand-drawn look: every line twice, a little off (rough.js style).
        seed: the seed of the sketchy jitter.
    """

    color: bool = True
    stroke: str = "#222"
    line_width: float = 1.6
    plotter: bool = False
    sketchy: bool = False
    seed: int = 0
