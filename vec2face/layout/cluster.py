"""Clustering of codes, and how good a clustering is.

``cluster(Z, method)`` groups ``(n, k)`` vectors with scikit-learn:

* ``kmeans``: k chosen by the best silhouette over a range of k; the elbow
  (inertia) and silhouette curves are kept as data (and drawn by
  :func:`curves_svg`). Large inputs use MiniBatchKMeans and a sample for the
  silhouette.
* ``dbscan`` and ``hdbscan``: density clusters; their noise points are the
  *strangers*, label -1.
* ``agglomerative``: Ward linkage, k chosen by silhouette like kmeans.

``evaluate(true, found)`` compares with known labels: per-cluster majority
label, precision and recall, and ARI, NMI and the number of strangers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from vec2face.errors import InputError

METHODS = ("kmeans", "dbscan", "hdbscan", "agglomerative")
STRANGER = -1


@dataclass
class Clustering:
    """The result of :func:`cluster`.

    Attributes:
        labels: ``(n,)`` cluster of each point, -1 for strangers (noise).
        method: the algorithm.
        k: the number of clusters (strangers not counted).
        representatives: for each cluster, the index of its medoid (the member
            nearest its centre).
        centres: ``(k, d)`` mean of each cluster's members.
        curves: for kmeans and agglomerative, ``{"k": [...], "silhouette":
            [...], "inertia": [...]}`` over the k tried.
        names: a name per cluster (set by the caller: topic words, majority label).
    """

    labels: np.ndarray
    method: str
    k: int
    representatives: list[int]
    centres: np.ndarray
    curves: dict = field(default_factory=dict)
    names: list[str] = field(default_factory=list)

    @property
    def strangers(self) -> np.ndarray:
        return np.flatnonzero(self.labels == STRANGER)

    def sizes(self) -> list[int]:
        return [int((self.labels == c).sum()) for c in range(self.k)]


def _silhouette(Z, labels, rng) -> float:
    from sklearn.metrics import silhouette_score

    n = len(Z)
    sample = min(n, 2000)
    if len(set(labels.tolist())) < 2:
        return -1.0
    return float(silhouette_score(Z, labels, sample_size=sample if sample < n else None, random_state=rng))


def _kmeans(Z, k, seed):
    from sklearn.cluster import KMeans, MiniBatchKMeans

    if len(Z) > 20_000:
        return MiniBatchKMeans(k, random_state=seed, n_init=3, batch_size=4096).fit(Z)
    return KMeans(k, random_state=seed, n_init=4).fit(Z)


def _choose_k(Z, fit, k_range, seed):
    ks, sils, inertias, fits = [], [], [], []
    for k in k_range:
        m = fit(k)
        labels = m.labels_
        ks.append(int(k))
        sils.append(round(_silhouette(Z, labels, seed), 4))
        inertias.append(round(float(getattr(m, "inertia_", np.nan)), 4))
        fits.append(labels)
    best = int(np.argmax(sils))
    return fits[best], ks[best], {"k": ks, "silhouette": sils, "inertia": inertias}


def cluster(Z: np.ndarray, method: str = "kmeans", *, k: int | None = None, k_max: int = 20,
            seed: int = 0, min_cluster_size: int | None = None, eps: float | None = None) -> Clustering:
    """Cluster ``(n, d)`` vectors; see the module docstring for the methods."""
    Z = np.asarray(Z, dtype=np.float64)
    n = len(Z)
    if method not in METHODS:
        raise InputError(f"unknown clustering {method!r}; use one of {', '.join(METHODS)}")
    if n < 2:
        raise InputError(f"clustering needs at least 2 points, got {n}")
    if k is not None and not 1 <= k <= n:
        raise InputError(f"{n} points cannot make {k} clusters; choose k between 1 and {n}")
    if np.ptp(Z, axis=0).max() == 0:  # all points identical: one cluster, nothing to split
        return _finish(Z, np.zeros(n, dtype=int), method, {})
    curves = {}
    if method in ("kmeans", "agglomerative"):
        if method == "kmeans":
            fit = lambda kk: _kmeans(Z, kk, seed)  # noqa: E731
        else:
            from sklearn.cluster import AgglomerativeClustering

            if n > 15_000:
                raise InputError(f"agglomerative clustering of {n} points is too slow here; use kmeans or hdbscan")
            fit = lambda kk: AgglomerativeClustering(kk).fit(Z)  # noqa: E731
        if k is not None:
            labels = fit(k).labels_
        else:
            hi = max(2, min(k_max, n - 1))
            labels, _, curves = _choose_k(Z, fit, range(2, hi + 1), seed)
    elif method == "dbscan":
        from sklearn.cluster import DBSCAN

        mcs = min_cluster_size or max(5, min(50, n // 50))
        if eps is None:  # the knee of the k-distance curve: a high quantile of neighbour distances
            from sklearn.neighbors import NearestNeighbors

            sample = Z[np.random.default_rng(seed).permutation(n)[:5000]]
            dist, _ = NearestNeighbors(n_neighbors=min(mcs, len(sample) - 1) + 1).fit(sample).kneighbors(sample)
            eps = float(np.quantile(dist[:, -1], 0.5)) or 1e-9
        labels = DBSCAN(eps=eps, min_samples=mcs).fit(Z).labels_
    else:
        from sklearn.cluster import HDBSCAN

        mcs = min_cluster_size or max(5, min(100, n // 40))
        labels = HDBSCAN(min_cluster_size=mcs, min_samples=min(mcs, 5), copy=True).fit(Z).labels_
    return _finish(Z, np.asarray(labels), method, curves)


def _finish(Z, labels, method, curves) -> Clustering:
    ids = sorted(set(labels.tolist()) - {STRANGER})
    remap = {old: new for new, old in enumerate(ids)}
    labels = np.array([remap.get(v, STRANGER) for v in labels.tolist()], dtype=int)
    means, reps = [], []
    for c in range(len(ids)):
        members = np.flatnonzero(labels == c)
        centre = Z[members].mean(axis=0)
        means.append(centre)
        reps.append(int(members[np.argmin(((Z[members] - centre) ** 2).sum(axis=1))]))
    centres = np.array(means) if means else np.zeros((0, Z.shape[1]))
    return Clustering(labels, method, len(ids), reps, centres, curves)


def evaluate(true_labels, clustering: Clustering) -> dict:
    """Per-cluster precision and recall by majority label, ARI, NMI, strangers.

    Precision: the share of a cluster's members that carry its majority label;
    recall: the share of that label's points that the cluster holds.
    Strangers are left out of ARI and NMI (and counted apart).
    """
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    y = np.asarray([str(v) for v in true_labels])
    found = clustering.labels
    if len(y) != len(found):
        raise InputError(f"{len(y)} labels for {len(found)} points; give one label a point")
    rows = []
    for c in range(clustering.k):
        members = y[found == c]
        values, counts = np.unique(members, return_counts=True)
        major = values[np.argmax(counts)]
        rows.append({"cluster": c, "size": int(len(members)), "majority": str(major),
                     "precision": round(float(counts.max() / len(members)), 4),
                     "recall": round(float(counts.max() / (y == major).sum()), 4)})
    kept = found != STRANGER
    return {
        "clusters": rows,
        "ari": round(float(adjusted_rand_score(y[kept], found[kept])), 4) if kept.any() else 0.0,
        "nmi": round(float(normalized_mutual_info_score(y[kept], found[kept])), 4) if kept.any() else 0.0,
        "strangers": int((~kept).sum()),
        "n": int(len(y)),
    }


def format_evaluation(ev: dict, names: list[str] | None = None) -> str:
    """The evaluation as a plain-text table."""
    lines = [f"{'cluster':<24} {'size':>6} {'majority':<16} {'precision':>9} {'recall':>7}"]
    for r in ev["clusters"]:
        name = names[r["cluster"]] if names else str(r["cluster"])
        lines.append(f"{name[:24]:<24} {r['size']:>6} {r['majority'][:16]:<16} {r['precision']:>9.3f} {r['recall']:>7.3f}")
    lines.append(f"ARI {ev['ari']:.3f}  NMI {ev['nmi']:.3f}  strangers {ev['strangers']} of {ev['n']}")
    return "\n".join(lines)
