"""A minimal vec2face style: a round smiley with three features.

A style only decodes codes into face geometry (numpy arrays for the whole
batch); vec2face's renderers draw it, as SVG, PNG, PDF or HTML.
"""

from dataclasses import dataclass, field

import numpy as np

from vec2face import geometry as G
from vec2face.style import FaceGeometry, Feature, Paint, Part, Style

YELLOW = {"skin": Paint("#ffd84a", None)}


@dataclass
class SmileyStyle(Style):
    name: str = "smiley"
    description: str = "a round smiley (example third-party style)"
    features: tuple = field(default_factory=lambda: (
        Feature("size", "small -> large head"),
        Feature("smile", "frown -> smile"),
        Feature("eyes", "small -> large eyes"),
    ))

    def _measures(self, codes):
        c = np.clip(np.atleast_2d(codes), -3, 3) / 3  # in [-1, 1]
        return {"r": 34 + 10 * c[:, 0], "smile": c[:, 1], "eye": 3.5 + 2 * c[:, 2]}

    def decode(self, codes) -> FaceGeometry:
        g = self._measures(codes)
        n, r = len(g["r"]), g["r"]
        cx = np.full(n, 50.0)
        head = G.ellipse(cx, cx, r, r)
        eyes = (G.ellipse(cx - 0.35 * r, cx - 0.2 * r, g["eye"], g["eye"]),
                G.ellipse(cx + 0.35 * r, cx - 0.2 * r, g["eye"], g["eye"]))
        y = 50 + 0.35 * r
        mouth = G.quad(np.stack([cx - 0.45 * r, y], 1), np.stack([cx, y + 0.4 * r * g["smile"]], 1),
                       np.stack([cx + 0.45 * r, y], 1))
        return FaceGeometry((Part("head", "skin", (head,)), Part("eye", "pupil", eyes), Part("mouth", "ink", (mouth,))),
                            palette=YELLOW)

    def validity(self, codes):
        g = self._measures(codes)
        return (g["r"] > 0) & (g["eye"] > 0)
