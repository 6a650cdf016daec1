"""A minimal vec2face style: a round smiley with three features."""

from dataclasses import dataclass, field

import numpy as np

from vec2face.render import paths as P
from vec2face.style import Feature, Part, RenderOptions, Style


@dataclass
class SmileyStyle(Style):
    name: str = "smiley"
    description: str = "a round smiley (example third-party style)"
    features: tuple = field(default_factory=lambda: (
        Feature("size", "small -> large head"),
        Feature("smile", "frown -> smile"),
        Feature("eyes", "small -> large eyes"),
    ))

    def decode(self, codes):
        c = np.clip(np.atleast_2d(codes), -3, 3) / 3  # in [-1, 1]
        return {"r": 34 + 10 * c[:, 0], "smile": c[:, 1], "eye": 3.5 + 2 * c[:, 2]}

    def parts(self, codes, options: RenderOptions):
        g = self.decode(codes)
        n, r = len(g["r"]), g["r"]
        cx = np.full(n, 50.0)
        head = P.ellipse(cx, cx, r, r)
        eyes = P.join(P.ellipse(cx - 0.35 * r, cx - 0.2 * r, g["eye"], g["eye"]),
                      P.ellipse(cx + 0.35 * r, cx - 0.2 * r, g["eye"], g["eye"]))
        y = 50 + 0.35 * r
        mouth = P.quad_open(np.stack([cx - 0.45 * r, y], 1), np.stack([cx, y + 0.4 * r * g["smile"]], 1),
                            np.stack([cx + 0.45 * r, y], 1))
        return [Part("sm-head", head), Part("sm-eye", eyes), Part("sm-mouth", mouth)]

    def css(self, options):
        fill = "#ffd84a" if options.color and not options.plotter else "none"
        return (f"path{{stroke:{options.stroke};stroke-width:{options.line_width:g};stroke-linecap:round}}"
                f".sm-head{{fill:{fill}}}.sm-eye{{fill:{options.stroke}}}.sm-mouth{{fill:none}}")

    def validity(self, codes):
        g = self.decode(codes)
        return (g["r"] > 0) & (g["eye"] > 0)
