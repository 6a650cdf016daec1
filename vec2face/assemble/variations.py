"""Variations around a face: faces drawn from codes near a given one.

As the autoencoder literature explores a latent space, a vector's code ``c``
(``(k,)``, in standard deviations) is the centre, and n codes
``c + spread * e_i`` with ``e_i ~ N(0, I_k)`` (seeded) are drawn beside it.
Row 0 of the codes is always ``c`` itself, so the first face is the vector's
own face. The offsets are not clipped again: a style draws any code.

``DEFAULT_SPREAD`` (0.5 sd) was chosen by looking at variation sheets and by
``bench/variations_spread.py``, which compares faces at a glance
(:func:`vec2face.assemble.evaluate.glance_16` of 64 px rasters, a pair under
one shift). The mean distance of a variation to its original, as a fraction
of that between two unrelated random faces, and the share of variations whose
nearest of 24 originals is their own, were (with the shipped faces, re-run
when they last changed):

======== ============ ============ ============
spread   line         chernoff     doodle
======== ============ ============ ============
0.25     0.27, 100%   0.24, 99%    0.32, 100%
0.5      0.53, 92%    0.47, 85%    0.53, 94%
1.0      0.90, 50%    0.80, 46%    0.75, 53%
======== ============ ============ ============

At 0.5 every style's variations sit well away from both 0 (the same face)
and 1 (a stranger), and most are still matched to their own face; at 0.25
they are hard to tell apart by eye, at 1.0 about half look like someone else.
"""

from __future__ import annotations

import math

import numpy as np

from vec2face.assemble.faces import Gallery
from vec2face.errors import InputError
from vec2face.render.grid import render_grid
from vec2face.render.options import RenderOptions, check_seed

DEFAULT_SPREAD = 0.5  # sd per code axis; see the module docstring
MAX_VARIATIONS = 1000


def around(code: np.ndarray, n: int, spread: float, seed: int = 0) -> np.ndarray:
    """``(n + 1, k)`` codes: ``code`` itself, then n at Gaussian offsets of ``spread`` sd.

    Args:
        code: the centre, ``(k,)``.
        n: how many variations (1 to 1,000).
        spread: the offsets' standard deviation on every axis (0 gives n copies).
        seed: seed of the offsets.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_VARIATIONS:
        raise InputError(f"the number of variations must be a whole number from 1 to {MAX_VARIATIONS}, got {n!r}")
    try:
        s = float(spread)
    except (TypeError, ValueError):
        s = math.nan
    if not (math.isfinite(s) and s >= 0):
        raise InputError(f"spread must be a finite number of standard deviations, 0 or more; got {spread!r}")
    c = np.asarray(code, dtype=np.float64).reshape(-1)
    offsets = np.random.default_rng(check_seed(seed, "the offsets' seed")).standard_normal((int(n), c.size)) * s
    return np.vstack([c, c + offsets])


def variations_gallery(codes: np.ndarray, st, options: RenderOptions, *, title: str, desc: str,
                       columns: int | None = None) -> Gallery:
    """The codes from :func:`around` as a captioned row (the original first)."""
    labels = ["original"] + [f"variation {i}" for i in range(1, len(codes))]
    svg = render_grid(st.decode(codes), options, style_name=st.name, labels=labels,
                      columns=columns or len(codes), title=title, desc=desc)
    items = [{"l": label, "id": i} for i, label in enumerate(labels)]
    return Gallery(svg, len(codes), items=items, codes=codes)
