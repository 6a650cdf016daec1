"""Calibrate the Chernoff style's display matrix (``vec2face train chernoff``).

The Chernoff style's 24 features are drawn by hand-written geometry; nothing
is learned from data. What is calibrated is how code axes reach them: the
display matrix (:func:`training.calibrate.display_calibration`) decorrelates
the features on the exact 32 x 32 ink (an eye's size and its shape, or the
brows' height and the eyes', move the same pixels) and orders the axes by how
much a glance sees each one change, so that the first principal axes of the
data land on the boldest changes. It is measured on renders of the style's
own random codes, so no data set is involved; the card records the
benchmarks' figures for the result.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from training import paths
from training.cards import write_model

HPARAMS = {
    "glance_decay": 0.0,  # p: style axis i moves at most (1 + i)^-p of axis 0's glance (0: order only)
    "decorrelation": 0.3,  # r: how far the faintest ink directions are amplified
    "calibration_faces": 64,  # random codes around which the Jacobians are measured
    "calibration_seed": 1,
    "pure": ["glasses", "beard"],  # switch on past a threshold: left out of the decorrelation
}


def _metrics_of(M: np.ndarray) -> dict:
    """Exact and glance faithfulness, and validity, of the chernoff style drawn with ``M``."""
    from training.calibrate import benchmark_figures
    from vec2face.style.chernoff import ChernoffStyle

    style = ChernoffStyle(display_matrix=M)
    out = benchmark_figures(style)
    codes = np.random.default_rng(2).uniform(-3, 3, size=(100_000, style.latent_dim))
    out["validity_rate_100k_uniform_codes"] = round(float(style.validity(codes).mean()), 5)
    return out


def train(out_dir: Path = paths.MODELS, data: Path | None = None, quick: bool = False, log=print) -> dict:
    """Measure, write ``chernoff.npz`` (the display matrix) and its card; returns the card."""
    from training.calibrate import display_calibration
    from vec2face.style.base import dominant_axes
    from vec2face.style.chernoff import FEATURES, ChernoffStyle

    hp = dict(HPARAMS)
    if quick:
        hp.update(calibration_faces=8)
    t0 = time.perf_counter()
    raw = ChernoffStyle(display_matrix=np.eye(len(FEATURES)))
    names = [f.name for f in FEATURES]
    M, salience, raw_salience, order = display_calibration(
        raw, hp["glance_decay"], hp["decorrelation"], hp["calibration_faces"], hp["calibration_seed"],
        pure=tuple(names.index(n) for n in hp["pure"]))
    dominant = dominant_axes(M)
    if sorted(dominant.tolist()) != list(range(len(FEATURES))):
        raise RuntimeError("two display axes are mostly the same feature; raise the decorrelation's r")
    names = [FEATURES[i].name for i in dominant]
    log("display axes, glance moved per unit step: " + " ".join(f"{n} {v:.0f}" for n, v in zip(names, salience)))
    metrics = _metrics_of(M)
    log(f"faithfulness {metrics['faithfulness']}, glance {metrics['glance']}, "
        f"validity {metrics['validity_rate_100k_uniform_codes']:.4%}")
    card = {
        "name": "chernoff",
        "description": "Display matrix of the Chernoff style: its codes' axes to its 24 hand-drawn features.",
        "model": "symmetric (Lowdin) decorrelation of the features on exact ink, axes ordered by glance salience",
        "features": [{"name": FEATURES[i].name, "doc": FEATURES[i].doc} for i in dominant],
        "style_axes": {"feature": names, "glance_per_unit_step": np.round(salience, 1).tolist(),
                       "raw_glance_per_unit_step": np.round(raw_salience, 1).tolist()},
        "training_command": "vec2face train chernoff",
        "hyperparameters": hp,
        "data": {
            "origin": ["none: the chernoff style's own renders of random codes (uniform in +-1, seeded), "
                       "rasterised by cairosvg at 64 px"],
            "licence": "not applicable (no data)",
        },
        "metrics": {
            **metrics,
            "validity_codes": "100,000 style codes uniform in the +-3 box (seed 2)",
        },
    }
    return write_model(out_dir, "chernoff", {"display_matrix": M.astype(np.float64)}, card, started=t0)
