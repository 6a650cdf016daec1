"""Scale of ``vec2face.crowd``: 100,000 vectors of 384 dimensions, end to end.

    python bench/bench_crowd.py              # 100,000 x 384 (budget: 60 s, 3 GB)
    python bench/bench_crowd.py --n 5000     # smaller

The vectors are 20 Gaussian clusters (sklearn's make_blobs), the shape of
sentence embeddings grouped by topic. Prints the seconds of each stage
(adapter, clustering, faces, layout, svg), the total with saving, the SVG's
size and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--dims", type=int, default=384)
    ap.add_argument("--layout", default="pca")
    ap.add_argument("--cluster", default="kmeans")
    args = ap.parse_args()
    from sklearn.datasets import make_blobs

    X, y = make_blobs(n_samples=args.n, n_features=args.dims, centers=20, cluster_std=4.0, random_state=0)
    X = X.astype(np.float32)
    import vec2face

    t0 = time.perf_counter()
    m = vec2face.crowd(X, labels=[f"topic {t}" for t in y], cluster=args.cluster, layout=args.layout)
    with tempfile.TemporaryDirectory() as tmp:
        path = m.save(Path(tmp) / "crowd.svg")
        size = path.stat().st_size
    total = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux -> MiB
    print(f"crowd of {args.n:,} x {args.dims} ({args.cluster}, {m.layout_} layout)")
    for stage, seconds in m.timings_.items():
        print(f"  {stage:<11} {seconds:7.2f} s")
    print(f"  total with saving: {total:.1f} s (budget 60 s)")
    print(f"  SVG: {size / 1e6:.0f} MB, {size / args.n:.0f} bytes a face; peak memory {peak:.0f} MiB (budget 3,072)")
    print(f"  clusters {m.clusters_.k}, ARI {m.evaluation_['ari']:.3f}, trustworthiness {m.trustworthiness_:.3f}")
    sys.exit(0 if total < 60 and peak < 3072 else 1)


if __name__ == "__main__":
    main()
