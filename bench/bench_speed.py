"""Speed and size of vec2face beside its peers, measured in one run.

    python bench/bench_speed.py            # full run (10,000-face gallery)
    python bench/bench_speed.py --quick    # smaller, for a smoke test

Peers come from ``../shared/peers/run bench`` (the original vec2face 0.0.1a1
and ChernoffFace 0.1.4, in their own venv). Figures are printed as faces/s,
bytes per face, and ratios against each peer on the same task.

Tasks, as the peers define them:
  grid_svg           one SVG document holding every face
  one_svg_per_face   a standalone SVG document per face (ours: Vec2Face.draw)
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PEERS = ROOT.parent / "shared" / "peers" / "run"


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def measure_ours(n: int, dims: int, single: int, style: str) -> list[dict]:
    from vec2face import Vec2Face, vec2face

    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, dims))
    Vec2Face(style=style).fit(X[:50]).gallery(X[:50])  # warm: imports, caches
    holder = {}

    def grid():
        holder["svg"] = Vec2Face(style=style).fit(X).gallery(X).svg

    dt = best_of(grid, 3)
    rows = [{"impl": f"vec2face {style}", "task": "grid_svg", "n": n, "faces_per_s": n / dt,
             "bytes_per_face": len(holder["svg"].encode()) / n}]
    V = rng.normal(size=(single, dims))
    model = Vec2Face(style=style).fit(V)

    def one_each():
        holder["faces"] = model.draw(V)

    dt = best_of(one_each, 3)
    rows.append({"impl": f"vec2face {style}", "task": "one_svg_per_face", "n": single, "faces_per_s": single / dt,
                 "bytes_per_face": statistics.mean(len(f.svg.encode()) for f in holder["faces"])})

    def one_call():
        for v in V[:200]:
            vec2face(v, style=style)

    rows[-1]["single_call_ms"] = 1000 * best_of(one_call, 3) / 200
    return rows


def measure_import(repeat: int = 5) -> float:
    code = "import time; t = time.perf_counter(); import vec2face; print(time.perf_counter() - t)"
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    check=True).stdout) for _ in range(repeat))


def measure_peers(n: int, dims: int, single: int) -> list[dict]:
    if not PEERS.exists():
        print(f"peers not found at {PEERS}; ratios are skipped", file=sys.stderr)
        return []
    p = subprocess.run([str(PEERS), "bench", "--n", str(n), "--dims", str(dims), "--single", str(single)],
                       capture_output=True, text=True)
    if p.returncode != 0:
        print(f"peers failed:\n{p.stderr[-2000:]}", file=sys.stderr)
        return []
    rows = []
    for line in p.stdout.splitlines():
        if line.startswith("{"):
            r = json.loads(line)
            rows.append({"impl": r["peer"], "task": r["task"], "n": r["n"], "faces_per_s": r["faces_per_s"],
                         "bytes_per_face": r["bytes_per_face"]})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    ap.add_argument("--styles", nargs="+", default=["line", "chernoff"])
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--json", type=Path, help="also write the rows here")
    args = ap.parse_args()
    n, single, peer_n, peer_single = (500, 50, 40, 10) if args.quick else (10_000, 1000, 400, 100)
    dims = 64
    ours = [r for style in args.styles for r in measure_ours(n, dims, single, style)]
    imp = measure_import()
    peers = [] if args.no_peers else measure_peers(peer_n, 16, peer_single)

    print(f"vec2face speed and size ({dims}-d vectors; the peers draw 16-d)")
    print(f"{'implementation':<22} {'task':<18} {'n':>6} {'faces/s':>10} {'bytes/face':>11}  ours / peer")
    for r in ours + peers:
        ratio = ""
        if r in peers:
            mine = [o for o in ours if o["task"] == r["task"]]
            ratio = ", ".join(f"{o['impl'].split()[-1]} {o['faces_per_s'] / r['faces_per_s']:.0f}x faster, "
                              f"{r['bytes_per_face'] / o['bytes_per_face']:.1f}x smaller" for o in mine)
        print(f"{r['impl']:<22} {r['task']:<18} {r['n']:>6} {r['faces_per_s']:>10.0f} {r['bytes_per_face']:>11.0f}  {ratio}")
    for o in ours:
        if "single_call_ms" in o:
            print(f"single vec2face(v, style={o['impl'].split()[-1]!r}) call, warm: {o['single_call_ms']:.2f} ms")
    print(f"import vec2face: {imp * 1000:.0f} ms")
    if args.json:
        args.json.write_text(json.dumps({"ours": ours, "peers": peers, "import_s": imp}, indent=2))


if __name__ == "__main__":
    main()
