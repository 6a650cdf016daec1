"""Strokes-only SVG for pen plotters (AxiDraw, vpype).

No fills and no text (unless asked); one Inkscape layer per part of the face
(head, eyes, brows...), so a plotter can draw each layer with its own pen.
Each path carries its face's offset as a ``transform``; vpype and Inkscape
both read that.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from vec2face.geometry import FaceGeometry
from vec2face.io.files import counted
from vec2face.render.faces import drawn_parts
from vec2face.render.options import RenderOptions
from vec2face.render.paths import num
from vec2face.render.svg import FACE, document, grid_columns, grid_offsets
from vec2face.render.text import xml_text

INKSCAPE = "http://www.inkscape.org/namespaces/inkscape"


def render_plotter(faces: FaceGeometry, *, columns: int, stroke: str = "#000", line_width: float = 1.0,
                   labels: Sequence[str] | None = None, title: str = "vec2face plot", sketchy: bool = False,
                   seed: int = 0) -> str:
    """A grid of faces as plotter-ready SVG: one layer per face part."""
    options = RenderOptions(color=False, plotter=True, stroke=stroke, line_width=line_width, sketchy=sketchy, seed=seed)
    parts = drawn_parts(faces, options)
    n = len(faces)
    columns = grid_columns(columns, n)
    cell_h = FACE + (14.0 if labels is not None else 0.0)
    xs, ys = grid_offsets(n, columns, FACE, cell_h).T
    layers = []
    for i, part in enumerate(parts):
        strings = part.d.strings()
        paths = "".join(f'<path transform="translate({num(x)} {num(y)})" d="{d}"/>' for x, y, d in zip(xs, ys, strings))
        name = part.css_class.removeprefix("v2f-")
        layers.append(f'<g inkscape:groupmode="layer" inkscape:label="{i + 1} {xml_text(name)}" id="layer{i + 1}">'
                      f"{paths}</g>")
    if labels is not None:
        texts = "".join(f'<text x="{num(x + FACE / 2)}" y="{num(y + FACE + 9)}">{xml_text(str(t), quote=False)}</text>'
                        for x, y, t in zip(xs, ys, labels))
        layers.append(f'<g inkscape:groupmode="layer" inkscape:label="{len(parts) + 1} captions" '
                      f'id="layer{len(parts) + 1}">{texts}</g>')
    rows = int(np.ceil(n / columns))
    css = (f"path{{fill:none;stroke:{stroke};stroke-width:{num(line_width)};stroke-linecap:round;stroke-linejoin:round}}"
           "text{font:9px sans-serif;text-anchor:middle;fill:#000;stroke:none}")
    svg = document("".join(layers), width=columns * FACE, height=rows * cell_h, css=css, title=title,
                   desc=f"{counted(n, 'face')} as strokes for a pen plotter, one layer per face part.")
    return svg.replace("<svg ", f'<svg xmlns:inkscape="{INKSCAPE}" ', 1)
