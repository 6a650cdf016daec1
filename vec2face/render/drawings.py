"""Pen drawings (lists of ``(m, 2)`` strokes) as SVG: one drawing, a grid of
them, and the doodle cluster sheet (each cluster's decoded centre face beside
its members).

Drawings are normalised into a 100-unit cell (longer side 80 units, centred at
(50, 50)), as faces are.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from vec2face.geometry import FaceGeometry
from vec2face.io.files import counted
from vec2face.io.inputs import label_text
from vec2face.render.faces import drawn_parts, style_sheet
from vec2face.render.options import RenderOptions
from vec2face.render.paths import num
from vec2face.render.svg import FACE, document, face_groups, grid_columns, grid_offsets
from vec2face.render.text import xml_text

_CAP_CSS = ".v2f-cap{font:9px sans-serif;text-anchor:middle;fill:#333;stroke:none}"


def path_data(drawing: Sequence[np.ndarray], decimals: int = 1) -> str:
    """SVG path data: one ``M x y L x y ...`` subpath a stroke (a dot for a one-point stroke)."""
    out = []
    for s in drawing:
        coords = [f"{x:.{decimals}f} {y:.{decimals}f}" for x, y in s]
        out.append(f"M{coords[0]}" + (f"L{' '.join(coords[1:])}" if len(coords) > 1 else "l0 0"))
    return "".join(out)


def placed(drawing: list[np.ndarray]) -> list[np.ndarray]:
    """A drawing normalised into a face cell (longer side 80, centred at (50, 50))."""
    from vec2face.io.strokes import normalise

    return [s * 80 + 50 for s in normalise(drawing)]


def _drawing_group(drawing, index: int, x: float, y: float, label=None) -> str:
    cap = "" if label is None else \
        f'<text class="v2f-cap" x="50" y="{num(FACE + 8)}">{xml_text(label_text(label), quote=False)}</text>'
    # an unpainted square under the strokes: a pointer anywhere over the drawing finds it (hover, click)
    return (f'<g class="v2f-face" data-index="{int(index)}" transform="translate({num(x)} {num(y)})">'
            f'<rect class="v2f-hit" width="{num(FACE)}" height="{num(FACE)}" fill="none" pointer-events="all"/>'
            f'<path class="v2f-stroke" d="{path_data(placed(drawing))}"/>{cap}</g>')


def render_drawings(drawings: list, *, labels=None, columns: int = 8, title: str = "drawings",
                    stroke: str = "#222", line_width: float = 2.0) -> str:
    """Drawings in a grid of 100-unit cells, each scaled into its cell."""
    n = len(drawings)
    columns = grid_columns(columns, n)
    cell_h = FACE + (14.0 if labels is not None else 0.0)
    offsets = grid_offsets(n, columns, FACE, cell_h)
    body = [_drawing_group(d, i, x, y, None if labels is None else labels[i])
            for i, (d, (x, y)) in enumerate(zip(drawings, offsets.tolist()))]
    rows = int(np.ceil(n / columns))
    css = (f"path{{fill:none;stroke:{stroke};stroke-width:{num(line_width)};stroke-linecap:round;stroke-linejoin:round}}"
           ".v2f-cap{font:9px sans-serif;text-anchor:middle;fill:#333}")
    return document("".join(body), width=columns * FACE, height=rows * cell_h, css=css, title=title,
                    desc=f"{counted(n, 'drawing')} of {counted(sum(len(d) for d in drawings), 'hand-drawn stroke')}, "
                         "redrawn by vec2face.")


def render_cluster_sheet(drawings: list, groups: list[tuple[str, np.ndarray]], centres: FaceGeometry | None, *,
                         heading: str, labels=None, per_row: int = 10,
                         options: RenderOptions | None = None) -> str:
    """Doodles grouped by cluster: each group's name, its centre face (when
    ``centres`` has one for it, in group order) scaled 1.3 times, then its
    members in rows of ``per_row``."""
    options = options or RenderOptions()
    body, y = [], 30.0
    n_centres = 0 if centres is None else len(centres)
    centre_groups = face_groups(drawn_parts(centres, options), None, css_prefix="v2f-centre") if centres else []
    for j, (name, members) in enumerate(groups):
        body.append(f'<text class="v2f-h" x="8" y="{num(y + 12)}">{xml_text(name, quote=False)}</text>')
        y += 18
        if j < n_centres:
            body.append(f'<g transform="translate(0 {num(y)}) scale(1.3)">{centre_groups[j]}</g>')
        rows = int(np.ceil(len(members) / per_row))
        for r in range(rows):
            for q, i in enumerate(members[r * per_row : (r + 1) * per_row]):
                body.append(_drawing_group(drawings[i], i, 140 + q * FACE, y + r * (FACE + 12),
                                           None if labels is None else labels[i]))
        y += max(rows * (FACE + 12), 140)
    css = (style_sheet(centres, options) if centres else "") + (
        ".v2f-stroke{stroke:#333;stroke-width:2;fill:none}.v2f-h{font:bold 13px sans-serif;fill:#222;stroke:none}"
        + _CAP_CSS)
    body.insert(0, f'<text class="v2f-h" x="8" y="18">{xml_text(heading, quote=False)}</text>')
    return document("".join(body), width=140 + per_row * FACE, height=y + 10, css=css, title="Doodle clusters",
                    desc=f"{len(drawings)} hand-drawn faces grouped by their doodle codes.")
