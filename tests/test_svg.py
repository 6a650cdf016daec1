"""The SVG documents: valid XML, viewBox, accessibility, precision, ids."""

import re

import numpy as np
import pytest
from conftest import SVG_NS, parse_svg

from vec2face import Vec2Face, crowd, vec2face

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def documents():
    X = np.random.default_rng(0).standard_normal((25, 40))
    yield "face", vec2face(X[0]).svg
    yield "gallery", Vec2Face().fit(X).gallery(X, labels=[f"row {i}" for i in range(25)], legend=True, title="t").svg
    yield "mono", Vec2Face(color=False).fit(X).gallery(X[:5]).svg
    yield "chernoff sketchy", Vec2Face(style="chernoff", sketchy=True, line_width=1.37).fit(X).gallery(X[:5]).svg
    yield "doodle plotter", Vec2Face(style="doodle").fit(X).gallery(X[:5], plotter=True).svg
    yield "crowd", crowd(X, labels=[f"row {i}" for i in range(25)], layout="pca", k=3).svg


@pytest.mark.parametrize("name, svg", list(documents()))
def test_document_structure(name, svg):
    root = parse_svg(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert len(root.get("viewBox").replace(",", " ").split()) == 4
    assert root[0].tag == f"{SVG_NS}title" and root[0].text
    assert root[1].tag == f"{SVG_NS}desc" and root[1].text
    faces = root.findall(f".//{SVG_NS}g[@class='v2f-face']")
    assert [int(g.get("data-index")) for g in faces] == list(range(len(faces)))
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert "date" not in svg.lower() and not re.search(r"20\d\d-\d\d-\d\d", svg)


@pytest.mark.parametrize("name, svg", list(documents()))
def test_numbers_have_at_most_two_decimals(name, svg):
    root = parse_svg(svg)
    for el in root.iter():
        for key in ("d", "transform", "x", "y", "width", "height", "viewBox", "style"):
            value = el.get(key)
            if value:
                for num in NUMBER.findall(value):
                    assert len(num.partition(".")[2]) <= 2, (key, value[:80])
    for sheet in root.iter(f"{SVG_NS}style"):  # pen widths and font sizes in the style sheet too
        for num in NUMBER.findall(re.sub(r"#[0-9a-fA-F]{3,8}", "", sheet.text or "")):
            assert len(num.partition(".")[2]) <= 2, (num, (sheet.text or "")[:200])


def test_gallery_stays_small_per_face():
    X = np.random.default_rng(1).uniform(-3, 3, size=(500, 64))
    svg = Vec2Face().fit(X).gallery(X).svg
    assert len(svg.encode()) / 500 < 1.5 * 1024


def test_a_caption_cut_short_keeps_the_whole_label_as_its_faces_title():
    """Captions end in an ellipsis where they would be wider than the face; the whole label was then lost
    in a static SVG (a blog post, a screen reader)."""
    X = np.random.default_rng(0).normal(size=(2, 3))
    long = "a very long label that will not fit under its face <&>"
    root = parse_svg(Vec2Face().fit(X).gallery(X, labels=[long, "short"]).svg)
    faces = [g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "v2f-face"]
    titles = [[t.text for t in g.findall(f"{SVG_NS}title")] for g in faces]
    assert titles == [[long], []]
    caption = faces[0].find(f"{SVG_NS}text").text
    assert caption.endswith("\u2026") and long.startswith(caption[:-1])


@pytest.mark.parametrize("style, feature", [("line", "hair_tone"), ("chernoff", "hair_color")])
def test_single_colour_faces_still_show_the_hair_tone(style, feature):
    """--mono filled every head of hair with solid ink, so hair_tone / hair_color carried nothing though the
    legend still listed them. Now the ink's opacity follows the hair's darkness."""
    from conftest import render_png

    from vec2face import draw_codes, get_style

    st = get_style(style)
    codes = np.zeros((2, st.latent_dim))
    j = [f.name for f in st.features].index(feature)
    codes[:, j] = [-3.0, 3.0]  # dark hair, fair hair
    if style == "chernoff":
        codes = st.feature_codes(codes)
    faces = draw_codes(codes, style, color=False)
    opacities = [float(re.search(r"fill-opacity:([0-9.]+)", f.svg).group(1)) for f in faces]
    assert opacities[0] > opacities[1] + 0.3
    ink = [255 - render_png(f.svg, width=100).astype(float) for f in faces]
    assert ink[0].sum() > 1.15 * ink[1].sum()  # the fair-haired face has less ink
