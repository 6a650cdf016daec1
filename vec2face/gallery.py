"""Regenerate every example in ``gallery/`` from bundled data.

    python -m vec2face.gallery               # writes ./gallery
    python -m vec2face.gallery --out DIR --small

Each example is written as SVG and as PNG (through cairosvg). ``--small`` uses
fewer rows, for the test suite.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from vec2face.face import SVGImage
from vec2face.model import Vec2Face, vec2face
from vec2face.render.grid import render_grid
from vec2face.style import RenderOptions, get_style, styles


def _save(img: SVGImage | str, out: Path, name: str, written: list[Path], png_width: int | None = None) -> None:
    from vec2face.face import Gallery

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
    return render_grid(st, codes, RenderOptions(), labels=labels, columns=9,
                       title=f"{style_name}: each feature at -3, 0, +3 sd")


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

    wine = load_wine(as_frame=True)
    per_class = 4 if small else 34
    rows = np.concatenate([np.flatnonzero(wine.target == k)[:per_class] for k in range(3)])[:100]
    names = [str(wine.target_names[t]) for t in wine.target]
    model = Vec2Face().fit(wine.data)
    g = model.gallery(wine.data.iloc[rows], labels=[names[i] for i in rows], columns=10, legend=True,
                      title=f"Wine: {len(rows)} rows as Chernoff faces, by cultivar")
    _save(g, out, "wine_chernoff", written)
    mono = Vec2Face(color=False).fit(wine.data)
    _save(mono.gallery(wine.data.iloc[rows[:: max(1, len(rows) // 20)]], columns=10, title="Line-art mode"),
          out, "wine_mono", written)

    digits = load_digits()
    order = np.argsort(digits.target[:300], kind="stable")[: 30 if small else 120]
    dm = Vec2Face().fit(digits.data)
    g = dm.gallery(digits.data[order], labels=[str(t) for t in digits.target[order]], columns=12,
                   title="Digits (8x8 images, 64-d) as Chernoff faces, sorted by digit")
    _save(g, out, "digits_chernoff", written)
    return written


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m vec2face.gallery", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("gallery"))
    ap.add_argument("--small", action="store_true", help="fewer rows (for tests)")
    args = ap.parse_args(argv)
    for path in build(args.out, small=args.small):
        print(path)


if __name__ == "__main__":
    main()
