"""Reference SVGs: output is byte-stable; pytest --regen-refs rewrites them."""

import numpy as np

from vec2face import Vec2Face, vec2face


def test_single_face(reference_svg):
    reference_svg("face_123", vec2face([1, 2, 3]).svg)


def test_single_face_mono_long_vector(reference_svg):
    v = np.sin(np.arange(384) * 0.37)
    reference_svg("face_384_mono", vec2face(v, color=False, seed=7).svg)


def test_wine_gallery(reference_svg, wine):
    names = [wine.target_names[t] for t in wine.target]
    X = wine.data.iloc[::20]
    g = Vec2Face().fit(wine.data).gallery(X, labels=names[::20], columns=5, legend=True, title="Wine")
    reference_svg("wine_gallery", g.svg)
