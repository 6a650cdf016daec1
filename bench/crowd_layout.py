"""How well a crowd map's layout shows its clusters: regions first versus one global assignment.

    PYTHONPATH=. python bench/crowd_layout.py            # digits 600, digits 1,797, 20,000 noisy digits
    PYTHONPATH=. python bench/crowd_layout.py --sizes 600

The data: sklearn's digits (the first 600 rows of a fixed shuffle, then all
1,797), and 20,000 rows drawn from the digits with Gaussian noise (sigma 0.5
grey levels) added. Each goes through the stages of ``vec2face.crowd``: 50
principal components, k-means with k chosen by silhouette, the projection
(``auto``: t-SNE up to 5,000 points, PCA beyond), then the grid assignment,
``regions`` (the default) and ``global``.

Per layout it prints the seconds of projection and assignment, and:

* fragments: connected 4-neighbour pieces of a cluster's cells, per cluster (target <= 1.2);
* pockmarks: empty cells with >= 3 occupied 4-neighbours, per 100 faces (target <= 1);
* same: the share of 4-adjacent faces in one cluster (target >= 0.9);
* trust: trustworthiness of 5-nearest neighbourhoods, on a sample of 2,000 (target >= 0.9).

Exits 1 when the ``regions`` layout misses a target or 20,000 points take 20 s or more.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np


def data(n: int) -> np.ndarray:
    from sklearn.datasets import load_digits

    d = load_digits().data
    if n <= len(d):
        return d[np.random.default_rng(0).permutation(len(d))[:n]]
    rng = np.random.default_rng(0)
    return d[rng.integers(0, len(d), n)] + rng.normal(0.0, 0.5, (n, d.shape[1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[600, 1797, 20_000])
    ap.add_argument("--layout", default="auto")
    args = ap.parse_args()
    from vec2face.assemble.crowd import _trustworthiness
    from vec2face.layout.assign import assign_by_cluster, assign_to_grid, layout_quality
    from vec2face.layout.cluster import cluster
    from vec2face.layout.project import project, reduce

    ok = True
    print(f"{'n':>6} {'k':>3} {'assign':<8} {'project s':>9} {'assign s':>8} {'fragments':>9} {'pockmarks':>9} "
          f"{'same':>6} {'trust':>6}")
    for n in args.sizes:
        Z = reduce(data(n), 50, 0)
        c = cluster(Z, "kmeans", seed=0)
        t0 = time.perf_counter()
        xy, used = project(Z, args.layout, 0)
        t_project = time.perf_counter() - t0
        for name in ("regions", "global"):
            t0 = time.perf_counter()
            cells, _ = assign_by_cluster(xy, c.labels) if name == "regions" else assign_to_grid(xy)
            t_assign = time.perf_counter() - t0
            q = layout_quality(cells, c.labels)
            trust = _trustworthiness(Z, cells, 0)
            print(f"{n:>6} {c.k:>3} {name:<8} {t_project:>9.2f} {t_assign:>8.2f} {q['fragments']:>9.2f} "
                  f"{q['pockmarks']:>9.2f} {q['same']:>6.3f} {trust:>6.3f}  ({used})")
            if name == "regions":
                ok &= q["fragments"] <= 1.2 and q["pockmarks"] <= 1 and q["same"] >= 0.9 and trust >= 0.9
                ok &= n < 20_000 or t_project + t_assign < 20
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
