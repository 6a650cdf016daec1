"""Hand-drawn rendering, as in rough.js: every line drawn twice, each time a
little off, so faces look sketched with a pen. Works on any style's path
data; deterministic given the seed (each face and part has its own stream).
"""

from __future__ import annotations

import re

import numpy as np

from vec2face.render.faces import DrawnPart
from vec2face.render.paths import PathData

_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|-?(?:\d+\.?\d*|\.\d+)")
_ARITY = {"m": 2, "l": 2, "t": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "a": 7, "z": 0}


def jitter(d: str, rng: np.random.Generator, amount: float) -> str:
    """Path data with every point moved by about ``amount`` (arc radii and flags kept).

    Each point gets its own offset; relative commands are corrected for the
    offset of the point they start from, so a long relative path wobbles but
    never drifts away from its shape.
    """
    out = []
    prev = np.zeros(2)  # offset of the current point
    start = np.zeros(2)  # offset of the current subpath's start
    cmd = None
    args: list[str] = []

    def fmt(v):
        return f"{v:.1f}".removesuffix(".0").replace("-0", "-0") if abs(v) >= 0.05 else "0"

    def emit(c, a):
        nonlocal prev, start
        lower, rel = c.lower(), c.islower()
        n = _ARITY[lower]
        if n == 0:
            out.append(c)
            prev = start.copy()
            return
        chunks = [a[k : k + n] for k in range(0, len(a), n)]
        for k, chunk in enumerate(chunks):
            vals = [float(v) for v in chunk]
            coord_idx: list[tuple[int, ...]]
            if lower == "a":
                coord_idx = [(5, 6)]
            elif lower in "hv":
                coord_idx = [(0,)]
            else:
                coord_idx = [(i, i + 1) for i in range(0, n, 2)]
            e = prev
            for idx in coord_idx:
                e = rng.normal(0.0, amount, len(idx))
                for axis, i in enumerate(idx):
                    ax = (1 if lower == "v" else 0) if len(idx) == 1 else axis
                    vals[i] += e[axis] - (prev[ax] if rel else 0.0)
            if len(coord_idx[-1]) == 2:
                new_prev = e
            else:
                new_prev = prev.copy()
                new_prev[1 if lower == "v" else 0] = e[0]
            text = " ".join(chunk[i] if (lower == "a" and i < 5) else fmt(vals[i]) for i in range(n))
            out.append((c if k == 0 else " ") + text)
            prev = np.asarray(new_prev, dtype=float)
            if lower == "m" and k == 0:
                start = prev.copy()
        out.append(" ")

    for tok in _TOKEN.findall(d):
        if tok.isalpha():
            if cmd is not None:
                emit(cmd, args)
            cmd, args = tok, []
        else:
            args.append(tok)
    if cmd is not None:
        emit(cmd, args)
    return "".join(out).replace(" z", "z").replace(" Z", "Z").replace(" -", "-").strip()


def sketchify(parts: list[DrawnPart], seed: int = 0, start: int = 0, amount: float = 0.7) -> list[DrawnPart]:
    """Each part of each face drawn twice, jittered: a sketched look."""
    out = []
    for j, part in enumerate(parts):
        strings = part.d.strings()
        new = np.empty(len(strings), dtype=object)
        for i, d in enumerate(strings):
            rng = np.random.default_rng([seed, start + i, j])
            new[i] = jitter(d, rng, amount) + jitter(d, rng, amount)
        out.append(DrawnPart(part.css_class, PathData("%s", new[:, None]), part.fill))
    return out
