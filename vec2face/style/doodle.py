"""The ``doodle`` style: hand-drawn faces from the doodle autoencoder's decoder.

A code goes through the pretrained decoder (:mod:`vec2face.style.doodle_model`)
to stroke slots (outline, eyes, mouth and an extra stroke), drawn as a pen
would: smooth strokes with round caps; slots the decoder marks absent are not
drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from vec2face.render import paths as P
from vec2face.style.base import Feature, Part, RenderOptions, Style

SCALE, CENTRE = 74.0, 50.0


@dataclass
class DoodleStyle(Style):
    """Doodled faces from ``models/doodle.npz``."""

    name: str = "doodle"
    description: str = "hand-drawn faces from a stroke autoencoder trained on Quick, Draw! doodles"
    features: tuple[Feature, ...] = field(default_factory=tuple)
    weights: dict | None = field(default=None, repr=False)
    validity_target: float = 0.99  # an outline, two eyes and a mouth (the doodle issue's target)

    def __post_init__(self):
        if not self.features:
            names = self.model.feature_names
            self.features = tuple(Feature(n, f"doodle code axis {i} ({n.replace('_', ' ')})") for i, n in enumerate(names))

    @cached_property
    def model(self):
        from vec2face.style.doodle_model import DoodleModel

        if self.weights is not None:
            return DoodleModel(self.weights)
        from vec2face.weights import load_weights

        return DoodleModel(load_weights("doodle"))

    def decode(self, codes: np.ndarray) -> dict[str, np.ndarray]:
        slots, presence = self.model.decode(np.atleast_2d(codes))
        return {"slots": slots * SCALE + CENTRE, "presence": presence}

    def parts(self, codes: np.ndarray, options: RenderOptions) -> list[Part]:
        """Outline as decoded; eyes, mouth and the extra stroke drawn as a pen
        would from the decoded points: eyes as ellipses at the points' centre
        and spread, the mouth as the parabola through them, the extra stroke as
        the segment along their main direction."""
        g = self.decode(codes)
        s, pres = g["slots"], g["presence"]
        eyes = []
        for k in (1, 2):
            c = s[:, k].mean(axis=1)
            spread = s[:, k].std(axis=1)
            rx = np.clip(spread[:, 0] * 1.7, 1.2, 8.0)
            ry = np.clip(spread[:, 1] * 1.7, 1.0, 7.0)
            eyes.append(self._only_if(P.ellipse(c[:, 0], c[:, 1], rx, ry), pres[:, k]))
        m = s[:, 3]
        x = m[..., 0]
        xc = x.mean(axis=1, keepdims=True)
        A = np.stack([(x - xc) ** 2, x - xc, np.ones_like(x)], axis=-1)  # y = a u^2 + b u + c, u = x - mean
        sol = np.array([np.linalg.lstsq(A[i], m[i, :, 1], rcond=None)[0] for i in range(len(m))])
        x0, x1 = x.min(axis=1), x.max(axis=1)

        def curve(u):
            return sol[:, 0] * u**2 + sol[:, 1] * u + sol[:, 2]

        u0, u1 = x0 - xc[:, 0], x1 - xc[:, 0]
        um = 0.5 * (u0 + u1)
        ym = curve(um)
        ctrl_y = 2 * ym - 0.5 * (curve(u0) + curve(u1))  # the quadratic Bezier through the middle point
        mouth = P.quad_open(np.stack([x0, curve(u0)], 1), np.stack([xc[:, 0] + um, ctrl_y], 1), np.stack([x1, curve(u1)], 1))
        e = s[:, 4]
        ec = e.mean(axis=1)
        dev = e - ec[:, None]
        cov = np.einsum("npi,npj->nij", dev, dev) / e.shape[1]
        w, v = np.linalg.eigh(cov)
        half = 1.7 * np.sqrt(np.maximum(w[:, 1], 0.0))[:, None] * v[:, :, 1]
        extra = P.polyline(np.stack([ec - half, ec + half], axis=1))
        lines = P.join(self._only_if(mouth, pres[:, 3]), self._only_if(extra, pres[:, 4]))
        return [Part("v2f-head", P.smooth_closed(s[:, 0])), Part("v2f-eye", P.join(*eyes)), Part("v2f-line", lines)]

    @staticmethod
    def _only_if(path: P.PathData, presence: np.ndarray) -> P.PathData:
        """Path data where the decoder says the stroke is there; an empty move elsewhere."""
        strings = np.array(path.strings(), dtype=object)
        strings[presence <= 0.5] = "M50 50"
        return P.PathData("%s", strings[:, None])

    def css(self, options: RenderOptions) -> str:
        sw = f"{options.line_width * 1.4:g}"
        base = f"path{{stroke:{options.stroke};stroke-width:{sw};stroke-linecap:round;stroke-linejoin:round;fill:none}}"
        if options.color and not options.plotter:
            base += f".v2f-head{{fill:#fff7d6}}.v2f-eye{{fill:{options.stroke}}}"
        return base

    def validity(self, codes: np.ndarray) -> np.ndarray:
        from vec2face.style.doodle_model import doodle_validity

        slots, presence = self.model.decode(np.atleast_2d(codes))
        return doodle_validity(slots, presence)
