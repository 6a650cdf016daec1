"""Measure how much each code axis of a style changes a face: its visual salience.

Two measures, one per benchmark view (:mod:`vec2face.assemble.evaluate`):
:func:`glance_salience` sees faces as a viewer of a map does (each 64 x 64
raster shifted by up to 3 px, blurred, pooled to 16 x 16: ``glance_16``; both
renderings of a step share one shift), and :func:`ink_salience` sees the exact
pixels, mean-pooled to 32 x 32 ink. The chernoff style orders its features by
glance salience. For each axis, a step
of one standard deviation around a few random codes is rendered, and the mean
Euclidean change of ink is the axis's salience. Styles use it to order their
features (axis 0 changes the picture most) and to equalise them: a gain per
axis so that a step of one standard deviation moves about the same ink on
every axis, which keeps distances between codes as distances between faces.
"""

from __future__ import annotations

import io

import numpy as np

from vec2face.render.options import RenderOptions
from vec2face.style.base import Style


def render_ink(style: Style, codes: np.ndarray, px: int = 64, pool: int | None = None) -> np.ndarray:
    """``(n, 1024)`` ink of each face: rendered at ``px``, pooled to 32 x 32
    (``pool``: by that factor instead)."""
    ink = 255.0 - render_grey(style, codes, px)
    f = px // 32 if pool is None else pool
    return ink.reshape(len(ink), px // f, f, px // f, f).mean(axis=(2, 4)).reshape(len(ink), -1)


def ink_salience(style: Style, n_base: int = 12, step: float = 1.0, seed: int = 0) -> np.ndarray:
    """``(k,)`` mean ink change for a step of ``step`` sd along each axis."""
    k = style.latent_dim
    lo, hi = _steps(k, n_base, step, seed)
    moved = np.linalg.norm(render_ink(style, hi) - render_ink(style, lo), axis=1).reshape(k, n_base)
    return moved.mean(axis=1)


def _steps(k: int, n_base: int, step: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    base = np.random.default_rng(seed).uniform(-1.0, 1.0, size=(n_base, k))
    lo, hi = [], []
    for j in range(k):
        a, b = base.copy(), base.copy()
        a[:, j] -= step / 2
        b[:, j] += step / 2
        lo.append(a)
        hi.append(b)
    return np.concatenate(lo), np.concatenate(hi)


def render_grey(style: Style, codes: np.ndarray, px: int = 64) -> np.ndarray:
    """``(n, px, px)`` grey rasters (255 = paper) of the faces, through cairosvg."""
    import cairosvg
    from PIL import Image

    from vec2face.render.grid import render_faces

    n = len(codes)
    svgs = render_faces(style.decode(codes), RenderOptions(), titles=["t"] * n, descs=["d"] * n, size=px)
    return np.array([
        np.asarray(Image.open(io.BytesIO(cairosvg.svg2png(bytestring=s.encode(), output_width=px, output_height=px,
                                                            background_color="white"))).convert("L"))
        for s in svgs
    ], dtype=np.float64)


def glance_salience(style: Style, n_base: int = 24, step: float = 1.0, seed: int = 0) -> np.ndarray:
    """``(k,)`` mean change at a glance (``glance_16``) for a step of ``step`` sd along each axis.

    Both ends of a step are seen through the same random shift, so the change
    is the feature's, not the shift's.
    """
    from vec2face.assemble.evaluate import glance_16

    k = style.latent_dim
    lo, hi = _steps(k, n_base, step, seed)
    moved = np.linalg.norm(glance_16(render_grey(style, hi), seed=seed) - glance_16(render_grey(style, lo), seed=seed),
                           axis=1)
    return moved.reshape(k, n_base).mean(axis=1)


def equalising_gains(salience: np.ndarray, lo: float = 0.5, hi: float = 2.5) -> np.ndarray:
    """Per-axis gains that bring every axis towards the median salience."""
    return np.clip(np.median(salience) / salience, lo, hi)


def main(argv: list[str] | None = None) -> None:
    """Print a style's measured salience and equalising gains (with the style's own gains undone)."""
    import argparse

    from vec2face.style import get_style

    ap = argparse.ArgumentParser(prog="python -m training.calibrate", description=__doc__)
    ap.add_argument("style")
    ap.add_argument("--view", choices=("glance", "ink"), default="glance")
    args = ap.parse_args(argv)
    st = get_style(args.style)
    if hasattr(st, "gains"):
        st.gains = np.ones(st.latent_dim)  # measure the features themselves
    s = glance_salience(st) if args.view == "glance" else ink_salience(st)
    print(f"feature          {args.view} salience (gain 1)  equalising gain   (most salient first)")
    gains = equalising_gains(s)
    for j in np.argsort(-s, kind="stable"):
        print(f"{st.features[j].name:<16} {s[j]:8.1f}  {gains[j]:.2f}")


if __name__ == "__main__":
    main()
