"""Pen-stroke formats and the sketchy rendering."""

import json

import numpy as np
import pytest
from conftest import SVG_NS, parse_svg, render_png
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from vec2face import InputError, Vec2Face, styles, vec2face
from vec2face.cli import app
from vec2face.io import strokes as S

stroke_st = st.lists(st.tuples(st.integers(0, 255), st.integers(0, 255)), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.lists(stroke_st, min_size=1, max_size=8))
def test_stroke3_and_stroke5_round_trip(raw):
    drawing = [np.array(s, dtype=float) for s in raw]
    for to, back in ((S.to_stroke3, S.from_stroke3), (S.to_stroke5, S.from_stroke5)):
        again = back(to(drawing))
        assert len(again) == len(drawing)
        assert all(np.allclose(a, b) for a, b in zip(drawing, again))
    s5 = S.to_stroke5(drawing)
    assert (s5[:, 2:].sum(axis=1) == 1).all() and s5[-1].tolist() == [0, 0, 0, 0, 1]


def test_ndjson_round_trip_and_errors(tmp_path):
    drawing = [np.array([[10, 50], [90, 50], [50, 90]], float), np.array([[40, 40]], float)]
    path = tmp_path / "d.ndjson"
    path.write_text(S.to_ndjson([drawing], [{"word": "face"}]))
    drawings, meta = S.read_ndjson(path)
    assert meta == [{"word": "face"}] and all(np.allclose(a, b) for a, b in zip(drawings[0], drawing))
    bad = tmp_path / "bad.ndjson"
    bad.write_text(json.dumps({"drawing": [[[1, 2], [3, 4]]]}) + "\n" + json.dumps({"drawing": [[[1, 2], [3]]]}) + "\n")
    with pytest.raises(InputError, match="line 2, stroke 1"):
        S.read_ndjson(bad)


def test_from_strokes_command_redraws(tmp_path):
    drawing = [np.array([[10, 50], [50, 10], [90, 50], [50, 90], [10, 50]], float),
               np.array([[35, 40], [40, 40]], float), np.array([[60, 40], [65, 40]], float),
               np.array([[35, 65], [50, 72], [65, 65]], float)]
    src = tmp_path / "face.ndjson"
    src.write_text(S.to_ndjson([drawing, drawing], [{"word": "face"}, {"word": "<b>"}]))
    out = tmp_path / "redrawn.svg"
    r = CliRunner().invoke(app, ["draw", "--from-strokes", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.output
    root = parse_svg(out.read_text())
    assert len(root.findall(f".//{SVG_NS}g[@class='v2f-face']")) == 2
    assert "<b>" in [t.text for t in root.iter(f"{SVG_NS}text")]
    assert (render_png(out.read_text(), width=200) < 128).mean() > 0.005
    for extra, named in ((["-s", "chernoff"], "--style"), (["--sketchy", "--mono"], "--sketchy"), (["1", "2"], "values")):
        other = tmp_path / "other.svg"
        r = CliRunner().invoke(app, ["draw", *extra, "--from-strokes", str(src), "-o", str(other)])
        assert r.exit_code == 2 and "does not take" in r.output and named in r.output, r.output
        assert not other.exists()


@pytest.mark.parametrize("style", sorted(styles()))
def test_sketchy_works_for_every_style_and_is_deterministic(style):
    a = vec2face([0.5, -1, 2], style=style, sketchy=True, seed=4).svg
    assert a == vec2face([0.5, -1, 2], style=style, sketchy=True, seed=4).svg
    assert a != vec2face([0.5, -1, 2], style=style, sketchy=True, seed=5).svg
    assert a != vec2face([0.5, -1, 2], style=style).svg
    clean = render_png(vec2face([0.5, -1, 2], style=style).svg, width=100)
    rough = render_png(a, width=100)
    assert (rough < 128).mean() >= (clean < 128).mean() * 0.9  # the same face, drawn twice over
    assert np.abs(rough - clean).mean() < 40  # ... and still the same face


def test_sketchy_gallery_and_plotter(tmp_path):
    X = np.random.default_rng(0).standard_normal((6, 4))
    svg = Vec2Face(sketchy=True).fit(X).gallery(X).svg
    parse_svg(svg)
    plot = Vec2Face(sketchy=True).fit(X).gallery(X, plotter=True).svg
    assert "inkscape:groupmode" in plot
