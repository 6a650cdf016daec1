"""Render one face, or a grid of faces with captions and a legend, as SVG."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from vec2face.geometry import Faces
from vec2face.io.files import counted
from vec2face.render.faces import drawn_parts, style_sheet
from vec2face.render.options import RenderOptions
from vec2face.render.paths import num
from vec2face.render.svg import FACE, captions, check_size, document, face_groups, grid_columns, grid_offsets
from vec2face.render.text import BOLD, fit_text, xml_text

CHUNK = 2000
CAPTION_H = 14.0
_TEXT_CSS = (".v2f-cap{font:9px sans-serif;text-anchor:middle;fill:#333;stroke:none}"
             ".v2f-title{font:bold 14px sans-serif;fill:#222;stroke:none}"
             ".v2f-legend text{font:8px sans-serif;fill:#333;stroke:none}"
             ".v2f-legend .v2f-lh{font-weight:bold}")


def render_faces(faces: Faces, options: RenderOptions, *, titles: Sequence[str], descs: Sequence[str],
                 size: float = 200.0) -> list[str]:
    """A standalone SVG document per face, ``size`` pixels square, built as one batch."""
    size = check_size(size)
    css = style_sheet(faces, options)
    out: list[str] = []
    for start in range(0, len(faces), CHUNK):
        groups = face_groups(drawn_parts(faces[start : start + CHUNK], options, start), start=start)
        out.extend(document(body, width=FACE, height=FACE, pixel_scale=size / FACE, css=css, title=t, desc=d)
                   for body, t, d in zip(groups, titles[start : start + CHUNK], descs[start : start + CHUNK]))
    return out


LEGEND_PX = 8.0  # the legend's font size (.v2f-legend text)


def legend_markup(rows: Sequence[tuple[str, str]], *, x: float, y: float, width: float,
                  heading: str = "Legend: feature \u2190 data") -> tuple[str, float]:
    """A legend block of ``feature <- what drives it`` lines; returns (markup, height)."""
    line_h = 10.0
    ncol = max(1, int(width // 250))
    col_w = width / ncol
    per_col = int(np.ceil(len(rows) / ncol))
    out = [f'<g class="v2f-legend" transform="translate({num(x)} {num(y)})">',
           f'<text class="v2f-lh" x="4" y="10">{xml_text(heading)}</text>']
    for i, (feature, source) in enumerate(rows):
        cx = 4 + (i // per_col) * col_w
        cy = 22 + (i % per_col) * line_h
        text = fit_text(f"{feature} \u2190 {source}", col_w - 24.0, LEGEND_PX)  # a gap to the next column
        out.append(f'<text x="{num(cx)}" y="{num(cy)}">{xml_text(text)}</text>')
    out.append("</g>")
    return "".join(out), 26 + per_col * line_h


def render_grid(faces: Faces, options: RenderOptions, *, labels: Sequence | None = None,
                columns: int = 10, title: str | None = None, desc: str | None = None,
                legend: Sequence[tuple[str, str]] | None = None,
                progress: Callable[[int, int], None] | None = None, style_name: str = "") -> str:
    """A grid of faces, optional captions under each, a visible title and a legend."""
    n = len(faces)
    columns = grid_columns(columns, n)
    cell_h = FACE + (CAPTION_H if labels is not None else 0.0)
    top = 24.0 if title else 0.0
    offsets = grid_offsets(n, columns, FACE, cell_h, top=top)
    rows = int(np.ceil(n / columns))
    width = columns * FACE
    height = top + rows * cell_h
    caps = captions(labels, FACE + 8) if labels is not None else None
    chunks = []
    for start in range(0, n, CHUNK):
        stop = min(start + CHUNK, n)
        parts = drawn_parts(faces[start:stop], options, start)
        chunks.extend(face_groups(parts, offsets[start:stop], start=start,
                                  tails=None if caps is None else caps[start:stop]))
        if progress is not None:
            progress(stop, n)
    head = ""
    if title:
        shown = fit_text(title, (max(width, 300) if legend else width) - 12, 14 * BOLD)  # whole in <title>
        head = f'<text class="v2f-title" x="8" y="17">{xml_text(shown)}</text>'
    tail = ""
    if legend:
        tail, h = legend_markup(legend, x=0, y=height, width=max(width, 300))
        height += h
        width = max(width, 300)
    body = head + '<g class="v2f-faces">' + "".join(chunks) + "</g>" + tail
    desc = desc or f"{counted(n, 'face')} drawn by vec2face in the {style_name} style"
    return document(body, width=width, height=height, css=style_sheet(faces, options) + _TEXT_CSS,
                    title=title or f"vec2face gallery of {counted(n, 'face')}", desc=desc)
