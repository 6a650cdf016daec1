"""The ``line`` style: a pretrained stroke face, like a pen sketch.

A face code (``k`` numbers, standard deviations of real faces) goes through
the pretrained decoder (:mod:`vec2face.style.line_model`) to 68 landmarks in
the iBUG layout, which are drawn as smooth pen strokes: Catmull-Rom curves
written as cubic Béziers with round caps. The jaw is closed over the top by an
elliptical skull; eyes and lips are closed paths.

Landmarks are normalised (RMS radius 1 around their centroid); one fixed scale
maps them into the 100-unit face box, so a bigger face in the data is a bigger
face on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from vec2face.render import paths as P
from vec2face.style import landmarks as L
from vec2face.style.base import Feature, Part, RenderOptions, Style

SCALE = 25.0  # face-box units per unit of normalised landmark radius
CENTRE = np.array([50.0, 58.0])

_DOCS = {
    "head_turn": "head turned to its right -> to its left",
    "head_nod": "chin up -> chin down",
    "mouth_open": "closed mouth -> open mouth",
    "face_width": "narrow face -> wide face",
    "face_height": "short face -> long face",
    "smile": "mouth corners down -> up",
    "eye_height": "eyes low -> eyes high",
    "eye_size": "small eyes -> large eyes",
    "brow_height": "low brows -> raised brows",
    "face_shape": "pointed chin -> broad jaw",
    "mouth_height": "mouth high -> mouth low",
    "eye_shape": "narrow eyes -> open eyes",
}


@dataclass
class LineStyle(Style):
    """Stroke faces from the pretrained decoder shipped in ``models/line.npz``."""

    name: str = "line"
    description: str = "pen-sketch faces from a decoder learned on real face shapes"
    features: tuple[Feature, ...] = field(default_factory=tuple)

    def __post_init__(self):
        if not self.features:
            names = self.model.feature_names
            self.features = tuple(Feature(n, _DOCS.get(n, f"learned shape axis {i}")) for i, n in enumerate(names))

    @cached_property
    def model(self):
        from vec2face.style.line_model import LineModel

        return LineModel.load()

    @property
    def expressions(self) -> list[str]:
        return self.model.expression_names

    def expression_direction(self, name: str) -> np.ndarray:
        return self.model.expression(name)

    def decode(self, codes: np.ndarray) -> dict[str, np.ndarray]:
        pts = self.model.decode(np.atleast_2d(codes)) * SCALE + CENTRE
        return {"points": pts, "skull": L.cranium(pts)}

    def parts(self, codes: np.ndarray, options: RenderOptions) -> list[Part]:
        g = self.decode(codes)
        p = g["points"]
        groups = L.GROUPS
        head = L.head_outline(p)
        brows = P.join(P.smooth_open(p[:, groups["brow_right"][0]]), P.smooth_open(p[:, groups["brow_left"][0]]))
        nose = P.join(P.smooth_open(p[:, groups["nose_bridge"][0]]), P.smooth_open(p[:, groups["nose_lower"][0]]))
        eyes = P.join(P.smooth_closed(p[:, groups["eye_right"][0]]), P.smooth_closed(p[:, groups["eye_left"][0]]))
        parts = [
            Part("v2f-head", P.smooth_closed(head)),
            Part("v2f-eye", eyes),
            Part("v2f-line", P.join(brows, nose)),
            Part("v2f-mouth", P.smooth_closed(p[:, groups["lips_outer"][0]])),
            Part("v2f-lip", P.smooth_closed(p[:, groups["lips_inner"][0]])),
        ]
        if not options.plotter:
            centres, radii = [], []
            for name in ("eye_right", "eye_left"):
                e = p[:, groups[name][0]]
                centres.append(e.mean(axis=1))
                opening = 0.5 * (np.linalg.norm(e[:, 1] - e[:, 5], axis=-1) + np.linalg.norm(e[:, 2] - e[:, 4], axis=-1))
                radii.append(np.clip(0.42 * opening, 0.35, 2.6))
            parts.insert(2, Part("v2f-pupil", P.join(*(P.ellipse(c[:, 0], c[:, 1], r, r) for c, r in zip(centres, radii)))))
        return parts

    def css(self, options: RenderOptions) -> str:
        sw = f"{options.line_width:g}"
        base = f"path{{stroke:{options.stroke};stroke-width:{sw};stroke-linecap:round;stroke-linejoin:round;fill:none}}"
        if options.plotter:
            return base
        if options.color:
            return base + (f".v2f-head{{fill:#f7e3cf}}.v2f-eye{{fill:#fff}}.v2f-pupil{{fill:{options.stroke};stroke:none}}"
                           ".v2f-mouth{fill:#d9828a}.v2f-lip{fill:#7a2b35;stroke-width:0.8}")
        return base + (f".v2f-head,.v2f-eye,.v2f-mouth{{fill:#fff}}.v2f-pupil{{fill:{options.stroke};stroke:none}}"
                       ".v2f-lip{stroke-width:0.8}")

    def validity(self, codes: np.ndarray) -> np.ndarray:
        return self.model.validity(codes)
