"""Face geometry to drawn SVG parts and their style sheet.

A :class:`~vec2face.geometry.FaceGeometry` becomes one ``<path>`` per part of
each face: :func:`drawn_parts` writes the path data of the whole batch (clean
or sketchy) and :func:`style_sheet` the CSS that paints each part by its role.
The colours of the roles live here; a style's palette tints some of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vec2face.geometry import FaceGeometry, Faces, Paint, Part
from vec2face.render.options import RenderOptions
from vec2face.render.paths import PathData, gc_paused, num, part_path

PAPER = "#fff"
PALETTE: dict[str, Paint] = {
    "skin": Paint("#f7e3cf", "paper"),
    "hair": Paint("#4b3626", "ink"),
    "eye": Paint("#fff", "paper"),
    "pupil": Paint("ink", "ink", stroke=False),
    "brow": Paint(None, None, width=1.9),
    "ink": Paint(),
    "lips": Paint("#d9828a", "paper"),
    "lip_line": Paint("#7a2b35", None, absolute_width=0.8),
    "frame": Paint(None, None, width=1.3),
}


@dataclass(frozen=True)
class DrawnPart:
    """One ``<path>`` of every face in a batch: class, path data, optional per-face fills."""

    css_class: str
    d: PathData
    fill: np.ndarray | None = None


def paint(geometry: Faces, part: Part) -> Paint:
    """How a part is painted: the style's palette over the renderer's."""
    return geometry.palette.get(part.role) or PALETTE[part.role]


def _shown(geometry: Faces, options: RenderOptions) -> list[Part]:
    """Parts drawn under these options: a plotter draws only parts with a pen line."""
    return [p for p in geometry.parts if not (options.plotter and not paint(geometry, p).stroke)]


@gc_paused
def drawn_parts(geometry: FaceGeometry, options: RenderOptions, start: int = 0) -> list[DrawnPart]:
    """Path data of every shown part of every face, clean or sketchy.

    ``start`` is the index of the batch's first face (it seeds the sketchy
    jitter, so a face looks the same alone or in a gallery).
    """
    fills = options.color and not options.plotter
    if options.plotter:  # strokes only: leave out what the fills of later parts hide in colour
        from vec2face.render.hidden import visible_paths

        parts = [DrawnPart(f"v2f-{p.name}", visible_paths(geometry, i), None) for i, p in enumerate(geometry.parts)
                 if paint(geometry, p).stroke]
    else:
        parts = [DrawnPart(f"v2f-{p.name}", part_path(p), p.fill if fills else _mono_fill(geometry, p, options))
                 for p in _shown(geometry, options)]
    if options.sketchy:
        from vec2face.render.sketchy import sketchify

        parts = sketchify(parts, options.seed, start)
    return parts


def _mono_fill(geometry: FaceGeometry, part, options: RenderOptions) -> np.ndarray | None:
    """In single-colour line art, a part filled with ink whose colour carries data (hair's tone) is
    filled with the ink at an opacity that follows the colour's darkness, so that its feature still
    shows: dark hair solid, fair hair a light tint. None where the part has one fill for every face."""
    if part.fill is None or options.plotter or paint(geometry, part).mono != "ink":
        return None
    hexes = np.asarray(part.fill, dtype=str)
    if not all(len(h) == 7 and h.startswith("#") for h in hexes.tolist()):
        return None
    rgb = np.array([[int(h[k:k + 2], 16) for k in (1, 3, 5)] for h in hexes.tolist()], dtype=np.float64) / 255.0
    lum = rgb @ np.array([0.2126, 0.7152, 0.0722])
    opacity = np.clip(1.15 - 1.1 * lum, 0.2, 1.0)
    return np.array([f"{options.stroke};fill-opacity:{o:.2f}" for o in opacity], dtype=object)


def style_sheet(geometry: Faces, options: RenderOptions) -> str:
    """The CSS that paints the parts of these faces by role."""
    width = options.line_width * geometry.pen
    css = (f"path{{stroke:{options.stroke};stroke-width:{num(width)};stroke-linecap:round;stroke-linejoin:round;"
           "fill:none}")
    if options.plotter:
        return css
    for part in _shown(geometry, options):
        pt = paint(geometry, part)
        rules = []
        fill = pt.fill if options.color else pt.mono
        if fill is not None:
            rules.append("fill:" + {"ink": options.stroke, "paper": PAPER}.get(fill, fill))
        if not pt.stroke:
            rules.append("stroke:none")
        elif pt.absolute_width is not None:
            rules.append(f"stroke-width:{num(pt.absolute_width)}")
        elif pt.width != 1.0:
            rules.append(f"stroke-width:{num(width * pt.width)}")
        if rules:
            css += f".v2f-{part.name}{{{';'.join(rules)}}}"
    return css
