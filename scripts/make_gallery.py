"""Regenerate every example in ``gallery/`` from bundled data.

    python scripts/make_gallery.py               # writes ./gallery
    python scripts/make_gallery.py --out DIR --small

Each example is written as SVG and as PNG (through cairosvg). ``--small`` uses
fewer rows, for the test suite.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the training data readers live in the checkout's training/
    sys.path.insert(0, str(ROOT))

import numpy as np

from vec2face.adapters.fold import fold
from vec2face.assemble.faces import SVGImage
from vec2face.assemble.model import Vec2Face, variations, vec2face
from vec2face.assemble.variations import DEFAULT_SPREAD
from vec2face.errors import InputError
from vec2face.render.grid import render_grid
from vec2face.render.options import RenderOptions
from vec2face.style import get_style, styles


def _save(img: SVGImage | str, out: Path, name: str, written: list[Path], png_width: int | None = None) -> None:
    from vec2face.assemble.faces import Gallery

    if isinstance(img, str):
        img = Gallery(img, 0)
    written.append(img.save(out / f"{name}.svg"))
    written.append(img.save(out / f"{name}.png", width=png_width))


def feature_sheet(style_name: str) -> str:
    """Each named feature at -3, 0 and +3 standard deviations, the rest neutral."""
    st = get_style(style_name)
    k = st.latent_dim
    codes = np.zeros((3 * k, k))
    labels = []
    for j, f in enumerate(st.features):
        for i, value in enumerate((-3.0, 0.0, 3.0)):
            codes[3 * j + i, j] = value
            labels.append(f"{f.name} {value:+.0f}" if value else f.name)
    return render_grid(st.decode(codes), RenderOptions(), style_name=st.name, labels=labels, columns=9,
                       title=f"{style_name}: each feature at -3, 0, +3 sd")


def expression_sheet(style_name: str = "line", n_faces: int = 3, strength: float = 3.0) -> str:
    """Rows of faces, each neutral and then with every named expression."""
    st = get_style(style_name)
    base = np.random.default_rng(3).standard_normal((n_faces, st.latent_dim)) * 0.7
    codes, labels = [], []
    for row in base:
        codes.append(row)
        labels.append("neutral")
        for name in st.expressions:
            codes.append(st.with_expression(row[None], name, strength)[0])
            labels.append(name)
    return render_grid(st.decode(np.array(codes)), RenderOptions(), style_name=st.name, labels=labels,
                       columns=1 + len(st.expressions),
                       title=f"{style_name}: named expressions ({strength:g} sd), from clmtrackr's emotion classifiers")


RANDOM_PX = 48  # a face on the random sheets, in PNG pixels: the size of a face on a crowd map


def random_sheet(style_name: str, n: int = 100, seed: int = 0) -> str:
    """n random vectors (64 values, standard normal) drawn as ``vec2face()`` draws
    them, 10 a row, no captions: what the style's faces look like in a crowd."""
    st = get_style(style_name)
    V = np.random.default_rng(seed).standard_normal((n, 64))  # the same vectors in every style
    return render_grid(st.decode(fold(V, st.latent_dim)), RenderOptions(), style_name=st.name, columns=10,
                       desc=f"{n} random vectors of 64 values drawn as {style_name} faces by vec2face, "
                            f"shown at {RANDOM_PX} px a face.")


def variations_sheet(style_name: str = "line", n_vectors: int = 4, n: int = 8) -> str:
    """Rows of a random vector's face, then n variations around it (``vec2face.variations``)."""
    st = get_style(style_name)
    V = np.random.default_rng(11).standard_normal((n_vectors, 64))
    rows = [variations(v, n, style=style_name, seed=i) for i, v in enumerate(V)]
    labels = [lab for r in rows for lab in ["original"] + [f"variation {i}" for i in range(1, n + 1)]]
    return render_grid(st.decode(np.vstack([r.codes for r in rows])), RenderOptions(), style_name=st.name,
                       labels=labels, columns=n + 1,
                       title=f"{style_name}: {n_vectors} random vectors, each with {n} variations "
                             f"({DEFAULT_SPREAD:g} sd around its code)")


def landmark_sheet(n: int = 8, caricature: float = 1.8) -> str | None:
    """Held-out real faces: their dlib landmarks beside the face drawn from their code."""
    from vec2face import geometry as G
    from vec2face.adapters.learned import encode_landmarks
    from vec2face.learned import landmarks as L
    from vec2face.render.faces import drawn_parts, style_sheet
    from vec2face.render.svg import FACE, captions, document, face_groups

    try:
        import json

        from training.data import DATA_DIR

        meta = json.loads((DATA_DIR / "dlib68_landmarks.json").read_text())
        with np.load(DATA_DIR / "dlib68_landmarks.npz", allow_pickle=False) as z:
            points, source = z["points"].astype(float), z["source_id"]
    except (FileNotFoundError, ImportError):
        return None  # installed without the repo's data folder
    names = {s_["id"]: s_["name"] for s_ in meta["sources"]}
    held = [s_ for s_ in meta["split"]["held_out"]]
    picks = [int(np.flatnonzero([names[int(v)] == h for v in source])[0]) for h in held
             if any(names[int(v)] == h for v in source)][:n]
    pts = points[picks]
    st = get_style("line")
    # the landmarks, normalised into a face box, as thin polylines
    shown = L.normalise(pts) * 23.5 + np.array([50.0, 56.0])
    lines = G.FaceGeometry((G.Part("lm", "ink", tuple(G.polyline(shown[:, idx], closed)
                                                     for idx, closed in L.GROUPS.values())),))
    left = face_groups(drawn_parts(lines, RenderOptions()),
                       offsets=np.stack([np.zeros(len(pts)), np.arange(len(pts)) * 114.0 + 24], 1),
                       tails=captions([f"{names[int(source[i])][:18]}" for i in picks], FACE + 8))
    codes = encode_landmarks(pts, caricature=caricature)
    faces = st.decode(codes)
    right = face_groups(drawn_parts(faces, RenderOptions()), offsets=np.stack([np.full(len(pts), 100.0),
                        np.arange(len(pts)) * 114.0 + 24], 1), start=len(pts))
    css = style_sheet(faces, RenderOptions()) + ".v2f-lm{fill:none;stroke:#1f5fbf;stroke-width:0.9}" + \
        ".v2f-cap{font:9px sans-serif;text-anchor:middle;fill:#333;stroke:none}" + \
        ".v2f-title{font:bold 11px sans-serif;fill:#222;stroke:none}"
    body = (f'<text class="v2f-title" x="6" y="15">input | drawn (caricature {caricature:g})</text>'
            + "".join(left + right))
    return document(body, width=200, height=24 + 114 * len(pts), css=css, title="Real faces to codes to faces",
                    desc="Held-out real landmark sets (dlib, never trained on) beside the line face drawn from the code "
                         "that encode_landmarks gives them.")


def doodle_reconstruction_sheet(n: int = 16) -> str | None:
    """Held-out real doodles, what the decoder gives back for their codes (the
    outline's points joined, the other slots' point sets as dots) and the doodle
    face drawn from those points."""
    from vec2face.adapters.doodles import encode
    from vec2face.io import strokes as S
    from vec2face.render.drawings import path_data
    from vec2face.render.faces import drawn_parts, style_sheet
    from vec2face.render.svg import FACE, document, face_groups
    from vec2face.style.doodle import code_style

    path = Path(__file__).resolve().parents[1] / "data" / "doodles" / "quickdraw_faces.ndjson"
    if not path.exists():
        return None
    drawings, meta = S.read_ndjson(path)
    held = [d for d, m in zip(drawings, meta) if m.get("split") == "heldout"][:n]
    st = code_style()
    codes = encode(held)
    faces = st.decode(codes)
    decoded = face_groups(drawn_parts(faces, RenderOptions()), None, css_prefix="v2f-out")
    slots, presence = st.model.decode(codes, limit=False)
    body = ['<text class="v2f-h" x="8" y="18">Held-out doodles | decoded strokes | drawn face</text>']
    cols, w = 3, 3 * FACE + 24
    for i, (d, g) in enumerate(zip(held, decoded)):
        x, y = (i % cols) * w, 28 + (i // cols) * FACE
        placed = [s * 80 + 50 for s in S.normalise(d)]
        raw = [f'<path class="v2f-in" d="{path_data(placed)}"/>']
        pts = slots[i] * 80 + 50
        dec = [f'<path class="v2f-s0" d="{path_data([np.vstack([pts[0], pts[0][:1]])])}"/>']
        for k in range(1, pts.shape[0]):
            if presence[i, k] > 0.5:
                dec += [f'<circle class="v2f-s{k}" cx="{px:.1f}" cy="{py:.1f}" r="1.3"/>' for px, py in pts[k]]
        body.append(f'<g transform="translate({x:g} {y:g})">{"".join(raw)}</g>'
                    f'<g transform="translate({x + FACE:g} {y:g})">{"".join(dec)}</g>'
                    f'<g transform="translate({x + 2 * FACE:g} {y:g})">{g}</g>')
    colours = ("#444", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd")
    css = style_sheet(faces, RenderOptions()) + (".v2f-in{stroke:#1f5fbf;stroke-width:2;fill:none}"
                                     ".v2f-h{font:bold 13px sans-serif;fill:#222;stroke:none}"
                                     ".v2f-s0{stroke:#444;stroke-width:1.2;fill:none}"
                                     + "".join(f".v2f-s{k}{{fill:{c};stroke:none}}" for k, c in enumerate(colours) if k))
    rows = int(np.ceil(len(held) / cols))
    return document("".join(body), width=cols * w, height=28 + rows * FACE, css=css,
                    title="Doodle reconstructions",
                    desc="Held-out Quick, Draw! doodles, the strokes decoded from their codes (outline points joined; "
                         "eyes, mouth and extra stroke as point sets), and the doodle face drawn from them.")


def face_code_workflow_sheet(ks: tuple[int, ...] = (4, 5), small: bool = False) -> str | None:
    """The face-clustering workflow on real face codes: dlib's 128-d descriptors
    (data/faces/dlib68_landmarks.npz) of two people's video frames (franck,
    cap) and of one-off faces (labelled "stranger": each seen in one or two images),
    clustered by k-means at each k in ``ks``, the maps side by side, and under
    each its table: precision and recall per cluster, and which cluster each
    stranger fell into. None when the data are not in the checkout."""
    from html import escape

    from vec2face.assemble.crowd import crowd
    from vec2face.render.svg import document

    data = ROOT / "data" / "faces"
    if not (data / "dlib68_landmarks.npz").exists():
        return None
    meta = json.loads((data / "dlib68_landmarks.json").read_text())
    with np.load(data / "dlib68_landmarks.npz", allow_pickle=False) as z:
        codes, source = z["descriptors"], z["source_id"]
    group = {s["id"]: s["group"] for s in meta["sources"]}
    people = np.array([group[int(s)] for s in source])
    pick = np.arange(len(codes))
    if small:
        rng = np.random.default_rng(0)
        pick = np.sort(np.concatenate([rng.permutation(np.flatnonzero(people == p))[:40] for p in sorted(set(people))]))
    names, counts = np.unique(people[pick], return_counts=True)
    regulars = {str(n) for n, c in zip(names, counts) if c > 2}  # the people of the videos; the rest are strangers
    labels = np.array([p if p in regulars else "stranger" for p in people[pick].tolist()])
    panels, width, height = [], 0.0, 0.0
    for k in ks:
        m = crowd(codes[pick], labels=labels.tolist(), cluster="kmeans", k=k, layout="pca" if small else "tsne",
                  title=f"k = {k}: {len(pick)} faces' dlib descriptors (128-d)", seed=0)
        svg = m.svg.split("?>", 1)[1]
        w, h = (float(v) for v in svg.split('viewBox="', 1)[1].split('"', 1)[0].split(",")[2:])
        scale = 900.0 / w
        ev = m.evaluation_
        lines = [f"k = {k}: ARI {ev['ari']:.3f}, NMI {ev['nmi']:.3f}", "#  cluster (majority)   size  precision  recall"]
        for r in ev["clusters"]:
            lines.append(f"{r['number']:<2} {r['majority'][:18]:<18} {r['size']:>5}  {r['precision']:>9.3f}  {r['recall']:>6.3f}")
            fell = sorted({str(v) for v in people[pick][m.clusters_.labels == r["cluster"]]} - regulars)
            if fell:
                import textwrap

                lines += textwrap.wrap(f"strangers here: {', '.join(fell)}", 100, initial_indent="   ",
                                       subsequent_indent="     ")
        panel_h = h * scale
        body = [f'<g transform="translate({width:g} 0) scale({scale:.5f})">{svg}</g>']
        for i, line in enumerate(lines):
            body.append(f'<text xml:space="preserve" x="{width + 10:g}" y="{panel_h + 24 + 16 * i:g}" '
                        f'class="{"h" if i == 0 else "t"}">'
                        f"{escape(line, quote=False)}</text>")
        panels.append("".join(body))
        width += 900.0 + 30
        height = max(height, panel_h + 40 + 16 * len(lines))
    css = "text.h{font:bold 14px sans-serif;fill:#222}text.t{font:12px monospace;fill:#222;white-space:pre}"
    return document("".join(panels), width=width - 30, height=height, css=css,
                    title="Face codes clustered: k = " + " and ".join(map(str, ks)),
                    desc="Two crowd maps of dlib face descriptors, two people's video frames and one-off strangers, "
                         "clustered by k-means, with precision, recall and where the strangers fell.")


def build(out: Path, small: bool = False) -> list[Path]:
    """Write every example into ``out``; returns the files written."""
    from sklearn.datasets import load_digits, load_wine

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    rng = np.random.default_rng(0)

    for name in styles():
        V = rng.standard_normal((4, 64))
        for i, v in enumerate(V[: 2 if small else 4]):
            _save(vec2face(v, style=name, seed=0), out, f"{name}_face_{i}", written)
        _save(feature_sheet(name), out, f"{name}_features", written)
        _save(random_sheet(name, 30 if small else 100), out, f"random_{name}", written, png_width=10 * RANDOM_PX)

    wine = load_wine(as_frame=True)
    per_class = 4 if small else 34
    rows = np.concatenate([np.flatnonzero(wine.target == k)[:per_class] for k in range(3)])[:100]
    names = [str(wine.target_names[t]) for t in wine.target]
    model = Vec2Face(style="chernoff").fit(wine.data)
    g = model.gallery(wine.data.iloc[rows], labels=[names[i] for i in rows], columns=10, legend=True,
                      title=f"Wine: {len(rows)} rows as Chernoff faces, by cultivar")
    _save(g, out, "wine_chernoff", written)
    mono = Vec2Face(style="chernoff", color=False).fit(wine.data)
    _save(mono.gallery(wine.data.iloc[rows[:: max(1, len(rows) // 20)]], columns=10, title="Line-art mode"),
          out, "wine_mono", written)

    codes = rng.standard_normal((30 if small else 100, get_style("line").latent_dim))
    _save(render_grid(get_style("line").decode(codes), RenderOptions(), style_name="line", columns=10,
                      title=f"{len(codes)} random line-face codes (standard normal)"), out, "line_random", written)
    _save(expression_sheet(), out, "line_expressions", written)
    _save(variations_sheet(n_vectors=2 if small else 4), out, "line_variations", written)
    sheet = landmark_sheet(4 if small else 8)
    if sheet is not None:
        _save(sheet, out, "line_from_landmarks", written)
    g = Vec2Face(style="line").fit(wine.data).gallery(
        wine.data.iloc[rows], labels=[names[i] for i in rows], columns=10, legend=True,
        title=f"Wine: {len(rows)} rows as line faces, by cultivar")
    _save(g, out, "wine_line", written)
    g = Vec2Face(style="chernoff", mapping="learned").fit(wine.data).gallery(
        wine.data.iloc[rows], labels=[names[i] for i in rows], columns=10, legend=True,
        title="Wine as Chernoff faces, mapping learned on real faces")
    _save(g, out, "wine_chernoff_learned", written)

    from vec2face.assemble.crowd import crowd
    from vec2face.io.datasets import load_fortunes

    if "doodle" in styles():
        sheet = doodle_reconstruction_sheet(8 if small else 16)
        if sheet is not None:
            _save(sheet, out, "doodle_reconstructions", written)
            from vec2face.assemble.doodles import cluster_sheet
            from vec2face.io import strokes as S

            path = Path(__file__).resolve().parents[1] / "data" / "doodles" / "quickdraw_faces.ndjson"
            drawings, meta = S.read_ndjson(path)
            hand = json.loads((path.parent / "labels.json").read_text())["labels"]
            mouth = {True: "smile", False: "no smile", None: "?"}  # the hand labels: eye style, smiling
            held = [(d, f"{hand[str(m['index'])]['eyes']}, {mouth[hand[str(m['index'])]['smiling']]}")
                    for d, m in zip(drawings, meta) if m.get("split") == "heldout"]
            svg, _ = cluster_sheet([d for d, _ in held], [w for _, w in held], method="kmeans", k=3)
            _save(svg, out, "doodle_clusters", written)

    sheet = face_code_workflow_sheet(small=small)
    if sheet is not None:
        _save(sheet, out, "crowd_face_codes", written, png_width=1860)

    digits = load_digits()
    pick = np.random.default_rng(0).permutation(len(digits.data))[: 150 if small else 600]
    m = crowd(digits.data[pick], labels=[str(t) for t in digits.target[pick]], layout="tsne",
              title=f"Faces in a crowd: {len(pick)} handwritten digits, clustered by k-means")
    _save(m, out, "crowd_digits", written, png_width=1800)
    written.append(m.save(out / "crowd_digits.html"))
    m = crowd(digits.data[pick], labels=[str(t) for t in digits.target[pick]], layout="tsne", tints=False,
              title=f"The same {len(pick)} digits without tints: the faces alone show the clusters")
    _save(m, out, "crowd_digits_notints", written, png_width=1800)
    try:
        texts, labels = load_fortunes(per_topic=20 if small else 50)
    except InputError:
        texts = None  # Debian's fortunes are not installed here
    if texts:
        m = crowd(texts=texts, labels=labels, layout="tsne", n_topics=8,
                  title=f"Faces in a crowd: {len(texts)} fortunes, by topic words (TF-IDF + NMF)")
        _save(m, out, "crowd_fortunes", written, png_width=1800)
        written.append(m.save(out / "crowd_fortunes.html"))

    order = np.argsort(digits.target[:300], kind="stable")[: 30 if small else 120]
    X12 = wine.data.iloc[rows[:: max(1, len(rows) // 12)]]
    plot = Vec2Face(style="line").fit(wine.data).gallery(X12, columns=6, plotter=True,
                                                          title="Wine, for a pen plotter (one layer per face part)")
    written.append(plot.save(out / "wine_plotter.svg"))
    for style in ("chernoff", "line"):
        dm = Vec2Face(style=style).fit(digits.data)
        g = dm.gallery(digits.data[order], labels=[str(t) for t in digits.target[order]], columns=12,
                       title=f"Digits (8x8 images, 64-d) as {style} faces, sorted by digit")
        _save(g, out, f"digits_{style}", written)
    return written


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python scripts/make_gallery.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("gallery"))
    ap.add_argument("--small", action="store_true", help="fewer rows (for tests)")
    args = ap.parse_args(argv)
    for path in build(args.out, small=args.small):
        print(path)


if __name__ == "__main__":
    main()
