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


def render_ink(style: Style, codes: np.ndarray, px: int = 64) -> np.ndarray:
    """``(n, 1024)`` ink of each face: rendered at ``px``, pooled to 32 x 32."""
    ink = 255.0 - render_grey(style, codes, px)
    f = px // 32
    return ink.reshape(len(ink), 32, f, 32, f).mean(axis=(2, 4)).reshape(len(ink), -1)


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


def style_faithfulness(style: Style, view: str = "faithfulness") -> dict[str, float]:
    """The faithfulness benchmark (or its ``"glance"`` view) of ``style`` as given,
    not the installed one of its name: registered for the call, then put back."""
    import vec2face.style as registry
    from vec2face.assemble.evaluate import faithfulness

    registry.styles()
    saved = registry._loaded.get(style.name)
    registry._loaded[style.name] = style
    try:
        return faithfulness(style.name, view)
    finally:
        if saved is not None:
            registry._loaded[style.name] = saved
        else:
            registry._loaded.pop(style.name, None)


BENCHMARK_DEFINITIONS = {
    "faithfulness_definition": "vec2face.assemble.evaluate: 5-NN accuracy on 32x32 ink of the rendered faces / on the "
                               "standardised raw vectors (digits: 600 rows of a fixed shuffle; wine)",
    "glance_definition": "vec2face.assemble.evaluate.glance_16: the same 5-NN ratio on each face's 64 px raster "
                         "shifted up to +-3 px (seeded), blurred (sigma 1.5 px) and pooled to 16x16",
}


def benchmark_figures(style: Style) -> dict:
    """A model card's entries on the benchmarks: the exact faithfulness and
    glance ratios of ``style`` on digits and wine, and what they measure."""
    return {"faithfulness": style_faithfulness(style), "glance": style_faithfulness(style, "glance"),
            **BENCHMARK_DEFINITIONS}


def display_calibration(style: Style, decay: float, decorrelation: float, n_base: int, seed: int,
                        pure: tuple[int, ...] = (), min_share: float = 0.0):
    """A display matrix whose first style axes show the changes a glance sees
    most, and whose axes move different pixels.

    ``style`` draws raw codes (its display matrix the identity). Two
    Jacobians of its raw axes are measured by finite differences of rendered faces, unit steps around
    ``n_base`` random codes: ``Je`` on the exact 32 x 32 ink, ``Jg`` on the
    glance view (blur sigma 1.5 px, 16 x 16 pool), with the part a small
    shift of the whole face explains projected out, since the glance
    benchmark shifts faces at random.

    1. Decorrelate: raw axes that move the same pixels (a longer face and a
       bowed head both move the chin) are confounded, and a nearest-neighbour
       reader cannot tell them apart. With ``C`` the correlation matrix of the
       columns of ``Je`` and ``D`` their ink, ``M0 = D^-1 (C + r^2 I)^-1/2 D``
       (times ``sqrt(1 + r^2)``), the symmetric (Lowdin) orthogonalisation:
       each axis stays mostly itself and keeps its ink, and different axes
       move different ink; ``r`` = ``decorrelation`` keeps faint directions
       from being amplified. Axes in ``pure`` (features that switch on past a
       threshold, like glasses) are left out: mixed into others, they would
       switch on where another feature moves.
    2. Order by what a glance sees: style axis i is the column of ``M0`` with
       the i-th largest glance salience (the norm of its ``Jg`` column,
       averaged over the base codes: a feature that shows only past a
       threshold, like glasses, counts by how often a step moves it),
       scaled down where needed so that it moves at most ``(1 + i)^-decay``
       of what axis 0 moves: the first axes stand out most.
    3. Drop what a glance cannot see: style axes moving less than
       ``min_share`` of what axis 0 moves are left out (M keeps only the
       columns of the others). At map size such an axis is a faint wobble that
       a random shift of a few pixels swamps; for a nearest-neighbour reader it
       only adds noise to the axes that do show.

    Returns (M, style salience, raw salience in style order, order), for the
    kept style axes.
    """
    from vec2face.assemble.evaluate import glance_16, ink_32

    n_raw = style.latent_dim

    def glance(grey):  # the glance view without its shift
        return glance_16(grey, shift=0)

    base = np.random.default_rng(seed).uniform(-1, 1, size=(n_base, n_raw))
    at = render_grey(style, base, 64)
    shift = np.stack([glance(np.roll(at, 1, axis=ax)) - glance(np.roll(at, -1, axis=ax)) for ax in (2, 1)], axis=2)
    Q = np.linalg.qr(shift)[0]  # (n_base, 256, 2): what moving the whole face changes
    Je, Jg = np.zeros((n_base, 1024, n_raw)), np.zeros((n_base, 256, n_raw))
    for j in range(n_raw):
        a, b = base.copy(), base.copy()
        a[:, j] -= 0.5
        b[:, j] += 0.5
        lo, hi = render_grey(style, a, 64), render_grey(style, b, 64)
        Je[:, :, j], Jg[:, :, j] = ink_32(hi) - ink_32(lo), glance(hi) - glance(lo)
    Jg -= np.einsum("nik,nlk,nlj->nij", Q, Q, Jg)
    Ge = np.einsum("nij,nik->jk", Je, Je) / n_base
    mixed = np.array([j for j in range(n_raw) if j not in pure])
    d = np.sqrt(np.diag(Ge))[mixed]
    w, V = np.linalg.eigh(Ge[np.ix_(mixed, mixed)] / np.outer(d, d))
    root = V @ np.diag((np.maximum(w, 0.0) + decorrelation**2) ** -0.5) @ V.T * np.sqrt(1.0 + decorrelation**2)
    M0 = np.eye(n_raw)
    M0[np.ix_(mixed, mixed)] = root * d[None, :] / d[:, None]
    salience = np.linalg.norm(np.einsum("nij,jk->nik", Jg, M0), axis=1).mean(axis=0)
    order = np.argsort(-salience, kind="stable")
    target = salience[order[0]] * (1.0 + np.arange(n_raw)) ** -decay
    gain = np.minimum(1.0, target / salience[order])
    shown = salience[order] * gain
    keep = shown >= min_share * shown[0]
    return (M0[:, order] * gain)[:, keep], shown[keep], salience[order][keep], order[keep]


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
