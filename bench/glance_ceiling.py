"""Glance ceiling: how high can a drawing of k principal axes score at a glance?

``bench/glance.py`` scores faces seen small and unaligned. This script asks how
much of that score a drawing can reach at all, by drawing the same codes the
faces get (standardised data, its first k principal axes, each scaled to unit
variance) in a way built to withstand the shift: as k grey rectangles in a
grid, each rectangle's grey carrying one axis (``128 + gain * code``, the code
clipped to +-3 sd and the grey to 0-255: at 60 levels a sd, +-2.1 sd). A barcode, not a face: large flat areas of tone are what a
3 px shift and a 1.5 px blur disturb least, so no face drawn from those k axes
should be expected to beat it by much. It prints, per dataset and k:

- ``codes``: 5-NN on the codes themselves (what any drawing of k axes can keep);
- ``48 px``: the rectangles filling the middle 48 px of the 64 px raster, about
  the area a face with its hair covers, at 40 and 60 grey levels a sd;
- ``64 px``: the rectangles filling the whole raster.

Every figure is a ratio to 5-NN on the standardised raw vectors, scored with
the glance view of ``bench/glance.py`` (shift seed 0). For digits it also
scores the digits drawn as their own 8x8 pictures, scaled to 48 and 64 px.

    python bench/glance_ceiling.py
"""

from __future__ import annotations

import argparse

import numpy as np

from vec2face.assemble.evaluate import datasets, glance_16, knn_accuracy, raw_accuracy

GRIDS = {4: (2, 2), 6: (2, 3), 8: (2, 4), 12: (3, 4)}  # rows x columns of rectangles for k axes
GAINS = (40, 60)  # grey levels a standard deviation
CLIP = 3.0  # sd


def unit_codes(X: np.ndarray, k: int) -> np.ndarray:
    """The first k principal axes of the standardised data, each with unit variance."""
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import StandardScaler

    pca = PCA(k, svd_solver="full").fit(Z := StandardScaler().fit_transform(X))
    return pca.transform(Z) / np.sqrt(pca.explained_variance_)


def tone_grid(C: np.ndarray, grid: tuple[int, int], span: int, gain: float, px: int = 64) -> np.ndarray:
    """(n, k) codes to (n, px, px) grey rasters: one rectangle of grey per axis, in a span-px square."""
    n, k = C.shape
    rows, cols = grid
    top = (px - span) // 2
    ys, xs = (np.round(np.linspace(top, top + span, m + 1)).astype(int) for m in (rows, cols))  # tiled, no gaps
    grey = np.full((n, px, px), 255.0)
    tones = 128.0 + gain * np.clip(C, -CLIP, CLIP)
    for j in range(k):
        r, c = divmod(j, cols)
        grey[:, ys[r] : ys[r + 1], xs[c] : xs[c + 1]] = tones[:, j, None, None]
    return grey.clip(0, 255).astype(np.uint8)


def digit_pictures(X: np.ndarray, span: int, px: int = 64) -> np.ndarray:
    """sklearn's 8x8 digits (ink 0-16) drawn as themselves, dark on paper, span px wide."""
    scale, top = span // 8, (px - span) // 2
    grey = np.full((len(X), px, px), 255.0)
    grey[:, top : top + span, top : top + span] = 255.0 - np.kron(X.reshape(-1, 8, 8), np.ones((scale, scale))) * 255 / 16
    return grey.astype(np.uint8)


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    views = [(span, gain) for span in (48, 64) for gain in GAINS]
    heads = [f"{span} px x{gain}" for span, gain in views]
    for name, (X, y) in datasets().items():
        raw = raw_accuracy(X, y)
        print(f"{name}: glance ratio of k principal axes drawn as tones (n={len(X)})")
        print(f"  {'k':>3}  {'codes':>6}  " + "  ".join(heads))
        for k, grid in GRIDS.items():
            if k > X.shape[1]:
                continue
            C = unit_codes(X, k)
            cells = [knn_accuracy(glance_16(tone_grid(C, grid, span, gain)), y) / raw for span, gain in views]
            print(f"  {k:>3}  {knn_accuracy(C, y) / raw:>6.3f}  "
                  + "  ".join(f"{c:>{len(h)}.3f}" for c, h in zip(cells, heads)))
        if X.shape[1] == 64:
            pics = "  ".join(f"{span} px {knn_accuracy(glance_16(digit_pictures(X, span)), y) / raw:.3f}" for span in (48, 64))
            print(f"  the digits drawn as their own pictures: {pics}")
        print()


if __name__ == "__main__":
    main()
