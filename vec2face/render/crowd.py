"""Render a "faces in a crowd" map: faces on grid cells, tinted cluster regions
(optional: without them the faces alone show the clusters), cluster captions
that do not overlap, a side panel with each cluster's average face (larger)
and name, strangers listed, a legend and a title.

Coordinates: each face keeps its 100 x 100 box; cell (c, r) sits at
(c * 100, top + r * cell_h). The side panel is to the right of the map.
"""

from __future__ import annotations

import numpy as np

from vec2face.geometry import FaceGeometry
from vec2face.render.faces import drawn_parts, style_sheet
from vec2face.render.options import RenderOptions
from vec2face.render.palette import GLASBEY_CATEGORY10, STRANGER_GREY, TINT_OPACITY
from vec2face.render.paths import num
from vec2face.render.svg import FACE, captions, document, face_groups
from vec2face.render.text import BOLD, fit_text, wrap_text, xml_text

PALETTE = GLASBEY_CATEGORY10
CAPTION_EM = 0.62  # width of a bold sans-serif character, in em, for fitting captions
CAPTION_MIN, CAPTION_MAX_PX = 10.0, 32.0  # caption font sizes, in map units (a face is 100 tall)
HALF_ROW = 0.38  # the height of a gutter row a caption hugging one side of it may fill, as a share
CAPTION_GAP_PX = 20.0  # a caption off the faces, in a gutter, is worth one this large over them
PANEL_W = 380.0
PANEL_COLUMNS_MAX = 4  # the side panel's columns of clusters, at most (past that, the columns grow longer)
PANEL_COLUMN_LEAST = 4  # clusters a panel column lists before a second starts, however short the map
PANEL_ZOOM_AT = 1800.0  # past this map width the side panel and the legend grow with the map


def numbered(c: int, name: str) -> str:
    """A cluster's name as the map, the panel and the table show it: its number (from 1) first."""
    return f"#{c + 1} \u00b7 {name}"

TOP = 34.0
_CSS = (".v2f-cap{font:9px sans-serif;text-anchor:middle;fill:#333;stroke:none}"
        ".v2f-title{font:bold 18px sans-serif;fill:#222;stroke:none}"
        ".v2f-ccap{font:bold 16px sans-serif;text-anchor:middle;fill:#111;stroke:none}"
        ".v2f-halo{stroke:#fff;stroke-width:5;stroke-linejoin:round;fill:#fff}"
        ".v2f-panel text{font:11px sans-serif;fill:#222;stroke:none}.v2f-panel .v2f-ph{font-weight:bold;font-size:13px}"
        ".v2f-legend text{font:8px sans-serif;fill:#333;stroke:none}.v2f-legend .v2f-lh{font-weight:bold}"
        ".v2f-stranger{opacity:.5}.v2f-swatch{stroke:none}")


def colour(c: int) -> str:
    """The tint of cluster ``c`` (0-based; shown as number c + 1); grey for strangers (-1)."""
    return STRANGER_GREY if c < 0 else PALETTE[c % len(PALETTE)]


def _regions(cells: np.ndarray, labels: np.ndarray, k: int, cell_h: float, top: float) -> str:
    """One tinted path per cluster: the union of its members' cells."""
    out = []
    for c in list(range(k)) + [-1]:
        members = cells[labels == c]
        if len(members) == 0:
            continue
        tail = f"h{num(FACE)}v{num(cell_h)}h-{num(FACE)}z"  # each cell a box, from its corner
        d = "".join(f"M{num(x * FACE)} {num(top + y * cell_h)}{tail}" for x, y in members.tolist())
        out.append(f'<path class="v2f-region" style="fill:{colour(c)};fill-opacity:{num(TINT_OPACITY)};stroke:none" d="{d}"/>')
    return "".join(out)


def caption_box(mask: np.ndarray, text_len: int) -> tuple[int, int, int, int]:
    """A rectangle of cells inside ``mask`` (rows x columns, True where the region is)
    that fits a caption of ``text_len`` characters at the largest size: ``(c0, r0, c1, r1)``, ends excluded.

    It is grown from the cell deepest inside the region (chessboard distance):
    bands of 1 to 2d - 1 rows around it, each as wide as the region allows.
    """
    from scipy.ndimage import distance_transform_cdt

    padded = np.pad(mask, 1)
    depth = distance_transform_cdt(padded, metric="chessboard")[1:-1, 1:-1]
    r, c = (int(v) for v in np.unravel_index(int(np.argmax(depth)), depth.shape))
    d = int(depth[r, c])
    best, best_size = (c, r, c + 1, r + 1), -1.0
    for half in range(d):
        r0, r1 = r - half, r + half + 1
        band = [bool(v) for v in np.asarray(np.asarray(mask[r0:r1]).all(axis=0), dtype=bool).ravel()]
        c0 = c1 = c
        while c0 > 0 and band[c0 - 1]:
            c0 -= 1
        while c1 + 1 < len(band) and band[c1 + 1]:
            c1 += 1
        size = min((r1 - r0) * 0.7, (c1 + 1 - c0) * 0.9 / (CAPTION_EM * max(text_len, 1)))
        if size > best_size:
            best, best_size = (c0, r0, c1 + 1, r1), size
    return best


def _fit(text: str, box_w: float, box_h: float) -> tuple[str, float]:
    """A caption's text and font size in a box ``box_w`` x ``box_h`` map units wide and tall.

    A caption too long for its box at the smallest size keeps its number and as much of its name as fits."""
    size = min(CAPTION_MAX_PX, box_h * 0.7, box_w * 0.92 / (CAPTION_EM * len(text)))
    if size < CAPTION_MIN:
        size = min(CAPTION_MAX_PX, box_h * 0.7, CAPTION_MIN)
        fit = max(1, int(box_w * 0.92 / (CAPTION_EM * size)))
        number = text.split(" ", 1)[0]  # "#3"
        text = text if len(text) <= fit else (text[: fit - 1] + "\u2026" if fit > len(number) + 1 else number)
        size = min(size, box_w * 0.92 / (CAPTION_EM * len(text)))
    return text, size


def _beside(region: np.ndarray, free: np.ndarray, side: int) -> list[tuple[int, int, int, int, int]]:
    """Runs of ``free`` cells (rows x columns masks, like ``region``) that touch ``region`` on one ``side``:
    +1 just above it, -1 just below it, 0 level with it (left or right). Each is ``(row, c0, c1, t0, t1)``:
    the run's columns ``c0`` to ``c1`` and those of its cells that touch the region, ``t0`` to ``t1`` (ends
    excluded)."""
    touch = np.zeros_like(region)
    if side > 0:
        touch[:-1] = region[1:]  # the cell under this one is the region's
    elif side < 0:
        touch[1:] = region[:-1]
    else:
        touch[:, :-1] |= region[:, 1:]
        touch[:, 1:] |= region[:, :-1]
    runs = []
    for r in range(region.shape[0]):
        c = 0
        while c < region.shape[1]:
            if not free[r, c]:
                c += 1
                continue
            c0 = c
            while c < region.shape[1] and free[r, c]:
                c += 1
            near = np.flatnonzero(touch[r, c0:c]) + c0
            if len(near):
                runs.append((r, c0, c, int(near[0]), int(near[-1]) + 1))
    return runs


RANK = {1: 2, -1: 1, 0: 0}  # a caption above its region, else below it, else beside it (at a readable size)


def _distance(box: tuple[float, float, float, float], cells: np.ndarray, cell_h: float) -> float:
    """The least distance (map units) from ``box`` ``(x0, y0, x1, y1)`` (y from the grid's top) to any of ``cells``."""
    if not len(cells):
        return np.inf
    x0, y0, x1, y1 = box
    cx, cy = cells[:, 0] * FACE, cells[:, 1] * cell_h
    dx = np.maximum.reduce([cx - x1, x0 - (cx + FACE), np.zeros(len(cells))])
    dy = np.maximum.reduce([cy - y1, y0 - (cy + cell_h), np.zeros(len(cells))])
    return float(np.sqrt(dx * dx + dy * dy).min())


def _captions(cells: np.ndarray, labels: np.ndarray, shown: list[int], texts: list[str], cell_h: float,
              grid: tuple[int, int]) -> tuple[list[tuple], bool, bool]:
    """Where each cluster's caption goes, off its faces where the map has room: in
    the empty cells (the gutter) just above its region, else below or beside it,
    hugging the region, and at most half as far from it as from any other
    region (a caption that reaches over a neighbour's edge is drawn over its
    own region's columns only, smaller, or elsewhere). A region on the map's top
    or bottom edge may take the margin beyond it, as if the map had one more
    empty row there. Two captions may share a gutter row, one hugging the
    region above it and one the region below, each in its part of the row with
    paper between them. Where no place beside a region fits its caption at
    :data:`CAPTION_GAP_PX`, the caption sits in the region's largest free
    rectangle, over its own faces. No two overlap, and a caption too long for
    its box keeps its number and as much of its name as fits.

    Returns the captions as ``(cluster, text, size, x, y)`` (y from the grid's
    top, the text's baseline), and whether any took the top or bottom margin.
    """
    cols, rows = grid
    # one more empty row above and below the grid: padded row p is the grid's row p - 1
    occupied = np.zeros((rows + 2, cols), dtype=bool)
    occupied[cells[:, 1] + 1, cells[:, 0]] = True
    claimed = np.zeros((rows + 2, cols, 2), dtype=bool)  # the upper and the lower half of each gutter cell
    halves = {1: [1], -1: [0], 0: [0, 1]}  # a caption above its region hugs it from the lower half of the row
    out = []
    for c, text in zip(shown, texts):
        own = cells[labels == c]
        others = cells[labels != c]
        region = np.zeros_like(occupied)
        region[own[:, 1] + 1, own[:, 0]] = True
        best: tuple | None = None  # (rank, size, text, x, y, row, first cell, end cell, side): the best gutter place
        for side in (1, -1, 0):
            free = ~occupied & ~claimed[..., halves[side]].any(axis=-1)
            for p, c0, c1, t0, t1 in _beside(region, free, side):
                r = p - 1
                for a, b in ((c0, c1), (t0, t1)):  # the whole run, or only over the region's own columns
                    fitted, size = _fit(text, (b - a) * FACE, cell_h if side == 0 else HALF_ROW * cell_h)
                    half = CAPTION_EM * size * len(fitted) / 2 / FACE + 0.04  # in cells
                    mid = float(np.clip((t0 + t1) / 2, a + half, b - half))
                    y = (r + 1) * cell_h - 0.45 * size if side > 0 else r * cell_h + 1.1 * size if side < 0 else \
                        (r + 0.5) * cell_h + size * 0.35
                    box = ((mid - half) * FACE, y - 0.75 * size, (mid + half) * FACE, y + 0.25 * size)
                    near = _distance(box, own, cell_h)
                    if _distance(box, others, cell_h) < max(2.0 * near, near + 0.12 * cell_h):
                        continue  # as near another region as its own: ambiguous
                    rank = (size >= CAPTION_GAP_PX, RANK[side], 0 <= r < rows, size)  # inside the grid if both fit
                    if best is None or rank > best[0]:
                        best = (rank, size, fitted, mid * FACE, y, p, int(np.floor(mid - half)),
                                int(np.ceil(mid + half)), side)
        if best is None or best[1] < CAPTION_GAP_PX:
            lo = own.min(axis=0)
            mask = region[lo[1] + 1:, lo[0]:][: own[:, 1].max() - lo[1] + 1, : own[:, 0].max() - lo[0] + 1]
            c0, r0, c1, r1 = caption_box(mask, len(text))
            fitted, size = _fit(text, (c1 - c0) * FACE, (r1 - r0) * cell_h)
            if best is None or size > best[1]:  # the baseline that centres the capitals
                best = (None, size, fitted, (lo[0] + (c0 + c1) / 2) * FACE,
                        (lo[1] + (r0 + r1) / 2) * cell_h + size * 0.35, -1, 0, 0, 0)
        _, size, fitted, x, y, p, k0, k1, side = best
        if p >= 0:  # in a gutter
            claimed[p, max(k0, 0):k1, halves[side]] = True
        out.append((c, fitted, size, x, y))
    return out, bool(claimed[0].any()), bool(claimed[-1].any())


def _caption_markup(places: list[tuple], top: float) -> str:
    """The captions' SVG, each over a white halo (paint-order is not everywhere), the grid ``top`` down the page."""
    out = []
    for c, fitted, size, x, y in places:
        t = xml_text(fitted, quote=False)
        style = f"font-size:{size:.1f}px"
        out.append(f'<text class="v2f-ccap v2f-halo" style="{style}" x="{x:.1f}" y="{top + y:.1f}">{t}</text>'
                   f'<text class="v2f-ccap" style="{style}" x="{x:.1f}" y="{top + y:.1f}" data-cluster="{c + 1}">{t}</text>')
    return "".join(out)


def render_crowd(faces: FaceGeometry, cells: np.ndarray, grid: tuple[int, int], labels: np.ndarray,
                 *, names: list[str], sizes: list[int], centres: FaceGeometry | None, options: RenderOptions,
                 captions_: list[str] | None, title: str, desc: str, legend_rows: list[tuple[str, str]],
                 notes: list[str], strangers: list[str], tints: bool = True,
                 average_text: str = "the average face of each") -> str:
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
    zoom = max(1.0, map_w / PANEL_ZOOM_AT)  # the title, the side panel and the legend grow with a wide map
    shown = [c for c in range(k) if (labels == c).any()]  # a sampled map may draw no face of a small cluster
    places, above, below = _captions(cells, labels, shown, [numbered(c, names[c]) for c in shown], cell_h, grid)
    margin = HALF_ROW * cell_h  # the room a caption takes in a margin beyond the grid's top or bottom row
    top = TOP * zoom + (margin if above else 0.0)
    map_h += margin if below else 0.0
    offsets = np.stack([cells[:, 0] * FACE, top + cells[:, 1] * cell_h], axis=1).astype(np.float64)
    tails = captions(captions_, FACE + 8) if captions_ is not None else None
    groups = face_groups(drawn_parts(faces, options), offsets, tails=tails)
    strangers_mask = labels < 0
    if strangers_mask.any():
        groups = [g.replace('<g class="v2f-face"', '<g class="v2f-face v2f-stranger"', 1) if s else g
                  for g, s in zip(groups, strangers_mask.tolist())]
    shown_title = fit_text(title, (map_w + PANEL_W * zoom) / zoom - 20, 18 * BOLD)  # whole in the <title>
    body = [f'<text class="v2f-title" x="{num(10 * zoom)}" y="{num(24 * zoom)}" style="font-size:{num(18 * zoom)}px">'
            f'{xml_text(shown_title, quote=False)}</text>',
            _regions(cells, labels, k, cell_h, top) if tints else "", '<g class="v2f-faces">', "".join(groups), "</g>",
            _caption_markup(places, top)]
    # side panel (scaled with the map so that it reads beside it): each cluster's average face, larger,
    # with its number, name and size; the strangers; the notes
    px = map_w + 20
    scale = 1.5
    room = PANEL_W - 32  # the panel (20 in from the map) keeps its text inside: long lines wrap or end in an ellipsis
    panel = [f'<g class="v2f-panel" transform="translate({num(px)} {num(top)}) scale({num(zoom)})">']
    y = 10.0
    for line in wrap_text(f"Clusters: {average_text}", room, 13 * BOLD):
        panel.append(f'<text class="v2f-ph" x="0" y="{num(y)}">{xml_text(line, quote=False)}</text>')
        y += 15
    y -= 3
    rep_groups = face_groups(drawn_parts(centres, options), None, start=0, css_prefix="v2f-rep") if k and centres else []
    entry = FACE * scale + 8
    # as many columns of clusters as keep the panel about as tall as the map (19 clusters in one column
    # made a page twice the map's height, its lower half empty), as even as they go; one column may run a
    # quarter past the map's foot rather than start a second for a cluster or two
    fits = max(PANEL_COLUMN_LEAST, int((map_h / zoom - y) // entry))  # a short map still lists a few a column
    columns = 1 if len(rep_groups) <= 1.25 * fits else min(PANEL_COLUMNS_MAX, -(-len(rep_groups) // fits))
    per_column = max(1, -(-len(rep_groups) // columns))
    columns = max(1, -(-len(rep_groups) // per_column))  # the columns filled (5 clusters 2 a column fill 3 of 4)
    for c, g in enumerate(rep_groups):
        x, ey = PANEL_W * (c // per_column), y + entry * (c % per_column)
        if tints:
            panel.append(f'<rect class="v2f-swatch" x="{num(x)}" y="{num(ey)}" width="{num(FACE * scale)}" '
                         f'height="{num(FACE * scale)}" fill="{colour(c)}" fill-opacity="{num(TINT_OPACITY)}"/>')
        panel.append(f'<g transform="translate({num(x)} {num(ey)}) scale({num(scale)})">{g}</g>')
        name = fit_text(numbered(c, names[c]), room - FACE * scale - 8, 13 * BOLD)
        panel.append(f'<text x="{num(x + FACE * scale + 8)}" y="{num(ey + 40)}" class="v2f-ph">'
                     f'{xml_text(name, quote=False)}</text>')
        members = f'{sizes[c]:,} member{"" if sizes[c] == 1 else "s"}'
        panel.append(f'<text x="{num(x + FACE * scale + 8)}" y="{num(ey + 58)}">{members}</text>')
    y += entry * min(per_column, len(rep_groups))
    if strangers:
        panel.append(f'<text class="v2f-ph" x="0" y="{num(y + 14)}">Strangers (noise): {len(strangers)}</text>')
        for i, s in enumerate(strangers[:12]):
            panel.append(f'<text x="0" y="{num(y + 30 + 13 * i)}">{xml_text(fit_text(s, room, 11), quote=False)}</text>')
        y += 30 + 13 * min(12, len(strangers)) + (13 if len(strangers) > 12 else 0)
        if len(strangers) > 12:
            panel.append(f'<text x="0" y="{num(y - 4)}">... and {len(strangers) - 12} more</text>')
    for note in notes:
        y += 3
        for line in wrap_text(note, room, 11):
            y += 13
            panel.append(f'<text x="0" y="{num(y)}">{xml_text(line, quote=False)}</text>')
    panel.append("</g>")
    body.append("".join(panel))
    height = max(top + map_h, top + (y + 10) * zoom)
    width = map_w + PANEL_W * zoom * columns
    if legend_rows:
        from vec2face.render.grid import legend_markup

        tail, h = legend_markup(legend_rows, x=0, y=0, width=width / zoom)
        body.append(f'<g transform="translate(0 {num(height + 6)}) scale({num(zoom)})">{tail}</g>')
        height += h * zoom + 6
    css = style_sheet(faces, options) + _CSS
    return document("".join(body), width=width, height=height, css=css, title=title, desc=desc)
