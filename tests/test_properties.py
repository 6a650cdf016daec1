"""Property tests: any finite vector draws; nearby vectors give nearby faces."""

import numpy as np
from conftest import parse_svg, render_png
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from vec2face import get_style, vec2face
from vec2face.adapters import fold

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arrays(np.float64, st.integers(1, 5000), elements=finite))
def test_any_finite_vector_draws_and_renders(v):
    svg = vec2face(v).svg
    parse_svg(svg)
    img = render_png(svg, width=64)
    assert (img < 128).mean() > 0.01


@settings(max_examples=80, deadline=None)
@given(
    arrays(np.float64, st.integers(1, 3000), elements=st.floats(-5, 5, width=64)),
    st.floats(1e-4, 0.05),
    st.integers(0, 2**32 - 1),
)
def test_nearby_vectors_give_nearby_faces(v, eps, seed):
    """The fold never stretches distances, and geometry moves a bounded amount."""
    style = get_style("chernoff")
    k = style.latent_dim
    d = np.random.default_rng(seed).standard_normal(v.size)
    d *= eps / np.linalg.norm(d)
    a, b = fold(v[None], k), fold((v + d)[None], k)
    assert np.linalg.norm(a - b) <= eps * (1 + 1e-9) + 1e-12
    ga, gb = style.decode(a), style.decode(b)
    moved = max(float(np.max(np.abs(sa.points - sb.points)))
                for pa, pb in zip(ga.parts, gb.parts) for sa, sb in zip(pa.shapes, pb.shapes))
    assert moved <= 60 * eps + 1e-9  # face-box units per unit of input distance
