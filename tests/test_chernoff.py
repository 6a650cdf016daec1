"""The Chernoff style's display axes: shipped, one feature each, and bypassed by explicit mappings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.datasets import load_wine

from vec2face import Vec2Face, get_style
from vec2face.style.chernoff import FEATURES

ROOT = Path(__file__).parents[1]
CARD = json.loads((ROOT / "models" / "chernoff.json").read_text())


def test_each_display_axis_is_mostly_one_feature_and_named_after_it():
    st = get_style("chernoff")
    order = st.display_order
    assert sorted(order.tolist()) == list(range(len(FEATURES)))
    assert st.features == tuple(FEATURES[i] for i in order)
    assert [f["name"] for f in CARD["features"]] == st.feature_names
    M = np.abs(st.display_matrix)
    assert np.all(M[order, np.arange(len(order))] > 0.5 * M.sum(axis=0) / 2)  # the named feature leads its column
    assert CARD["metrics"]["validity_rate_100k_uniform_codes"] >= 0.999
    assert CARD["metrics"]["faithfulness"]["digits"] >= 0.95 and CARD["metrics"]["faithfulness"]["wine"] >= 0.95


def test_feature_codes_draw_exactly_those_feature_levels():
    st = get_style("chernoff")
    pure = np.random.default_rng(0).uniform(-2.5, 2.5, size=(50, st.latent_dim))
    levels = st.raw_codes(st.feature_codes(pure))  # FEATURES order
    assert np.allclose(levels[:, st.display_order], pure, atol=1e-9)


def test_an_explicit_mapping_moves_only_its_feature():
    X, _ = load_wine(return_X_y=True)
    model = Vec2Face(style="chernoff", features={"mouth_width": 0}).fit(X)
    geometry = model._style().decode(model.transform(X[:40]))
    moved = {}
    for part in geometry.parts:
        pts = np.concatenate([s.points.reshape(len(s.points), -1) for s in part.shapes], axis=1)
        moved[part.name] = float(np.ptp(pts, axis=0).max())
    assert moved["mouth"] > 1.0
    # the beard (in the hair part) keeps clear of the mouth, so it follows the mouth's width; nothing else moves
    assert all(v < 1e-6 for name, v in moved.items() if name not in ("mouth", "hair")), moved


@pytest.mark.slow
def test_calibration_reproduces_the_shipped_display_matrix(tmp_path):
    p = subprocess.run([sys.executable, "-m", "training", "chernoff", "--out", str(tmp_path)],
                       capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 0, p.stderr[-3000:]
    got, shipped = np.load(tmp_path / "chernoff.npz"), np.load(ROOT / "models" / "chernoff.npz")
    assert np.allclose(got["display_matrix"], shipped["display_matrix"], rtol=1e-9, atol=1e-12)
    card = json.loads((tmp_path / "chernoff.json").read_text())
    assert card["features"] == CARD["features"] and card["metrics"]["glance"] == CARD["metrics"]["glance"]


def _curve_samples(shape, m: int = 24) -> np.ndarray:
    """Points on the curve a shape draws (Bezier segments sampled), ``(n, k, 2)``."""
    from vec2face import geometry as G

    t = np.linspace(0.0, 1.0, m)[None, None, :, None]
    if shape.kind == "ellipse":
        a = np.linspace(0, 2 * np.pi, m)
        ang = np.zeros(len(shape.points)) if shape.angle is None else shape.angle
        u = shape.radii[:, None, 0:1] * np.cos(a)[None, :, None]
        v = shape.radii[:, None, 1:2] * np.sin(a)[None, :, None]
        c, s = np.cos(ang)[:, None, None], np.sin(ang)[:, None, None]
        return shape.points + np.concatenate([u * c - v * s, u * s + v * c], axis=2)
    if shape.kind == "smooth":
        p1, c1, c2, p2 = (x[:, :, None] for x in G.catmull_bezier(shape.points, shape.closed))
        pts = (1 - t) ** 3 * p1 + 3 * t * (1 - t) ** 2 * c1 + 3 * t**2 * (1 - t) * c2 + t**3 * p2
    elif shape.kind == "quad":
        p = shape.points
        segs = [(p[:, 0], p[:, 1], p[:, 2])] + ([(p[:, 2], p[:, 3], p[:, 0])] if shape.closed else [])
        pts = np.concatenate([((1 - t) ** 2 * a[:, None, None] + 2 * t * (1 - t) * b[:, None, None]
                               + t**2 * c[:, None, None]) for a, b, c in segs], axis=1)
    else:
        return shape.points
    return pts.reshape(len(shape.points), -1, 2)


def test_faces_fill_their_box_and_the_outer_parts_bound_every_curve():
    """Zoomed to fill the box (a typical face spans most of it), never past its
    margin, and the parts fit_zoom measures (OUTER_PARTS) bound every drawn curve."""
    from vec2face import geometry as G
    from vec2face.style.chernoff import BOX_MARGIN, OUTER_PARTS

    st = get_style("chernoff")
    rng = np.random.default_rng(4)
    for codes in (rng.uniform(-3, 3, size=(3000, st.latent_dim)), np.sign(rng.standard_normal((1000, st.latent_dim))) * 3):
        geo = st.decode(codes)
        lo, hi = G.extents(geo.parts, OUTER_PARTS)
        assert lo.min() >= BOX_MARGIN - 1e-9 and hi.max() <= 100 - BOX_MARGIN + 1e-9
        drawn = np.concatenate([_curve_samples(s) for p in geo.parts for s in p.shapes], axis=1)
        assert (drawn.min(axis=1) >= lo - 1e-6).all() and (drawn.max(axis=1) <= hi + 1e-6).all()
    lo, hi = G.extents(st.decode(rng.standard_normal((500, st.latent_dim))).parts, OUTER_PARTS)
    width, height = np.median(hi - lo, axis=0)  # units of 100: a typical face fills its box
    assert width > 75 and height > 85


def test_fit_zoom_is_continuous_and_never_leaves_the_box():
    from vec2face import geometry as G

    st = get_style("chernoff")
    code = np.random.default_rng(5).uniform(-3, 3, size=(1, st.latent_dim))
    steps = code + np.linspace(0, 1e-3, 5)[:, None]  # a tiny walk: the scale moves by tiny amounts
    k = G.fit_zoom(st.decode(steps), 5.0, (50.0, 51.0), 2.0)
    assert np.abs(np.diff(k)).max() < 1e-2
    big = G.zoomed(st.decode(steps), k, (50.0, 51.0))
    lo, hi = G.extents(big.parts)
    assert lo.min() >= 2.0 - 1e-9 and hi.max() <= 98.0 + 1e-9


def test_extents_of_turned_ellipses_are_their_boxes():
    """The chernoff eyes and lenses are turned ellipses: their box is exact, neither short nor loose."""
    from vec2face import geometry as G

    rng = np.random.default_rng(6)
    n = 200
    shape = G.ellipse(rng.uniform(30, 70, n), rng.uniform(30, 70, n), rng.uniform(1, 20, n), rng.uniform(1, 20, n),
                      rng.uniform(-np.pi, np.pi, n))
    lo, hi = G.extents([G.Part("eye", "eye", (shape,))])
    drawn = _curve_samples(shape, m=3601)
    assert np.allclose(drawn.min(axis=1), lo, atol=1e-3) and np.allclose(drawn.max(axis=1), hi, atol=1e-3)


def _inside_ellipses(px, py, shape, grow):
    """(n, m) points inside the ellipses of ``shape`` (one a face), their radii grown by ``grow``."""
    c = shape.points[:, 0]
    ang = shape.angle if shape.angle is not None else np.zeros(len(c))
    dx, dy = px - c[:, :1], py - c[:, 1:]
    cos, sin = np.cos(ang)[:, None], np.sin(ang)[:, None]
    u, v = dx * cos + dy * sin, -dx * sin + dy * cos
    return (u / (shape.radii[:, :1] + grow)) ** 2 + (v / (shape.radii[:, 1:] + grow)) ** 2 < 1


def test_the_nose_starts_below_the_eyes_and_lenses_never_inside_one():
    st = get_style("chernoff")
    uniform = np.random.default_rng(3).uniform(-3, 3, size=(4000, st.latent_dim))
    wine = Vec2Face("chernoff").fit(load_wine().data)
    for codes in (uniform, wine.transform(load_wine().data)):
        g = st.decode(codes)
        *lenses, _bridge, nose = g.part("glasses").shapes
        t = np.linspace(0, 1, 20)[None, :, None]
        line = (nose.points[:, :-1, None] * (1 - t) + nose.points[:, 1:, None] * t).reshape(len(codes), -1, 2)
        px, py = line[..., 0], line[..., 1]
        for eye in g.part("eye").shapes:
            assert not _inside_ellipses(px, py, eye, 1.0).any()
        for lens in lenses:
            shown = lens.visible if lens.visible is not None else np.ones(len(codes), bool)
            assert not (_inside_ellipses(px, py, lens, 1.0).any(axis=1) & shown).any()


def test_nose_mouth_brows_eyes_and_lenses_keep_paper_between_them():
    """On 2,000 random vectors: the nose's ink stays off the lips, and the brows' off the eyes and lenses.
    Before, the nose ran into the mouth on 8% of faces, the brows sat on the lenses on 46% of faces with
    glasses and on the eyes on 12%: one dark band at map size."""
    from vec2face.adapters.fold import fold
    from vec2face.render.faces import paint
    from vec2face.render.hidden import trace

    st = get_style("chernoff")
    g = st.decode(fold(np.random.default_rng(0).standard_normal((2000, 64)), st.latent_dim))
    pen = {p.name: 1.6 * g.pen * (paint(g, p).width) / 2 for p in g.parts}  # half pens, default line width

    def apart(a, b):  # ink to ink: the least distance between two traced curves less both half pens
        return np.sqrt(((trace(a)[:, :, None] - trace(b)[:, None]) ** 2).sum(-1)).min(axis=(1, 2))

    *lenses, _bridge, nose = g.part("glasses").shapes
    mouth = g.part("mouth").shapes[0]
    assert (apart(nose, mouth) - pen["glasses"] - pen["mouth"] > 0).mean() > 0.998  # 1 in 2,000: the shortest nose
    shown = lenses[0].visible
    assert shown.mean() > 0.3
    for brow, eye, lens in zip(g.part("brow").shapes, g.part("eye").shapes, lenses):
        assert (apart(brow, eye) - pen["brow"] - pen["eye"] > 0).mean() > 0.99
        assert (apart(brow, lens)[shown] - pen["brow"] - pen["glasses"] > 0).mean() > 0.97
