"""Variations around a face: vec2face.variations, Vec2Face.variations and the CLI command."""

import inspect

import numpy as np
import pytest
from conftest import SVG_NS, parse_svg, render_png
from typer.testing import CliRunner

import vec2face
from vec2face import InputError, Vec2Face, styles, variations
from vec2face.assemble.variations import DEFAULT_SPREAD, around
from vec2face.cli import app
from vec2face.errors import NotFittedError

V = [0.3, -1.2, 2.0]
LONG = np.random.default_rng(5).standard_normal(384)


def faces_of(svg: str) -> list:
    """Each face's drawing: the (class, style, d) of its paths, in order."""
    root = parse_svg(svg)
    return [[(p.get("class"), p.get("style"), p.get("d")) for p in g.iter(f"{SVG_NS}path")]
            for g in root.iter(f"{SVG_NS}g") if g.get("class") == "v2f-face"]


@pytest.mark.parametrize("style", sorted(styles()))
@pytest.mark.parametrize("vector", [V, LONG], ids=["3 values", "384 values"])
def test_the_first_face_is_the_vectors_own(style, vector):
    row = variations(vector, style=style)
    face = vec2face.vec2face(vector, style=style)
    np.testing.assert_array_equal(row.codes[0], face.code)
    drawn = faces_of(row.svg)
    assert drawn[0] == faces_of(face.svg)[0]
    assert all(d != drawn[0] for d in drawn[1:])  # the default spread changes every face


def test_a_row_of_captioned_faces():
    row = variations(V, n=5, spread=0.7, title="Five near <one>")
    root = parse_svg(row.svg)
    groups = [g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "v2f-face"]
    assert row.n_faces == len(groups) == 6 and row.codes.shape == (6, vec2face.get_style("line").latent_dim)
    assert len({g.get("transform").split()[1] for g in groups}) == 1  # one row
    caps = [t.text for t in root.iter(f"{SVG_NS}text") if t.get("class") == "v2f-cap"]
    assert caps == ["original"] + [f"variation {i}" for i in range(1, 6)]
    assert root.find(f"{SVG_NS}title").text == "Five near <one>"
    assert [it["l"] for it in row._items()] == caps
    img = render_png(row.svg, width=600)  # every cell has a face in it
    body = img[int(img.shape[0] * 0.2):]
    cells = np.array_split(body, 6, axis=1)
    assert all((c < 128).mean() > 0.02 for c in cells)


def test_deterministic_given_the_seed():
    a, b = variations(LONG, seed=3), variations(LONG, seed=3)
    assert a.svg == b.svg
    c = variations(LONG, seed=4)
    np.testing.assert_array_equal(a.codes[0], c.codes[0])  # the seed moves the variations, not the face
    assert not np.allclose(a.codes[1:], c.codes[1:])


def test_spread_zero_draws_the_same_face_n_times():
    row = variations(LONG, n=4, spread=0, style="chernoff")
    assert np.all(row.codes == row.codes[0])
    drawn = faces_of(row.svg)
    assert len(drawn) == 5 and all(d == drawn[0] for d in drawn)


def test_offsets_have_the_spread_asked_for():
    code = np.linspace(-1, 1, 20)
    codes = around(code, 1000, 0.3, seed=0)
    offsets = codes[1:] - code
    assert abs(offsets.std() - 0.3) < 0.01 and abs(offsets.mean()) < 0.01


@pytest.mark.parametrize("kwargs, message", [
    ({"n": 0}, "number of variations"), ({"n": 2.5}, "number of variations"), ({"n": True}, "number of variations"),
    ({"spread": -0.1}, "spread"), ({"spread": float("nan")}, "spread"), ({"spread": "wide"}, "spread"),
])
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(InputError, match=message):
        variations(V, **kwargs)


def test_fitted_model_variations(wine):
    X = wine.data
    model = Vec2Face(style="chernoff", expression=None).fit(X)
    row = model.variations(X.iloc[7], n=3, seed=1)
    np.testing.assert_array_equal(row.codes[0], model.transform(X.iloc[[7]])[0])
    assert faces_of(row.svg)[0] == faces_of(model.gallery(X.iloc[[7]]).svg)[0]
    assert row.n_faces == 4 and row.svg == model.variations(X.iloc[7], n=3, seed=1).svg
    with pytest.raises(InputError, match="one row"):
        model.variations(X.iloc[:2])
    with pytest.raises(NotFittedError):
        Vec2Face().variations(X.iloc[0])


runner = CliRunner()


def test_cli_writes_the_row(tmp_path):
    out = tmp_path / "v.svg"
    r = runner.invoke(app, ["variations", "0.3", "-1.2", "2.0", "-n", "4", "--spread", "0.7", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "4 variations" in r.output
    assert len(faces_of(out.read_text())) == 5
    assert out.read_text() == variations(V, n=4, spread=0.7).svg
    png = tmp_path / "v.png"
    assert runner.invoke(app, ["variations", "1", "2", "-o", str(png), "-s", "doodle"]).exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG")


def test_cli_default_spread_is_the_librarys():
    from vec2face.cli.draw import variations as command

    default = inspect.signature(command).parameters["spread"].default
    assert default == DEFAULT_SPREAD == inspect.signature(variations).parameters["spread"].default


@pytest.mark.parametrize("args, message", [
    (["0.3", "abc"], "value 2 ('abc') is not a number"),
    ([], "give the vector's values"),
    (["1", "-n", "0"], "'-n'"),  # the range names the option
    (["1", "--spread", "-1"], "spread"),
    (["1", "--spread", "inf"], "spread"),
    (["1", "-s", "nope"], "unknown style 'nope'"),
])
def test_cli_bad_input_is_one_line_and_exit_2(tmp_path, args, message):
    out = tmp_path / "v.svg"
    r = runner.invoke(app, ["variations", *args, "-o", str(out)])
    assert r.exit_code == 2, r.output
    assert r.output.startswith("Error: ") and message in r.output and r.output.count("\n") == 1, r.output
    assert "Traceback" not in r.output and not out.exists()


def test_variations_take_an_expression_as_vec2face_does(tmp_path):
    from vec2face import StyleError, vec2face

    row = variations([1, 2, 3], n=3, expression="happy", expression_strength=2)
    assert np.allclose(row.codes[0], vec2face([1, 2, 3], expression="happy", expression_strength=2).code)
    assert not np.allclose(row.codes[0], variations([1, 2, 3], n=3).codes[0])
    with pytest.raises(StyleError, match="no expression 'nope'"):
        variations([1, 2], expression="nope")
    out = tmp_path / "v.svg"
    r = CliRunner().invoke(app, ["variations", "1", "2", "3", "-n", "2", "--expression", "surprised", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text() == variations([1, 2, 3], n=2, expression="surprised").svg
