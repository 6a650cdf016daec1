"""The categorical palette of cluster tints: 48 colours, distinct side by side.

Provenance: the first 58 entries of ``glasbey_category10`` from colorcet 3.2.1
(``pip install colorcet==3.2.1``; ``colorcet.glasbey_category10``, floats in
0..1 written here as hex), with the 10 entries of CIELAB chroma 20 or less
(greys and near-greys: indices 7, 15, 22, 34, 38, 39, 45, 52, 56, 57) left
out, because grey marks the strangers. Glasbey palettes are chosen so that
each colour is as far as possible (in CAM02-UCS) from all those before it; the
first ten are matplotlib's category10.

Licence: colorcet's colour maps are released under the Creative Commons
Attribution 4.0 International licence (CC-BY 4.0); this list is adapted
material of them. Copyright the colorcet authors (Peter Kovesi's and Glasbey
et al.'s methods; https://colorcet.holoviz.org).

colorcet is not a dependency: the list was generated once, in a throwaway
virtual environment, and ``tests/test_crowd.py`` checks the tints made from it
(distinct from one another, and dark ink readable on each).
"""

GLASBEY_CATEGORY10 = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22",
    "#17becf", "#3a0183", "#004301", "#0fffa9", "#5e0040", "#bcbcff", "#b80080", "#004e53",
    "#6b6500", "#7d0200", "#6126ff", "#ffff9a", "#8cb894", "#94fcff", "#028268", "#91ff00",
    "#8300a0", "#ad8944", "#5b3400", "#ffc0f3", "#ff6f76", "#798cff", "#dd00ff", "#00458a",
    "#ffbf60", "#ff018d", "#b75700", "#027000", "#cd88ff", "#1dd646", "#c0ecc4", "#a56089",
    "#6f8957", "#bd7d76", "#8b2945", "#00adff", "#8fd4ff", "#00d4b1", "#9300f3", "#8b9500",
]
STRANGER_GREY = "#999999"
TINT_OPACITY = 0.35  # a tint is this share of its colour over white paper
