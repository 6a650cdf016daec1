"""The iBUG-68 -> clmtrackr-71 correspondence, and its check: fitting the clmtrackr
shape model to dlib landmarks through it.

The correspondence itself is :data:`vec2face.learned.landmarks.IBUG_FROM_CLM71`
(with ``IBUG_FROM_CLM71_CONFIDENCE``), which the runtime uses too.
"""

from __future__ import annotations

import numpy as np

from vec2face.learned.landmarks import IBUG_FROM_CLM71, IBUG_FROM_CLM71_CONFIDENCE

# iBUG index -> (clmtrackr index, confidence), for the mapped points only.
IBUG_TO_CLM: dict[int, tuple[int, int]] = {
    i: (int(c), int(q)) for i, (c, q) in enumerate(zip(IBUG_FROM_CLM71, IBUG_FROM_CLM71_CONFIDENCE)) if c >= 0
}


def mapping_arrays() -> tuple[np.ndarray, np.ndarray]:
    """Return the fixed iBUG-68 -> clmtrackr-71 correspondence as arrays.

    Returns:
        ``(index, confidence)``, both (68,): clmtrackr index or -1, and
        2 (same landmark) / 1 (nearest on same contour) / 0 (none).
    """
    return IBUG_FROM_CLM71.astype(np.int16), IBUG_FROM_CLM71_CONFIDENCE.astype(np.int8)


def similarity_align(src: np.ndarray, dst: np.ndarray) -> tuple[complex, np.ndarray, np.ndarray]:
    """Least-squares similarity transform taking ``src`` points onto ``dst``.

    Args:
        src: (n, 2) points.
        dst: (n, 2) corresponding points.

    Returns:
        ``(c, src_centre, dst_centre)``: a point ``p`` maps to
        ``dst_centre + c * (p - src_centre)`` in complex notation.
    """
    src_c, dst_c = src.mean(0), dst.mean(0)
    za = (src - src_c) @ np.array([1, 1j])
    zb = (dst - dst_c) @ np.array([1, 1j])
    return complex(np.vdot(za, zb) / np.vdot(za, za)), src_c, dst_c


def apply_similarity(points: np.ndarray, transform: tuple[complex, np.ndarray, np.ndarray]) -> np.ndarray:
    """Apply a transform from ``similarity_align`` to (n, 2) points.

    Args:
        points: (n, 2) points.
        transform: ``(c, src_centre, dst_centre)``.

    Returns:
        Transformed (n, 2) points.
    """
    c, src_c, dst_c = transform
    z = ((points - src_c) @ np.array([1, 1j])) * c
    return np.stack([z.real, z.imag], axis=1) + dst_c


def fit_clm_params(points68: np.ndarray, model: dict[str, np.ndarray], ibug: np.ndarray,
                   clm: np.ndarray, iterations: int = 15, ridge: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Fit clmtrackr shape parameters to a 68-point set through a correspondence.

    Alternates a similarity alignment of the dlib points into the model frame
    with a ridge solve for ``b`` (prior variance = eigenvalues), clipping ``b``
    to +-3 sd as clmtrackr does.

    Args:
        points68: (68, 2) landmarks.
        model: Arrays from ``shape_model_arrays``.
        ibug: iBUG indices used for the fit.
        clm: Matching clmtrackr indices.
        iterations: Alternation steps.
        ridge: Weight of the Gaussian prior.

    Returns:
        ``(b, aligned68)``: (20,) parameters and the 68 points in the model frame.
    """
    mean, vectors, values = model["mean_shape"], model["eigenvectors"], model["eigenvalues"]
    rows = np.concatenate([2 * clm, 2 * clm + 1])
    basis = vectors[rows]
    prior = ridge * np.diag(1.0 / values)
    b = np.zeros(len(values))
    for _ in range(iterations):
        shape = mean + (vectors @ b).reshape(-1, 2)
        aligned = apply_similarity(points68, similarity_align(points68[ibug], shape[clm]))
        target = np.concatenate([aligned[ibug, 0] - mean[clm, 0], aligned[ibug, 1] - mean[clm, 1]])
        b = np.linalg.solve(basis.T @ basis + prior, basis.T @ target)
        b = np.clip(b, -3 * np.sqrt(values), 3 * np.sqrt(values))
    return b, aligned


def mapping_check(points: np.ndarray, model: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Fit the clmtrackr model to every face and measure the correspondence.

    ``clm71_params`` are fitted through every mapped point. The check fits
    through the confidence-2 points only and reports, per iBUG point, the
    median distance (in inter-ocular units, iBUG 36-45) to its mapped
    clmtrackr point and the clmtrackr point most often nearest to it.

    Args:
        points: (m, 68, 2) landmarks.
        model: Arrays from ``shape_model_arrays``.

    Returns:
        ``clm71_params`` (m, 20), ``median_residual_iod`` (68,) (NaN where
        unmapped) and ``modal_nearest_clm`` (68,).
    """
    index, confidence = mapping_arrays()
    mapped, anchors = np.flatnonzero(index >= 0), np.flatnonzero(confidence == 2)
    params, residuals, nearest = [], [], []
    for pts in points.astype(np.float64):
        params.append(fit_clm_params(pts, model, mapped, index[mapped].astype(int))[0])
        b, aligned = fit_clm_params(pts, model, anchors, index[anchors].astype(int))
        shape = model["mean_shape"] + (model["eigenvectors"] @ b).reshape(-1, 2)
        dist = np.linalg.norm(aligned[:, None] - shape[None], axis=2)
        dist /= np.linalg.norm(aligned[36] - aligned[45])
        residuals.append(np.where(index >= 0, dist[np.arange(68), np.maximum(index, 0)], np.nan))
        nearest.append(dist.argmin(1))
    nearest_arr = np.array(nearest)
    modal = np.array([np.bincount(col, minlength=71).argmax() for col in nearest_arr.T])
    return {"clm71_params": np.array(params, dtype=np.float32),
            "median_residual_iod": np.array([np.median(col) if index[i] >= 0 else np.nan
                                             for i, col in enumerate(np.array(residuals).T)]),
            "modal_nearest_clm": modal}

