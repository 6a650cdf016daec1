"""How far apart are a face's variations? The measurement behind ``DEFAULT_SPREAD``.

For each style, 24 random vectors (64 values, standard normal) are folded to
codes as ``vec2face()`` folds them; around each code, 4 variations are drawn
(``vec2face.assemble.variations.around``) at each spread. Every face is
rendered to 64 px through cairosvg and seen at a glance
(:func:`vec2face.assemble.evaluate.glance_16`: shifted up to +-3 px, blurred,
pooled to 16 x 16). The two faces of a pair are compared under the same
shift: with independent shifts, the shift alone puts a face about as far
from itself as from an unrelated face on these features (0.8 to 0.96 of it),
which says nothing about the faces. Reported, per style and spread:

* ``to original``: mean glance distance of a variation to its own original,
  as a fraction of the mean distance between two unrelated originals
  (different random vectors).
* ``matched``: the share of variations whose nearest original (of the 24) is
  their own: the variations are recognisably related.

    python bench/variations_spread.py
    python bench/variations_spread.py --styles line --spreads 0 0.5 1
"""

from __future__ import annotations

import argparse
import io

import numpy as np

from vec2face.adapters.fold import fold
from vec2face.assemble.evaluate import glance_16
from vec2face.assemble.model import draw_codes
from vec2face.assemble.variations import around
from vec2face.style import get_style, styles


def rasters(codes: np.ndarray, style: str, px: int = 64) -> np.ndarray:
    import cairosvg
    from PIL import Image

    out = np.empty((len(codes), px, px), dtype=np.uint8)
    for i, face in enumerate(draw_codes(codes, style, size=px)):
        png = cairosvg.svg2png(bytestring=face.svg.encode(), output_width=px, output_height=px,
                               background_color="white")
        out[i] = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    return out


def measure(style: str, spreads, n_base: int = 24, n_var: int = 4, seed: int = 0) -> list[dict]:
    st = get_style(style)
    V = np.random.default_rng(seed).standard_normal((n_base, 64))
    centres = fold(V, st.latent_dim)
    R0 = rasters(centres, style)
    owner = np.repeat(np.arange(n_base), n_var)
    m = len(owner)

    def seen(grey):  # every batch of m faces gets the same m shifts: pair i is compared under one shift
        return glance_16(grey, seed=seed)

    G_own = seen(R0[owner])
    other = (owner + 1 + np.arange(m) % (n_base - 1)) % n_base  # a different original for every slot
    unrelated = np.linalg.norm(G_own - seen(R0[other]), axis=1).mean()
    G_all = [seen(R0[np.full(m, j)]) for j in range(n_base)]
    rows = []
    for s in spreads:
        codes = np.vstack([around(c, n_var, s, seed=seed + 1 + b)[1:] for b, c in enumerate(centres)])
        G = seen(rasters(codes, style))
        D = np.stack([np.linalg.norm(G - Gj, axis=1) for Gj in G_all], axis=1)  # (variations, originals)
        own = D[np.arange(m), owner]
        rows.append({"style": style, "spread": s, "to_original": own.mean() / unrelated,
                     "matched": float((D.argmin(axis=1) == owner).mean()), "unrelated": unrelated})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--styles", nargs="*", default=None)
    ap.add_argument("--spreads", nargs="*", type=float, default=[0.0, 0.25, 0.5, 0.75, 1.0])
    args = ap.parse_args()
    print(f"{'style':<10}{'spread':>7}{'to original':>13}{'matched':>9}")
    for style in args.styles or sorted(styles()):
        for r in measure(style, args.spreads):
            print(f"{style:<10}{r['spread']:>7g}{r['to_original']:>13.2f}{r['matched']:>9.0%}", flush=True)


if __name__ == "__main__":
    main()
