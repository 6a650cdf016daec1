"""Assemble SVG documents from batched face parts.

svgwrite builds each document's frame: the root ``<svg>`` with its viewBox,
``<title>``, ``<desc>``, the style sheet, captions and legend. The faces
themselves, which repeat the same few elements thousands of times, are
written by one vectorised template (see ``bench/bench_speed.py``, which times
the svgwrite-per-element alternative: it alone costs more than our whole
budget of 50 microseconds a face).

Each face is ``<g class="v2f-face" data-index="i" transform="translate(x y)">``
holding its parts; a face's own coordinates are its 100 x 100 box.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections.abc import Sequence

import numpy as np

from vec2face.errors import StyleError
from vec2face.io.inputs import label_text
from vec2face.render.faces import DrawnPart
from vec2face.render.paths import fmt2, gc_paused, num
from vec2face.render.text import fit_text, xml_text

FACE = 100.0  # the face box
_PLACEHOLDER = "v2f-faces-placeholder"


@gc_paused
def face_groups(parts: Sequence[DrawnPart], offsets: np.ndarray | None = None, start: int = 0,
                css_prefix: str = "v2f", tails: Sequence[str] | None = None) -> list[str]:
    """The ``<g>`` markup of every face in a batch (one string a face).

    ``tails`` is optional extra markup per face (a caption), placed last inside
    its group, in the face's own coordinates.
    """
    n = len(parts[0].d)
    cols = []
    template = ""
    for part in parts:
        head = f'<path class="{part.css_class}"'
        if part.d.template.replace("%s", "") == "":  # per-face strings only: a face may show none of the part
            cells = part.d.cols.tolist()
            d = ["".join(r) for r in cells]
            # a part a face does not show (every shape hidden) is left out, not written as an empty path
            if part.fill is None:
                whole = [f'{head} d="{di}"/>' if di else "" for di in d]
            else:
                whole = [f'{head} style="fill:{f}" d="{di}"/>' if di else "" for di, f in zip(d, part.fill)]
            template += "%s"
            cols.append(np.asarray(whole, dtype=object)[:, None])
            continue
        style = "" if part.fill is None else ' style="fill:%s"'
        template += f'{head}{style} d="' + part.d.template + '"/>'
        if part.fill is not None:
            cols.append(np.asarray(part.fill, dtype=object)[:, None])
        cols.append(part.d.cols)
    idx = np.arange(start, start + n).astype(str).astype(object)
    if offsets is None:
        heads = [f'<g class="{css_prefix}-face" data-index="{i}">' for i in idx]
    else:
        xy = fmt2(offsets).tolist()
        heads = [f'<g class="{css_prefix}-face" data-index="{i}" transform="translate({x} {y})">'
                 for i, (x, y) in zip(idx, xy)]
    rows = np.concatenate(cols, axis=1).tolist()
    bodies = [template % tuple(r) for r in rows]
    tails = [""] * n if tails is None else tails
    return [h + b + t + "</g>" for h, b, t in zip(heads, bodies, tails)]


def document(body: str, *, width: float, height: float, css: str, title: str, desc: str,
             view_box: tuple[float, float, float, float] | None = None, pixel_scale: float = 1.0) -> str:
    """A standalone SVG document: frame by svgwrite, ``body`` inserted as is."""
    frame = _frame(float(width), float(height), css, view_box, float(pixel_scale))
    return (frame.replace(_TITLE, xml_text(title, quote=False), 1)
                 .replace(_DESC, xml_text(desc, quote=False), 1)
                 .replace(f'<g id="{_PLACEHOLDER}" />', body, 1))


_TITLE, _DESC = "v2f-title-slot", "v2f-desc-slot"
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")


def scope_css(css: str, prefix: str) -> str:
    """Prefix every selector of a flat style sheet with ``prefix`` (a rule for the root itself,
    ``svg``, becomes the prefix alone)."""
    def rule(m):
        selectors = ",".join(prefix if s.strip() == "svg" else f"{prefix} {s.strip()}"
                             for s in m.group(1).split(",") if s.strip())
        return f"{selectors}{{{m.group(2)}}}"

    return _RULE.sub(rule, css)


@functools.lru_cache(maxsize=64)
def _frame(width: float, height: float, css: str, view_box, pixel_scale: float) -> str:
    """The document frame, made by svgwrite once per size and style sheet."""
    import svgwrite  # 50 ms to import: kept off ``import vec2face``

    vb = view_box or (0, 0, width, height)
    dwg = svgwrite.Drawing(size=(num(width * pixel_scale), num(height * pixel_scale)), profile="full",
                           debug=False)
    dwg.viewbox(*(num(v) for v in vb))
    dwg.attribs["role"] = "img"
    # Its rules apply inside this document only: an SVG pasted into a web page (or shown by a notebook) puts its
    # style sheet on the whole page, where a bare "path{stroke:red}" would restyle every other drawing.
    scope = "v2f-s" + hashlib.sha1(css.encode("utf-8")).hexdigest()[:8]
    dwg.attribs["class"] = scope
    dwg.set_desc(title=_TITLE, desc=_DESC)  # first children: the accessible name and description
    dwg.defs.add(dwg.style(scope_css(css, "." + scope)))
    dwg.add(dwg.g(id=_PLACEHOLDER))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + dwg.tostring()


CAPTION_PX = 9.0  # the captions' font size (.v2f-cap), in face-box units
CAPTION_ROOM = FACE - 10.0  # the width a caption may take under its face: a gap of 10 between neighbours


def captions(labels: Sequence[object], y: float, css_class: str = "v2f-cap") -> list[str]:
    """Escaped ``<text>`` captions centred under a face, in its own coordinates, each cut
    short (with an ellipsis) where it would be wider than the face. A caption cut short
    comes with the whole label as the face's ``<title>`` (a browser's tooltip, a screen
    reader's name for it), so that no label is lost in a static SVG."""
    out = []
    for label in labels:
        whole = label_text(label)
        s = fit_text(whole, CAPTION_ROOM, CAPTION_PX)
        title = f"<title>{xml_text(whole, quote=False)}</title>" if s != whole else ""
        out.append(f'{title}<text class="{css_class}" x="{num(FACE / 2)}" y="{num(y)}">{xml_text(s, quote=False)}</text>')
    return out


def attr(value: object) -> str:
    """An escaped, double-quoted XML attribute value."""
    return '"' + xml_text(str(value), quote=True) + '"'


def grid_columns(columns: int, n: int) -> int:
    """How many columns a grid of n faces gets: ``columns``, at most n; fewer than one is an error."""
    if isinstance(columns, bool) or int(columns) != columns or columns < 1:
        raise StyleError(f"columns must be a whole number, at least 1, got {columns!r}")
    return max(1, min(int(columns), n))


MAX_SIZE = 10_000  # pixels a side of one face's SVG (the command line's --size allows the same)


def check_size(size: float) -> float:
    """A face's size in pixels: a number from 1 to :data:`MAX_SIZE` (not a bool)."""
    try:
        value = math.nan if isinstance(size, bool) else float(size)
    except (TypeError, ValueError):
        value = math.nan
    if not (math.isfinite(value) and 1 <= value <= MAX_SIZE):
        raise StyleError(f"size must be a number of pixels from 1 to {MAX_SIZE:,}, got {size!r}")
    return value


def grid_offsets(n: int, columns: int, cell_w: float, cell_h: float, top: float = 0.0) -> np.ndarray:
    """``(n, 2)`` top-left corners of n cells in a grid of ``columns`` columns, row by row."""
    i = np.arange(n)
    return np.stack([(i % columns) * cell_w, top + (i // columns) * cell_h], axis=1).astype(np.float64)
