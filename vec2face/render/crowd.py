"""Render a "faces in a crowd" map: faces on grid cells, tinted cluster regions
(optional: without them the faces alone show the clusters), cluster captions
that do not overlap, a side panel with each cluster's average face (larger)
and name, strangers listed, a legend and a title.

Coordinates: each face keeps its 100 x 100 box; cell (c, r) sits at
(c * 100, top + r * cell_h). The side panel is to the right of the map.
"""

from __future__ import annotations

from html import escape

import numpy as np

from vec2face.geometry import FaceGeometry
from vec2face.render.faces import drawn_parts, style_sheet
from vec2face.render.options import RenderOptions
from vec2face.render.svg import FACE, captions, document, face_groups

PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"]
PANEL_W = 380.0
TOP = 34.0
_CSS = (".v2f-cap{font:9px sans-serif;text-anchor:middle;fill:#333;stroke:none}"
        ".v2f-title{font:bold 18px sans-serif;fill:#222;stroke:none}"
        ".v2f-ccap{font:bold 16px sans-serif;text-anchor:middle;fill:#111;stroke:none}"
        ".v2f-halo{stroke:#fff;stroke-width:5;stroke-linejoin:round;fill:#fff}"
        ".v2f-panel text{font:11px sans-serif;fill:#222;stroke:none}.v2f-panel .v2f-ph{font-weight:bold;font-size:13px}"
        ".v2f-legend text{font:8px sans-serif;fill:#333;stroke:none}.v2f-legend .v2f-lh{font-weight:bold}"
        ".v2f-stranger{opacity:.5}.v2f-swatch{stroke:none}")


def colour(c: int) -> str:
    return "#999999" if c < 0 else PALETTE[c % len(PALETTE)]


def _regions(cells: np.ndarray, labels: np.ndarray, k: int, cell_h: float) -> str:
    """One tinted path per cluster: the union of its members' cells."""
    out = []
    for c in list(range(k)) + [-1]:
        members = cells[labels == c]
        if len(members) == 0:
            continue
        d = "".join(f"M{x * FACE:g} {TOP + y * cell_h:g}h{FACE:g}v{cell_h:g}h-{FACE:g}z" for x, y in members.tolist())
        out.append(f'<path class="v2f-region" style="fill:{colour(c)};fill-opacity:.28;stroke:none" d="{d}"/>')
    return "".join(out)


def _place_captions(names: list[str], centres: np.ndarray) -> str:
    """Cluster captions at their centres, nudged down until none overlap."""
    placed: list[tuple[float, float, float, float]] = []
    out = []
    for name, (x, y) in zip(names, centres.tolist()):
        w, h = 8.6 * len(name) + 8, 20.0
        yy = y
        for _ in range(60):
            box = (x - w / 2, yy - h, x + w / 2, yy)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                break
            yy += h * 0.6
        placed.append(box)
        text = escape(name, quote=False)  # a white halo under the text (paint-order is not everywhere)
        out.append(f'<text class="v2f-ccap v2f-halo" x="{x:.1f}" y="{yy:.1f}">{text}</text>'
                   f'<text class="v2f-ccap" x="{x:.1f}" y="{yy:.1f}">{text}</text>')
    return "".join(out)


def render_crowd(faces: FaceGeometry, cells: np.ndarray, grid: tuple[int, int], labels: np.ndarray,
                 *, names: list[str], sizes: list[int], centres: FaceGeometry | None, options: RenderOptions,
                 captions_: list[str] | None, title: str, desc: str, legend_rows: list[tuple[str, str]],
                 notes: list[str], strangers: list[str], tints: bool = True) -> str:
    """The whole map as one SVG document.

    ``faces`` is the geometry of the faces on the map, one per cell in
    ``cells``; ``centres`` that of each cluster's average face (or None).
    ``tints=False`` leaves out the tinted regions and the panel's colour
    swatches; the captions, names and sizes stay.
    """
    cols, rows = grid
    k = len(names)
    cell_h = FACE + (14.0 if captions_ is not None else 0.0)
    map_w, map_h = cols * FACE, rows * cell_h
    offsets = np.stack([cells[:, 0] * FACE, TOP + cells[:, 1] * cell_h], axis=1).astype(np.float64)
    tails = captions(captions_, FACE + 8) if captions_ is not None else None
    groups = face_groups(drawn_parts(faces, options), offsets, tails=tails)
    strangers_mask = labels < 0
    if strangers_mask.any():
        groups = [g.replace('<g class="v2f-face"', '<g class="v2f-face v2f-stranger"', 1) if s else g
                  for g, s in zip(groups, strangers_mask.tolist())]
    shown = [c for c in range(k) if (labels == c).any()]  # a sampled map may draw no face of a small cluster
    spots = np.array([offsets[labels == c].mean(axis=0) + [FACE / 2, FACE / 2] for c in shown]).reshape(-1, 2)
    body = [f'<text class="v2f-title" x="10" y="24">{escape(title, quote=False)}</text>',
            _regions(cells, labels, k, cell_h) if tints else "", '<g class="v2f-faces">', "".join(groups), "</g>",
            _place_captions([names[c] for c in shown], spots)]
    # side panel: each cluster's average face, larger, with its name and size
    px = map_w + 20
    scale = 1.5
    panel = ['<g class="v2f-panel">',
             f'<text class="v2f-ph" x="{px:g}" y="{TOP + 10:g}">Clusters: the average face of each</text>']
    rep_groups = face_groups(drawn_parts(centres, options), None, start=0, css_prefix="v2f-rep") if k and centres else []
    y = TOP + 22
    for c, g in enumerate(rep_groups):
        if tints:
            panel.append(f'<rect class="v2f-swatch" x="{px:g}" y="{y:g}" width="{FACE * scale:g}" '
                         f'height="{FACE * scale:g}" fill="{colour(c)}" fill-opacity="0.28"/>')
        panel.append(f'<g transform="translate({px:g} {y:g}) scale({scale:g})">{g}</g>')
        name = names[c] if len(names[c]) <= 24 else names[c][:23] + "\u2026"
        panel.append(f'<text x="{px + FACE * scale + 8:g}" y="{y + 40:g}" class="v2f-ph">{escape(name, quote=False)}</text>')
        panel.append(f'<text x="{px + FACE * scale + 8:g}" y="{y + 58:g}">{sizes[c]} members</text>')
        y += FACE * scale + 8
    if strangers:
        panel.append(f'<text class="v2f-ph" x="{px:g}" y="{y + 14:g}">Strangers (noise): {len(strangers)}</text>')
        for i, s in enumerate(strangers[:12]):
            panel.append(f'<text x="{px:g}" y="{y + 30 + 13 * i:g}">{escape(s[:40], quote=False)}</text>')
        y += 30 + 13 * min(12, len(strangers)) + (13 if len(strangers) > 12 else 0)
        if len(strangers) > 12:
            panel.append(f'<text x="{px:g}" y="{y - 4:g}">... and {len(strangers) - 12} more</text>')
    for note in notes:
        y += 16
        panel.append(f'<text x="{px:g}" y="{y:g}">{escape(note, quote=False)}</text>')
    panel.append("</g>")
    body.append("".join(panel))
    height = max(TOP + map_h, y + 10)
    if legend_rows:
        from vec2face.render.grid import legend_markup

        tail, h = legend_markup(legend_rows, x=0, y=height + 6, width=map_w + PANEL_W)
        body.append(tail)
        height += h + 6
    width = map_w + PANEL_W
    css = style_sheet(faces, options) + _CSS
    return document("".join(body), width=width, height=height, css=css, title=title, desc=desc)
