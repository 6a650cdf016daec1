"""One contract test over every registered style."""

import keyword
import re

import numpy as np
import pytest
from conftest import SVG_NS, parse_svg, render_png

from vec2face import Vec2Face, fold_legend, styles, vec2face
from vec2face.render.faces import drawn_parts
from vec2face.render.grid import render_faces
from vec2face.render.options import RenderOptions
from vec2face.render.svg import face_groups
from vec2face.style import broken_styles, get_style

STYLES = sorted(styles())


def render_face(st, code, options, *, title, desc, size):
    return render_faces(st.decode(np.atleast_2d(code)), options, titles=[title], descs=[desc], size=size)[0]


def test_built_in_styles_load():
    """A built-in style whose card lacks its reviewed features fails to load;
    it must not drop out of the tests below unnoticed."""
    assert {"chernoff", "line", "doodle"} <= set(STYLES), broken_styles()


@pytest.mark.parametrize("name", STYLES)
def test_style_declares_named_features(name):
    st = get_style(name)
    names = st.feature_names
    assert len(names) == st.latent_dim >= 1 and len(set(names)) == len(names)
    assert all(f.name.isidentifier() and f.doc for f in st.features)


# Names a user types (-f name=column) say what the feature does, never which
# axis training happened to put it on.
INDEX_NAME = re.compile(r"(shape|doodle|axis|dim|feature|latent|code|pc|x)_?\d+", re.IGNORECASE)


@pytest.mark.parametrize("name", STYLES)
def test_feature_names_say_what_they_do(name):
    for f in get_style(name).features:
        assert not INDEX_NAME.fullmatch(f.name), f"{name}: {f.name!r} names an axis index, not what it draws"
        assert not keyword.iskeyword(f.name), f"{name}: {f.name!r} is a Python keyword"
        low, arrow, high = f.doc.partition("->")
        assert arrow and low.strip() and high.strip(), f"{name}: {f.name!r} doc {f.doc!r} is not 'low -> high'"
        assert not re.search(r"\baxis \d+", f.doc), f"{name}: {f.name!r} doc {f.doc!r} describes an axis index"


def legend_features(svg: str) -> list[str]:
    """The feature of every line of a gallery's drawn legend (``feature <- source``)."""
    legend = [g for g in parse_svg(svg).iter(f"{SVG_NS}g") if g.get("class") == "v2f-legend"]
    assert len(legend) == 1
    return [t.text.split(" \u2190 ")[0] for t in legend[0].iter(f"{SVG_NS}text") if t.get("class") != "v2f-lh"]


@pytest.mark.parametrize("name", STYLES)
@pytest.mark.parametrize("rows", [64, 6], ids=["64 rows", "6 rows (fewer axes of variance than features)"])
def test_the_legend_names_every_feature(name, rows):
    st = get_style(name)
    X = np.random.default_rng(0).standard_normal((rows, 64))
    model = Vec2Face(name).fit(X)
    for columns in (10, 1):
        shown = legend_features(model.gallery(X, legend=True, columns=columns).svg)
        assert [f for f in st.feature_names if f not in shown] == []
    legend = model.legend()
    assert [r["feature"] for r in legend if r["axis"] is not None] == st.feature_names
    assert all(r["source"].startswith("neutral (") == (not r["inputs"]) for r in legend)
    one = Vec2Face(name, features={st.feature_names[-1]: 3}).fit(X)  # one feature driven, the rest neutral
    shown = legend_features(one.gallery(X[:2], legend=True).svg)
    assert shown == st.feature_names
    assert [r["feature"] for r in fold_legend(3, name)] == st.feature_names


@pytest.mark.parametrize("name", STYLES)
def test_every_code_in_the_box_is_a_face(name):
    st = get_style(name)
    codes = np.random.default_rng(0).uniform(-3, 3, size=(100_000, st.latent_dim))
    assert st.validity(codes).mean() >= st.validity_target >= 0.99
    corners = np.sign(np.random.default_rng(1).standard_normal((2000, st.latent_dim))) * 3
    assert st.validity(corners).mean() >= st.validity_target


@pytest.mark.parametrize("name", STYLES)
@pytest.mark.parametrize("options", [RenderOptions(), RenderOptions(color=False), RenderOptions(plotter=True)])
def test_batch_is_the_single_face_case(name, options):
    st = get_style(name)
    codes = np.random.default_rng(2).uniform(-3, 3, size=(7, st.latent_dim))
    batch = face_groups(drawn_parts(st.decode(codes), options))
    for i in range(7):
        single = face_groups(drawn_parts(st.decode(codes[i : i + 1]), options), start=i)[0]
        assert single == batch[i]


@pytest.mark.parametrize("name", STYLES)
def test_faces_render_with_ink_inside_the_box(name):
    st = get_style(name)
    for code in (np.zeros(st.latent_dim), np.full(st.latent_dim, 3.0), np.full(st.latent_dim, -3.0)):
        svg = render_face(st, code, RenderOptions(), title="t", desc="d", size=100)
        parse_svg(svg)
        img = render_png(svg)
        ink = img < 128
        assert ink.mean() > 0.01, "almost nothing drawn"
        assert not ink[0].any() and not ink[-1].any() and not ink[:, 0].any() and not ink[:, -1].any()


@pytest.mark.parametrize("name", STYLES)
def test_features_change_the_picture(name):
    st = get_style(name)
    base = render_png(render_face(st, np.zeros(st.latent_dim), RenderOptions(), title="t", desc="d", size=100))
    for j, feature in enumerate(st.features):
        if feature.name == "hair_color":
            continue  # a colour: changes grey levels, checked below
        code = np.zeros(st.latent_dim)
        code[j] = 3.0
        img = render_png(render_face(st, code, RenderOptions(), title="t", desc="d", size=100))
        assert np.abs(img - base).mean() > 0.05, f"{feature.name} draws nothing different"


def test_chernoff_is_always_well_formed():
    st = get_style("chernoff")
    rng = np.random.default_rng(5)
    assert st.validity(rng.uniform(-3, 3, size=(100_000, st.latent_dim))).all()
    assert st.validity(np.sign(rng.standard_normal((20_000, st.latent_dim))) * 3).all()


def test_hair_colour_follows_its_feature():
    st = get_style("chernoff")
    code = np.zeros((2, st.latent_dim))
    j = st.feature_names.index("hair_color")
    code[0, j], code[1, j] = -3, 3
    fills = st.decode(code).part("hair").fill
    assert fills[0] != fills[1]


def test_line_art_mode_uses_one_colour():
    svg = vec2face([1, 2, 3], color=False).svg
    colours = set(__import__("re").findall(r"#[0-9a-f]{3,6}", svg))
    assert colours <= {"#222", "#fff"}
