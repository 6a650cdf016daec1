"""Do clusters of doodle codes follow interior features, on all 200 doodles?

The doodle model's card measures this on its 58 held-out doodles (52 with a
smiling label, 39 with dot, line or ring eyes): too few for a steady answer.
Here every doodle is held out once: 5-fold cross-validation (stratified by
category and hand label, seeded), one model trained per fold with the shipped
hyperparameters (``training.doodle``, about 1.5 minutes a fold on 2
cores). Each doodle's code comes from the model that never saw it, nor its
hand labels (the label heads learn from the other folds' labels only). Codes of
different models live in different spaces, so each fold's held-out doodles
are clustered on their own and the scores are averaged over the folds.

Clusterings (k-means, k = 2, 3, 4, 6, 8, 10 seeds each) of

* ``codes``: the codes, as ``vec2face doodles cluster`` clusters them;
* ``decoded_interior``: the shapes of the eyes and mouth the codes decode to,
  each about its own centre (where they sit and the outline left out);
* ``size_only``: the outline's width and height (the baseline: what a decoder
  that learns only the outline would cluster by),

scored by class-balanced purity against the hand labels of
``data/doodles/labels.json`` (smiling; eyes as dots, lines or rings; and eyes
open, as rings, or closed, as dots and lines: :func:`training.doodle.hand_label`;
each class weighs the same; one cluster scores 1 / classes). Needs the ``[train]`` extra (torch).

    python bench/doodle_clusters.py [--folds 5] [--json out.json] [--save codes.npz] [--set label_weight=0]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "data" / "doodles" / "labels.json"


def folds(meta, labels, n_folds: int, seed: int = 0) -> list[set[int]]:
    """Global indices per fold, stratified by category and smiling label."""
    rng = np.random.default_rng(seed)
    out = [set() for _ in range(n_folds)]
    groups = {}
    for m in meta:
        groups.setdefault((m["word"], str(labels[str(m["index"])]["smiling"])), []).append(m["index"])
    start = 0
    for key in sorted(groups):
        for j, i in enumerate(rng.permutation(groups[key])):
            out[(start + j) % n_folds].add(int(i))
        start += len(groups[key])
    return out


def main(argv=None) -> None:
    from sklearn.cluster import KMeans
    from sklearn.preprocessing import StandardScaler

    if str(ROOT) not in sys.path:  # training/ lives in the checkout, beside bench/
        sys.path.insert(0, str(ROOT))
    from training import doodle as T
    from vec2face.learned.doodle_model import DoodleModel

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--save", type=Path, default=None, help="also save each fold's held-out rows and codes (.npz)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="train with this hyperparameter changed (a JSON value), e.g. label_weight=0")
    args = ap.parse_args(argv)
    overrides = {}
    for item in args.set:
        name, _, value = item.partition("=")
        if name not in T.HPARAMS:
            ap.error(f"--set {item}: no hyperparameter {name!r} (one of {', '.join(T.HPARAMS)})")
        overrides[name] = json.loads(value)

    labels = json.loads(LABELS.read_text())["labels"]
    real, meta, _ = T.load_real()
    size = T.outline_size(real)
    ks = (2, 3, 4, 6, 8)
    kinds = ("codes", "decoded_interior", "size_only")
    scores = {key: {name: [] for name in kinds} for key in T.MEASURED_LABELS}
    counts = {key: [] for key in T.MEASURED_LABELS}
    chamfer, saved = [], {}
    t0 = time.perf_counter()
    for f, held in enumerate(folds(meta, labels, args.folds)):
        with tempfile.TemporaryDirectory() as tmp:
            card = T.train(Path(tmp), heldout=held, log=lambda *_: None, **overrides)
            dm = DoodleModel(dict(np.load(Path(tmp) / "doodle.npz")))
        rows = np.array([i for i, m in enumerate(meta) if m["index"] in held])
        z = dm.encode([real[r] for r in rows])
        slots, _ = dm.decode(z, limit=False)
        inner = (slots[:, 1:4] - slots[:, 1:4].mean(axis=2, keepdims=True)).reshape(len(rows), -1)
        saved[f"fold{f}"] = np.column_stack([rows, z])
        chamfer.append(card["metrics"]["heldout_chamfer"])
        for key in T.MEASURED_LABELS:
            found = [T.hand_label(labels[str(meta[r]["index"])], key) for r in rows]
            keep = np.array([j for j, v in enumerate(found) if v is not None])
            truth = np.array([found[j] for j in keep])
            counts[key].append(len(keep))
            spaces = {"codes": z[keep], "decoded_interior": inner[keep],
                      "size_only": StandardScaler().fit_transform(size[rows[keep]])}
            for name in kinds:
                scores[key][name].append([np.mean([T.purity(KMeans(k, n_init=4, random_state=r).fit(spaces[name]).labels_,
                                                            truth, balanced=True) for r in range(10)]) for k in ks])
        print(f"fold {f + 1}/{args.folds}: {len(held)} held out, chamfer {card['metrics']['heldout_chamfer']} "
              f"({time.perf_counter() - t0:.0f} s)", flush=True)
        for key in T.MEASURED_LABELS:
            print(f"  {key}: " + "; ".join(f"{name} " + " ".join(f"{v:.3f}" for v in scores[key][name][-1])
                                         for name in kinds), flush=True)
    if args.save:
        np.savez(args.save, **saved)
    result = {"folds": args.folds, "hyperparameters": dict(T.HPARAMS, **overrides),
              "chamfer_mean": {k: round(float(np.mean([c[k] for c in chamfer])), 4) for k in chamfer[0]}}
    for key in T.MEASURED_LABELS:
        row = {"n_per_fold": counts[key]}
        print(f"\n{key} (labelled per fold: {counts[key]}), class-balanced purity, mean over folds (fold sd at k=2):")
        print(f"  {'':18s}" + "".join(f"{'k' + str(k):>7s}" for k in ks))
        for name in kinds:
            v = np.array(scores[key][name])
            row[name] = {f"k{k}": round(float(m), 3) for k, m in zip(ks, v.mean(axis=0))}
            print(f"  {name:18s}" + "".join(f"{m:7.3f}" for m in v.mean(axis=0)) + f"   (sd {v[:, 0].std():.3f})")
        result[key] = row
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
