"""Faithfulness: can a viewer still tell the data apart from the faces alone?

For sklearn's digits (the first 600 rows of a fixed shuffle) and wine, every
row is drawn as a face, rendered to a 64x64 raster through cairosvg and
down-sampled to 32x32 ink. The score is the 5-nearest-neighbour accuracy on
that ink (stratified 5-fold cross-validation), divided by the same accuracy
on the standardised raw vectors. 1.0 means the faces separate the classes as
well as the numbers do.

    python bench/faithfulness.py                 # our styles and the peers
    python bench/faithfulness.py --no-peers --styles chernoff

The peers are rendered in the same run by ``../shared/peers/run render``.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PEERS = ROOT.parent / "shared" / "peers" / "run"
PEER_NAMES = ("vec2face-0.0.1a1", "ChernoffFace-0.1.4")


def datasets() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    from sklearn.datasets import load_digits, load_wine

    d = load_digits()
    order = np.random.default_rng(0).permutation(len(d.data))[:600]
    w = load_wine()
    return {"digits": (d.data[order], d.target[order]), "wine": (w.data, w.target)}


def knn_accuracy(F: np.ndarray, y: np.ndarray) -> float:
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.neighbors import KNeighborsClassifier

    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    return float(cross_val_score(KNeighborsClassifier(5), F, y, cv=cv).mean())


def ink_32(grey64: np.ndarray) -> np.ndarray:
    """(n, 64, 64) grey rasters (255 = paper) to (n, 1024) ink, 2x2 mean-pooled."""
    ink = 255.0 - grey64.astype(np.float64)
    return ink.reshape(len(ink), 32, 2, 32, 2).mean(axis=(2, 4)).reshape(len(ink), -1)


def render_ours(X: np.ndarray, style: str, px: int = 64) -> np.ndarray:
    import cairosvg
    from PIL import Image

    from vec2face import Vec2Face

    faces = Vec2Face(style=style).fit(X).draw(X, size=px)
    out = np.empty((len(faces), px, px), dtype=np.uint8)
    for i, f in enumerate(faces):
        png = cairosvg.svg2png(bytestring=f.svg.encode(), output_width=px, output_height=px, background_color="white")
        out[i] = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    return out


def render_peer(X: np.ndarray, peer: str, px: int = 64) -> np.ndarray | None:
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp, "x.npy"), Path(tmp, "r.npy")
        np.save(src, X)
        p = subprocess.run([str(PEERS), "render", "--input", str(src), "--out", str(dst), "--peer", peer,
                            "--px", str(px)], capture_output=True, text=True)
        if p.returncode != 0:
            print(f"{peer} failed: {p.stderr[-1000:]}", file=sys.stderr)
            return None
        return np.load(dst)


def main() -> None:
    from sklearn.preprocessing import StandardScaler

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--styles", nargs="*", default=None, help="our styles (default: all registered)")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--save-rasters", type=Path, help="folder for a PNG contact sheet per run")
    args = ap.parse_args()
    from vec2face import styles

    names = args.styles if args.styles is not None else sorted(styles())
    runs = [("vec2face (ours): " + s, lambda X, s=s: render_ours(X, s)) for s in names]
    if not args.no_peers and PEERS.exists():
        runs += [(p, lambda X, p=p: render_peer(X, p)) for p in PEER_NAMES]
    rows = []
    for dname, (X, y) in datasets().items():
        raw = knn_accuracy(StandardScaler().fit_transform(X), y)
        print(f"{dname}: 5-NN accuracy on standardised raw vectors {raw:.3f} (n={len(X)})")
        for label, render in runs:
            grey = render(X)
            if grey is None:
                continue
            acc = knn_accuracy(ink_32(grey), y)
            rows.append({"dataset": dname, "impl": label, "accuracy": acc, "raw_accuracy": raw, "ratio": acc / raw})
            print(f"  {label:<34} accuracy {acc:.3f}  ratio {acc / raw:.3f}")
            sys.stdout.flush()
    print()
    print(f"{'implementation':<34} " + " ".join(f"{d:>8}" for d in ("digits", "wine")))
    for label in dict.fromkeys(r["impl"] for r in rows):
        cells = {r["dataset"]: r["ratio"] for r in rows if r["impl"] == label}
        print(f"{label:<34} " + " ".join(f"{cells.get(d, float('nan')):>8.3f}" for d in ("digits", "wine")))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
