"""The Chernoff style: a cartoon face whose features carry the data.

After Chernoff (1973) and aplpack's ``faces``: 22 named features, listed in
order of visual salience, so that the adapter's first (highest-variance) axis
drives the most visible change.

Geometry is placed in the head's own normalised coordinates (u, v): the head
outline is the unit circle u^2 + v^2 = 1 under the map

    x = cx + rx * u * (1 + s * v),    y = cy + ry * v,

where ``s`` is the egg shape (a wider jaw or a wider forehead). Anything with
u^2 + v^2 < 1 therefore lies inside the head, which is how :meth:`validity`
checks a face and how feature sizes are bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from vec2face import geometry as G
from vec2face.geometry import FaceGeometry, Paint, Part
from vec2face.style.base import Feature, Style

FEATURES = (
    Feature("face_width", "narrow head -> wide head"),
    Feature("face_height", "short, round head -> tall head"),
    Feature("face_shape", "pointed chin -> broad jaw"),
    Feature("hair", "little hair -> a full head of hair"),
    Feature("eye_height", "low eyes -> high eyes"),
    Feature("hair_color", "dark hair -> light hair"),
    Feature("mouth_height", "mouth high -> mouth low"),
    Feature("eye_size", "small eyes -> large eyes"),
    Feature("eye_spacing", "close-set eyes -> wide-set eyes"),
    Feature("smile", "frown -> broad smile"),
    Feature("brow_height", "low brows -> raised brows"),
    Feature("ear_size", "small ears -> large ears"),
    Feature("eye_shape", "narrow eyes -> round eyes"),
    Feature("pupil_x", "looking left -> looking right"),
    Feature("mouth_width", "narrow mouth -> wide mouth"),
    Feature("brow_slant", "worried brows -> angry brows"),
    Feature("nose_length", "short nose -> long nose"),
    Feature("mouth_open", "closed mouth -> open mouth"),
    Feature("nose_width", "thin nose -> broad nose"),
    Feature("eye_slant", "eyes slanting down -> slanting up"),
    Feature("pupil_size", "small pupils -> large pupils"),
    Feature("brow_length", "short brows -> long brows"),
)

# Equalising gains, one per feature above, measured by
# ``python -m training.calibrate chernoff`` (training.calibrate):
# a step of one standard deviation moves about the same ink on every feature,
# so distances between codes stay distances between faces
# (bench/faithfulness.py: digits 0.93 -> 0.96 of the raw data's 5-NN accuracy).
GAINS = np.array([0.50, 0.50, 0.50, 0.50, 0.50, 1.03, 0.62, 0.99, 0.79, 1.01, 2.34,
                  1.08, 1.31, 0.97, 0.89, 1.93, 0.78, 1.36, 1.47, 1.97, 1.77, 2.43])

HAIR_COLORS = np.array(["#2b1d14", "#4a2f1b", "#6b4226", "#8d5a2b", "#a8642f", "#c28840", "#d9b46a", "#b9b4ad"], dtype=object)
CX, CY = 50.0, 53.0
# The cartoon's own paint: warmer skin, darker lips; pupils are outlined.
PALETTE = {"skin": Paint("#f6dcc3", "paper"), "hair": Paint("#4a2f1b", "ink"), "pupil": Paint("ink", "ink"),
           "lips": Paint("#a83a48", "paper")}


def code_to_unit(codes: np.ndarray, gains: np.ndarray = GAINS) -> np.ndarray:
    """Codes in standard deviations to feature levels in [0, 1].

    Linear (times the feature's equalising gain), so that distances between
    codes stay distances between faces; the +-3 box at gain 1 maps onto
    [0, 1] exactly, and levels saturate at its ends.
    """
    c = np.clip(np.asarray(codes, dtype=np.float64), -3.0, 3.0)
    return np.clip(0.5 + c * gains[: c.shape[-1]] / 6.0, 0.0, 1.0)


def _lerp(p, lo, hi):
    return lo + p * (hi - lo)


@dataclass
class ChernoffStyle(Style):
    """Chernoff faces: head, hair, ears, eyes, pupils, brows, nose and mouth."""

    name: str = "chernoff"
    features: tuple[Feature, ...] = field(default_factory=lambda: FEATURES)
    description: str = "cartoon faces whose 22 features carry the data (Chernoff, 1973)"
    gains: np.ndarray = field(default_factory=lambda: GAINS.copy(), repr=False)

    # -- geometry ---------------------------------------------------------
    def _layout(self, codes: np.ndarray) -> dict[str, np.ndarray]:
        """The face's measures (head radii, eye centres and sizes...), each ``(n,)``."""
        p = code_to_unit(np.atleast_2d(codes), self.gains)
        f = {feat.name: p[:, i] for i, feat in enumerate(self.features)}
        ry = _lerp(f["face_height"], 28.0, 38.0)
        rx = _lerp(f["face_width"], 21.0, 33.0)
        s = _lerp(f["face_shape"], -0.22, 0.22)

        def half_width(v):
            return rx * np.sqrt(np.clip(1 - v**2, 0, 1)) * (1 + s * v)

        # eyes
        ve = -_lerp(f["eye_height"], 0.04, 0.30)
        hw_e = half_width(ve)
        ue = _lerp(f["eye_spacing"], 0.32, 0.52)
        ex = ue * hw_e  # distance of eye centre from the midline
        a = np.minimum.reduce([_lerp(f["eye_size"], 0.13, 0.26) * hw_e, (0.86 - ue) * hw_e, ex - 1.6])
        b = a * _lerp(f["eye_shape"], 0.38, 0.95)
        ey = CY + ry * ve
        slant = _lerp(f["eye_slant"], -0.5, 0.5)
        r = np.minimum(a, b) * _lerp(f["pupil_size"], 0.25, 0.85)
        gaze = _lerp(f["pupil_x"], -1.0, 1.0) * (a - r) * 0.8

        # brows: above the eyes, kept inside the head
        gap = _lerp(f["brow_height"], 1.2, 5.0)
        bl = np.minimum(a * _lerp(f["brow_length"], 0.6, 1.6), ex - 0.8)
        bs = _lerp(f["brow_slant"], -0.55, 0.55)  # > 0: inner ends down (angry)
        by = ey - b - gap
        g = {"rx": rx, "ry": ry, "s": s}
        for _ in range(40):  # lower, then shorten, brows that poke out of the head
            out = ~self._brows_inside(g, ex, by, bl, bs, margin=0.94)
            if not out.any():
                break
            room = by < ey - b - 1.3
            by = np.where(out & room, by + 0.5, by)
            bl = np.where(out & ~room, bl * 0.9, bl)

        # mouth
        vm = _lerp(f["mouth_height"], 0.40, 0.60)
        hw_m = half_width(vm)
        mw = hw_m * _lerp(f["mouth_width"], 0.2, 0.66)
        my = CY + ry * vm
        smile = _lerp(f["smile"], -1.0, 1.0)
        k = mw * 0.30
        opening = mw * _lerp(f["mouth_open"], 0.02, 0.75)
        # nose: from between the eyes to above the mouth
        ny0 = ey + 0.25 * b
        chin = CY + ry * np.sqrt(1 - 0.3**2) * 0.95  # under the centre
        for _ in range(2):  # keep the lips below the nose and above the chin
            my = np.maximum(my, ny0 + 4.0 + np.maximum(smile * k, 0.3 * opening - smile * k))
            opening = np.minimum(opening, np.maximum(chin - my - smile * k - 1.0, 0.6) / 0.7)
        lip_top = my + np.minimum(-smile * k, smile * k - 0.3 * opening)
        nose_len = _lerp(f["nose_length"], 0.12, 0.46) * ry
        nyt = np.minimum(ny0 + nose_len, lip_top - 2.0)
        nyt = np.maximum(nyt, ny0 + 2.0)
        nw = half_width((nyt - CY) / ry) * _lerp(f["nose_width"], 0.05, 0.28)

        # ears: on the sides, at eye level
        es = _lerp(f["ear_size"], 2.5, 7.0) * (ry / 33.0)
        ear_v = ve + 0.12
        ear_x = half_width(ear_v) + es * 0.25

        return {
            "rx": rx, "ry": ry, "s": s,
            "ex": ex, "ey": ey, "a": a, "b": b, "slant": slant, "r": r, "gaze": gaze,
            "by": by, "bl": bl, "bs": bs,
            "my": my, "mw": mw, "smile": smile, "k": k, "opening": opening,
            "ny0": ny0, "nyt": nyt, "nw": nw,
            "es": es, "ear_y": CY + ry * ear_v, "ear_x": ear_x,
            "hair": f["hair"], "hair_color": f["hair_color"],
        }

    def _head_points(self, g, t):
        """Points of the head outline at angles t (n, m); y grows downwards."""
        rx, ry, s = g["rx"][:, None], g["ry"][:, None], g["s"][:, None]
        v = np.sin(t)
        return np.stack([CX + rx * np.cos(t) * (1 + s * v), CY + ry * v], axis=-1)

    def _outline(self, g, m=14):
        t = np.broadcast_to(np.linspace(0, 2 * np.pi, m, endpoint=False) + np.pi / 2, (len(g["rx"]), m))
        return self._head_points(g, t)

    def _hair(self, g):
        n = len(g["rx"])
        h = g["hair"][:, None]
        v_end = _lerp(h, -0.25, 0.45)
        t0 = np.pi - np.arcsin(v_end)  # left end, going over the top
        t1 = 2 * np.pi + np.arcsin(v_end)  # right end
        u = np.linspace(0.0, 1.0, 9)[None, :]
        t_out = t0 + (t1 - t0) * u
        base = self._head_points(g, t_out)
        thick = _lerp(h, 2.0, 8.0) * (np.sin(np.pi * u) ** 0.5) + 0.4
        rad = base - np.array([CX, CY])
        rad /= np.linalg.norm(rad, axis=-1, keepdims=True)
        outer = base + rad * thick[..., None]
        ui = np.linspace(1.0, 0.0, 5)[None, 1:-1]
        inner = self._head_points(g, t0 + (t1 - t0) * ui)
        inner = np.array([CX, CY]) + (inner - np.array([CX, CY])) * 0.96
        return np.concatenate([outer, inner], axis=1).reshape(n, -1, 2)

    def _eyes(self, g):
        cxs = np.stack([CX - g["ex"], CX + g["ex"]], axis=1)
        ang = np.stack([g["slant"], -g["slant"]], axis=1)  # mirrored: + raises outer corners
        ang = -ang * np.array([-1, 1])  # left eye's outer corner is on its left
        return cxs, ang

    def decode(self, codes: np.ndarray) -> FaceGeometry:
        g = self._layout(codes)
        n = len(g["rx"])
        ey = g["ey"]
        cxs, ang = self._eyes(g)
        eyes = [G.ellipse(cxs[:, i], ey, g["a"], g["b"], ang[:, i]) for i in (0, 1)]
        px = cxs + g["gaze"][:, None] * np.cos(ang)
        py = ey[:, None] + g["gaze"][:, None] * np.sin(ang)
        pupils = [G.ellipse(px[:, i], py[:, i], g["r"], g["r"]) for i in (0, 1)]
        brows = []
        for side in (-1.0, 1.0):
            xc = CX + side * g["ex"]
            inner = np.stack([xc - side * g["bl"] * np.cos(g["bs"]), g["by"] + g["bl"] * np.sin(g["bs"])], axis=1)
            outer = np.stack([xc + side * g["bl"] * np.cos(g["bs"]), g["by"] - g["bl"] * np.sin(g["bs"])], axis=1)
            ctrl = np.stack([xc, g["by"] - 1.6], axis=1)
            brows.append(G.quad(inner, ctrl, outer))
        nw, ny0, nyt = g["nw"], g["ny0"], g["nyt"]
        nose_pts = np.stack(
            [
                np.stack([CX + 0.15 * nw, ny0], axis=1),
                np.stack([CX - 0.4 * nw, ny0 + 0.6 * (nyt - ny0)], axis=1),
                np.stack([CX - nw, nyt], axis=1),
                np.stack([CX + 0.1 * nw, nyt + 0.45 * nw], axis=1),
                np.stack([CX + nw, nyt], axis=1),
            ],
            axis=1,
        )
        my, mw, k, o, sm = g["my"], g["mw"], g["k"], g["opening"], g["smile"]
        yc = my - sm * k  # corners
        up_mid = my + sm * k - 0.3 * o
        lo_mid = my + sm * k + 0.7 * o
        mouth = G.quad(
            np.stack([CX - mw, yc], axis=1),
            np.stack([np.full(n, CX), 2 * up_mid - yc], axis=1),
            np.stack([CX + mw, yc], axis=1),
            np.stack([np.full(n, CX), 2 * lo_mid - yc], axis=1),
        )
        ears = [G.ellipse(CX + side * g["ear_x"], g["ear_y"], g["es"] * 0.6, g["es"]) for side in (-1, 1)]
        idx = np.minimum((g["hair_color"] * len(HAIR_COLORS)).astype(int), len(HAIR_COLORS) - 1)
        return FaceGeometry((
            Part("hair", "hair", (G.smooth(self._hair(g), closed=True),), HAIR_COLORS[idx]),
            Part("ear", "skin", tuple(ears)),
            Part("head", "skin", (G.smooth(self._outline(g), closed=True),)),
            Part("eye", "eye", tuple(eyes)),
            Part("pupil", "pupil", tuple(pupils)),
            Part("line", "ink", (*brows, G.smooth(nose_pts))),
            Part("mouth", "lips", (mouth,)),
        ), palette=PALETTE)

    # -- validity -----------------------------------------------------------
    def _inside(self, g, x, y, margin=1.0):
        """Is (x, y) strictly inside the head (u^2 + v^2 < margin^2)? Broadcasts."""
        v = (y - CY) / g["ry"]
        u = (x - CX) / (g["rx"] * (1 + g["s"] * v))
        return u**2 + v**2 < margin**2

    def _brows_inside(self, g, ex, by, bl, bs, margin=1.0):
        """Are both ends of both brows, and the top of their bow, inside the head?"""
        ok = np.ones(np.shape(by), dtype=bool)
        for sx in (-1, 1):
            ok &= self._inside(g, CX + sx * ex, by - 0.8, margin)  # apex of the bow
            for e in (-1, 1):
                bx = CX + sx * ex + e * bl * np.cos(bs)
                ok &= self._inside(g, bx, by - bl * np.abs(np.sin(bs)) - 0.8, margin)
        return ok

    def validity(self, codes: np.ndarray) -> np.ndarray:
        """Features inside the head, top-to-bottom order kept, left/right not swapped."""
        g = self._layout(codes)
        ok = np.ones(len(g["rx"]), dtype=bool)
        cxs, ang = self._eyes(g)
        for side in (0, 1):
            for sx in (-1, 1):
                for sy in (-1, 1):  # the eye's bounding box corners, rotated
                    dx = sx * g["a"] * np.cos(ang[:, side]) - sy * g["b"] * np.sin(ang[:, side])
                    dy = sx * g["a"] * np.sin(ang[:, side]) + sy * g["b"] * np.cos(ang[:, side])
                    ok &= self._inside(g, cxs[:, side] + dx, g["ey"] + dy)
        ok &= (CX + g["ex"] - g["a"]) > (CX - g["ex"] + g["a"])  # eyes apart, left on the left
        ok &= self._brows_inside(g, g["ex"], g["by"], g["bl"], g["bs"])
        ok &= g["by"] < g["ey"] - g["b"] + 1e-9  # brows above the eyes
        ok &= g["ey"] < g["nyt"]  # eyes above the nose tip
        mouth_top = g["my"] + np.minimum(-g["smile"] * g["k"], g["smile"] * g["k"] - 0.3 * g["opening"])
        ok &= g["nyt"] < mouth_top  # nose above the mouth
        for sx in (-1, 1):
            ok &= self._inside(g, CX + sx * g["mw"], g["my"] - g["smile"] * g["k"])
        ok &= self._inside(g, np.full_like(g["my"], CX), g["my"] + g["smile"] * g["k"] + 0.7 * g["opening"])
        ok &= (g["r"] <= np.minimum(g["a"], g["b"])) & (np.abs(g["gaze"]) + g["r"] <= g["a"])
        return ok
