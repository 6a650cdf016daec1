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
label, precision and recall (the strangers as a row of their own), and ARI
and NMI over the clustered points (and with the strangers as one more cluster).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from vec2face.errors import InputError
from vec2face.io.inputs import is_missing, label_text

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
            [...], "inertia": [...], "chosen": k}`` over the k tried.
        names: a name per cluster (set by the caller: topic words, majority label).
        params: the density parameters used (dbscan: eps, min_samples; hdbscan: min_cluster_size).
    """

    labels: np.ndarray
    method: str
    k: int
    representatives: list[int]
    centres: np.ndarray
    curves: dict = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    params: dict = field(default_factory=dict)

    @property
    def strangers(self) -> np.ndarray:
        return np.flatnonzero(self.labels == STRANGER)

    def sizes(self) -> list[int]:
        return [int((self.labels == c).sum()) for c in range(self.k)]


def _silhouette(Z, labels, rng) -> float:
    from sklearn.metrics import silhouette_score

    n = len(Z)
    sample = min(n, 2000)
    if not 2 <= len(set(labels.tolist())) <= n - 1:  # undefined for one cluster or a cluster a point
        return -1.0
    return float(silhouette_score(Z, labels, sample_size=sample if sample < n else None, random_state=rng))


def _kmeans(Z, k, seed):
    import warnings

    from sklearn.cluster import KMeans, MiniBatchKMeans
    from sklearn.exceptions import ConvergenceWarning

    # Repeated points leave fewer distinct clusters than k: scikit-learn warns, the silhouette of such a k is
    # low and another k is chosen, so the warning would only be noise on the user's terminal.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
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


KNEE_MIN = 0.2  # how far below its chord a k-distance curve must bend to have a knee


def kdistances(Z: np.ndarray, min_samples: int, seed: int = 0) -> np.ndarray:
    """Sorted distances of (a sample of 5,000) points to their ``min_samples``-th neighbour."""
    from sklearn.neighbors import NearestNeighbors

    sample = Z[np.random.default_rng(seed).permutation(len(Z))[:5000]]
    kk = min(min_samples, len(sample) - 1)
    dist, _ = NearestNeighbors(n_neighbors=kk + 1).fit(sample).kneighbors(sample)
    return np.sort(dist[:, -1])


def kdistance_knee(Z: np.ndarray, min_samples: int, seed: int = 0) -> tuple[float, str]:
    """DBSCAN's radius from the knee of the k-distance curve, and how it was found.

    Every point's distance to its ``min_samples``-th neighbour (on a sample of
    5,000), sorted: the knee is the point of the curve farthest below the
    straight line between its ends (both axes scaled to 0..1), where the
    distances start to climb and the points beyond are noise. A curve that
    stays within ``KNEE_MIN`` of its chord has no knee (the data have no
    density gap, as with sklearn's digits): then the lower quartile of the
    distances is used, which keeps the dense cores apart. :func:`cluster`
    also falls back to the lower quartile when the knee makes one cluster.
    """
    d = kdistances(Z, min_samples, seed)
    if d[-1] <= d[0]:
        return float(d[-1]) or 1e-9, "all distances equal"
    x = np.linspace(0.0, 1.0, len(d))
    bend = x - (d - d[0]) / (d[-1] - d[0])
    knee = int(np.argmax(bend))
    if bend[knee] >= KNEE_MIN:
        return float(d[knee]) or 1e-9, "k-distance knee"
    return float(np.quantile(d, 0.25)) or 1e-9, "no k-distance knee: lower quartile"


def k_range_around(k: int, n: int, spread: int = 3) -> range:
    """The k tried around a fixed k for the curves: k - 3 .. k + 3, at least 2, at most n - 1."""
    lo = max(2, k - spread)
    return range(lo, max(lo, min(n - 1, k + spread)) + 1)


def check_params(method: str, *, k: int | None = None, eps: float | None = None,
                 min_samples: int | None = None) -> None:
    """Refuse an unknown method, and parameters it does not take, before any work (the command line calls it
    before reading its input, :func:`cluster` before clustering)."""
    if method not in METHODS:
        raise InputError(f"unknown clustering {method!r}; use one of {', '.join(METHODS)}")
    if k is not None and method in ("dbscan", "hdbscan"):
        raise InputError(f"{method} finds the number of clusters itself: leave out k (or use kmeans or agglomerative)")
    if (eps is not None or min_samples is not None) and method != "dbscan":
        raise InputError(f"eps and min_samples are dbscan's; {method} does not take them")


def cluster(Z: np.ndarray, method: str = "kmeans", *, k: int | None = None, k_max: int = 20,
            seed: int = 0, min_cluster_size: int | None = None, eps: float | None = None,
            min_samples: int | None = None, curves: bool = False) -> Clustering:
    """Cluster ``(n, d)`` vectors; see the module docstring for the methods.

    ``k`` applies to kmeans and agglomerative only (an InputError otherwise).
    ``curves=True`` with a fixed k also computes the silhouette and elbow
    curves over k - 3 .. k + 3 (without k they are always computed, as k is
    chosen from them). ``eps`` and ``min_samples`` are DBSCAN's (default:
    ``min_samples`` n / 50 within 5..50, ``eps`` from the k-distance curve,
    :func:`kdistance_knee`); ``min_cluster_size`` is HDBSCAN's.
    """
    Z = np.asarray(Z, dtype=np.float64)
    n = len(Z)
    check_params(method, k=k, eps=eps, min_samples=min_samples)
    if eps is not None and not eps > 0:
        raise InputError(f"eps must be above 0, got {eps}")
    if min_samples is not None and min_samples < 1:
        raise InputError(f"min_samples must be at least 1, got {min_samples}")
    if n < 2:
        raise InputError(f"clustering needs at least 2 points, got {n}")
    if k is not None and not 1 <= k <= n:
        raise InputError(f"{n} points cannot make {k} clusters; choose k between 1 and {n}")
    if np.ptp(Z, axis=0).max() == 0:  # all points identical: one cluster, nothing to split
        return _finish(Z, np.zeros(n, dtype=int), method, {})
    found_curves: dict = {}
    params: dict = {}
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
            if curves and n > 2:
                _, _, found_curves = _choose_k(Z, fit, k_range_around(k, n), seed)
                found_curves["chosen"] = int(k)
        else:
            hi = max(2, min(k_max, n - 1))
            labels, chosen, found_curves = _choose_k(Z, fit, range(2, hi + 1), seed)
            found_curves["chosen"] = chosen
    elif method == "dbscan":
        from sklearn.cluster import DBSCAN

        ms = min_samples or min_cluster_size or max(5, min(50, n // 50))
        how = "given"
        if eps is None:
            eps, how = kdistance_knee(Z, ms, seed)
        labels = DBSCAN(eps=eps, min_samples=ms).fit(Z).labels_
        if how == "k-distance knee" and labels.max() < 1:  # one cluster says nothing: take the dense cores
            eps = float(np.quantile(kdistances(Z, ms, seed), 0.25)) or 1e-9
            how = "k-distance knee made one cluster: lower quartile"
            labels = DBSCAN(eps=eps, min_samples=ms).fit(Z).labels_
        params = {"eps": round(float(eps), 6), "min_samples": int(ms), "eps_from": how}
    else:
        from sklearn.cluster import HDBSCAN

        mcs = min_cluster_size or max(5, min(100, n // 40))
        params = {"min_cluster_size": int(mcs)}
        # min_samples may not pass n: with fewer points than a cluster needs, every point is a stranger
        labels = HDBSCAN(min_cluster_size=mcs, min_samples=min(mcs, 5, n), copy=True).fit(Z).labels_
    c = _finish(Z, np.asarray(labels), method, found_curves)
    c.params = params
    return c


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


def _classes(labels: list) -> tuple[np.ndarray, list[str]]:
    """Each label's class number, and each class's name. Labels are one class when
    Python finds them equal (1 and 1.0), and apart when it does not (1 and "1");
    a missing label (None, NaN, pandas' NA, blank text) is in no class: -1."""
    index: dict = {}
    try:
        ids = [-1 if is_missing(v) else index.setdefault(v, len(index)) for v in labels]
    except TypeError:  # unhashable labels (lists...): compared by their text (a missing one stays missing)
        return _classes([label_text(v) for v in labels])
    names = [str(v) for v in index]
    if len(set(names)) < len(names):  # 1 and "1" both read "1": say which is which
        names = [repr(v.item() if isinstance(v, np.generic) else v) for v in index]
    return np.asarray(ids, dtype=int), names


def _majority(members: np.ndarray) -> tuple[int, int]:
    """The most common class among ``members`` (class numbers) and its count; a tie goes to the class
    that comes first in the data (the lowest number), wherever the majority is named."""
    counts = np.bincount(members)
    return int(np.argmax(counts)), int(counts.max())


def majority_names(true_labels, clustering: Clustering) -> list[tuple[str, float]]:
    """Each cluster's majority label and the share of its members that carry it, as :func:`evaluate`
    counts them (the same tie-break): the names a map gives clusters of labelled points."""
    y, names = _classes(list(true_labels))
    out = []
    for c in range(clustering.k):
        members = y[clustering.labels == c]
        members = members[members >= 0]  # those with a label
        if not len(members):
            out.append(("", 0.0))
            continue
        major, count = _majority(members)
        out.append((names[major], count / len(members)))
    return out


def evaluate(true_labels, clustering: Clustering) -> dict:
    """Per-cluster precision and recall by majority label, the strangers apart, ARI and NMI.

    Each row of ``clusters`` has the cluster's ``number`` (1-based, as on the
    map and in the table), ``cluster`` (its 0-based label), size, majority
    label, precision (the share of its labelled members that carry that label) and
    recall (the share of that label's points it holds). Points whose label is
    missing (None, NaN, pandas' NA, blank) are left out of every score; ``unlabelled``
    counts them. ``strangers_row`` is
    the same for the strangers (noise), or None when there are none: its
    recall is the share of its majority label's points left as strangers.
    ``ari`` and ``nmi`` compare the *clustered* points only (strangers left
    out); ``ari_all`` and ``nmi_all`` count the strangers as one more cluster.
    """
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    y, names = _classes(list(true_labels))
    found = clustering.labels
    if len(y) != len(found):
        raise InputError(f"{len(y)} labels for {len(found)} points; give one label a point")

    def row(members):
        labelled = members[members >= 0]
        if not len(labelled):
            return {"size": int(len(members)), "majority": "", "precision": 0.0, "recall": 0.0}
        major, count = _majority(labelled)
        return {"size": int(len(members)), "majority": names[major],
                "precision": round(float(count / len(labelled)), 4),
                "recall": round(float(count / (y == major).sum()), 4)}

    rows = [{"number": c + 1, "cluster": c, **row(y[found == c])} for c in range(clustering.k)]
    kept, known = found != STRANGER, y >= 0
    strangers_row = {"number": None, "cluster": STRANGER, **row(y[~kept])} if (~kept).any() else None
    score = lambda f, a, b: round(float(f(a, b)), 4) if len(a) else 0.0  # noqa: E731
    scored = kept & known
    return {
        "clusters": rows,
        "strangers_row": strangers_row,
        "ari": score(adjusted_rand_score, y[scored], found[scored]),
        "nmi": score(normalized_mutual_info_score, y[scored], found[scored]),
        "ari_all": score(adjusted_rand_score, y[known], found[known]),
        "nmi_all": score(normalized_mutual_info_score, y[known], found[known]),
        "clustered": int(kept.sum()),
        "strangers": int((~kept).sum()),
        "n": int(len(y)),
        "unlabelled": int((~known).sum()),
        "scored": int(scored.sum()),
    }


def _cell(text: object, width: int) -> str:
    """Text for one cell of a plain-text table: on one line (a newline or tab shown as ``\\n``, ``\\t``), cut
    to ``width`` with an ellipsis, and padded to it. A name's share, "(98%)", is kept whole at its end."""
    flat = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))
    if len(flat) > width:
        head, share = flat, ""
        if flat.endswith("%)") and " (" in flat:
            head, _, share = flat.rpartition(" (")
            share = " (" + share
        flat = head[: max(width - len(share) - 1, 0)] + "\u2026" + share
    return f"{flat[:width]:<{width}}"


def format_evaluation(ev: dict, names: list[str] | None = None) -> str:
    """The evaluation as a plain-text table: clusters numbered from 1 as on the map, strangers last."""
    lines = [f"{'#':>3} {'cluster':<24} {'size':>6} {'majority':<16} {'precision':>9} {'recall':>7}"]
    rows = list(ev["clusters"]) + ([ev["strangers_row"]] if ev.get("strangers_row") else [])
    for r in rows:
        if r["number"] is None:
            num, name = "-", "strangers (noise)"
        else:
            num, name = str(r["number"]), names[r["cluster"]] if names else f"cluster {r['number']}"
        lines.append(f"{num:>3} {_cell(name, 24)} {r['size']:>6} {_cell(r['majority'], 16)} "
                     f"{r['precision']:>9.3f} {r['recall']:>7.3f}")
    scored, unlabelled = ev.get("scored", ev["clustered"]), ev.get("unlabelled", 0)
    labelled = " with a label" if unlabelled else ""
    if not scored:
        lines.append("no clustered point has a label: nothing to score")
    elif ev["strangers"]:
        lines.append(f"ARI {ev['ari']:.3f}  NMI {ev['nmi']:.3f} over the {scored} clustered points{labelled} "
                     f"({ev['strangers']} strangers of {ev['n']} left out); with the strangers as one more "
                     f"cluster: ARI {ev['ari_all']:.3f}  NMI {ev['nmi_all']:.3f}")
    else:
        where = f"all {ev['n']} points" if scored == ev["n"] else f"the {scored} points{labelled}"
        lines.append(f"ARI {ev['ari']:.3f}  NMI {ev['nmi']:.3f} over {where}, no strangers")
    if unlabelled:
        lines.append(f"{unlabelled} of the {ev['n']} points {'has' if unlabelled == 1 else 'have'} no label: "
                     "left out of every score")
    return "\n".join(lines)
