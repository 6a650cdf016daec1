"""Outputs for the web, notebooks, print and pen plotters."""

import re

import numpy as np
import pytest
from conftest import SVG_NS, parse_svg
from typer.testing import CliRunner

from vec2face import Vec2Face, crowd, vec2face
from vec2face.cli import app

INK = "{http://www.inkscape.org/namespaces/inkscape}"


@pytest.fixture(scope="module")
def X():
    return np.random.default_rng(0).standard_normal((12, 6))


def test_html_page_and_fragment_are_self_contained(X, tmp_path):
    g = Vec2Face().fit(X).gallery(X, labels=[f"r{i}" for i in range(12)])
    page = g.html()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<script>" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched from anywhere
    frag = g.html(fragment=True)
    uid = re.match(r'<div class="(v2f[0-9a-f]+)" data-vec2face="map"', frag).group(1)
    assert " id=" not in frag  # a fragment pasted twice would hold one id twice
    css = re.findall(r"<style>(.*?)</style>", frag, re.S)[0]
    rules = re.findall(r"([^{}]+)\{", css)
    assert rules and all(sel.strip().startswith("." + uid) for r in rules for sel in r.split(","))
    svg_css = re.search(r"<!\[CDATA\[(.*?)\]\]>", frag, re.S).group(1)
    assert all(sel.strip().startswith("." + uid) for r in re.findall(r"([^{}]+)\{", svg_css) for sel in r.split(","))
    # a notebook's output holds the drawing as an <img> (an untrusted notebook shows it), and is otherwise the same
    import base64

    shown = g._repr_html_()
    data = re.search(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)" width="(\d+)"', shown)
    assert base64.b64decode(data.group(1)).decode() in g.svg and data.group(2) == "vec2face gallery of 12 faces"
    assert "<svg" not in shown and re.sub(r"<img [^>]*>", "", shown) == re.sub(r"<svg.*</svg>", "", frag, flags=re.S)
    out = g.save(tmp_path / "g.html", fragment=True)
    assert out.read_text() == frag


def test_json_data_cannot_close_its_script(X):
    evil = "</script><script>alert(1)</script>"
    frag = Vec2Face().fit(X).gallery(X, labels=[evil] * 12).html(fragment=True)
    data = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', frag, re.S).group(1)
    assert "</script" not in data and "\\u003c/script\\u003e" in data


def test_crowd_map_shows_in_notebooks(X):
    m = crowd(X, layout="pca", k=2)
    assert m._repr_svg_() == m.svg and m._repr_html_().startswith("<div")
    assert "data-cluster" in m._repr_html_()


def test_png_and_pdf_width_and_dpi(tmp_path):
    from PIL import Image

    out = tmp_path / "f.png"
    r = CliRunner().invoke(app, ["draw", "1", "2", "-o", str(out), "--width", "321"])
    assert r.exit_code == 0, r.output
    assert Image.open(out).size[0] == 321
    for dpi, px in (("96", 200), ("192", 400), ("48", 100)):  # a PNG's dots an inch scale its pixels
        out = tmp_path / f"d{dpi}.png"
        r = CliRunner().invoke(app, ["draw", "1", "2", "-o", str(out), "--dpi", dpi])
        assert r.exit_code == 0 and Image.open(out).size == (px, px), (dpi, r.output)
    r = CliRunner().invoke(app, ["draw", "1", "2", "-o", str(tmp_path / "w.png"), "--dpi", "300", "--width", "150"])
    assert r.exit_code == 0 and Image.open(tmp_path / "w.png").size[0] == 150  # a width wins
    out = tmp_path / "g.pdf"
    r = CliRunner().invoke(app, ["gallery", "--demo", "iris", "-o", str(out), "--dpi", "150", "--limit", "6"])
    assert r.exit_code == 0 and out.read_bytes().startswith(b"%PDF")


def test_gallery_and_crowd_commands_write_html(tmp_path):
    out = tmp_path / "g.html"
    r = CliRunner().invoke(app, ["gallery", "--demo", "wine", "-o", str(out), "--limit", "20"])
    assert r.exit_code == 0 and out.read_text().startswith("<!DOCTYPE html>")
    out = tmp_path / "frag.html"
    r = CliRunner().invoke(app, ["crowd", "--demo", "-o", str(out), "--fragment", "--layout", "pca"])
    assert r.exit_code == 0 and out.read_text().startswith("<div")


def test_plotter_svg_is_strokes_in_layers(X, tmp_path):
    svg = Vec2Face().fit(X).gallery(X, labels=["a"] * 12, plotter=True).svg
    root = parse_svg(svg)
    layers = root.findall(f"{SVG_NS}g")
    assert layers and all(g.get(f"{INK}groupmode") == "layer" for g in layers)
    assert len(layers) == len({g.get(f"{INK}label") for g in layers})
    css = re.search(r"<!\[CDATA\[(.*?)\]\]>", svg, re.S).group(1)
    assert "fill:none" in css and not re.search(r"fill:#", css.split("text{")[0])
    assert not any(el.get("style") for el in root.iter(f"{SVG_NS}path"))  # no per-face fills
    assert "v2f-pupil" not in svg  # fills only
    no_text = Vec2Face().fit(X).gallery(X, plotter=True).svg
    assert "<text" not in no_text.split("</desc>", 1)[1]
    r = CliRunner().invoke(app, ["gallery", "--demo", "wine", "--plotter", "--limit", "4", "-o", str(tmp_path / "p.svg")])
    assert r.exit_code == 0 and "inkscape:groupmode" in (tmp_path / "p.svg").read_text()


def test_vpype_reads_the_plotter_svg(X, tmp_path):
    vpype = pytest.importorskip("vpype", reason="vpype is not installed (pip install vpype)")
    path = tmp_path / "plot.svg"
    path.write_text(Vec2Face().fit(X).gallery(X, plotter=True).svg)
    doc = vpype.read_multilayer_svg(str(path), quantization=0.5)
    assert len(doc.layers) >= 5 and sum(len(lc) for lc in doc.layers.values()) > 12 * 5


def test_single_face_page(tmp_path):
    out = vec2face([1.0, 2.0]).save(tmp_path / "f.html")
    assert "<svg" in out.read_text()


@pytest.mark.parametrize("style, hidden, cover", [("line", "hair", "head"), ("chernoff", "ear", "head")])
def test_plotter_leaves_out_the_edges_the_colour_picture_hides(style, hidden, cover):
    """In colour the head's fill covers the hair's inner edge (line) and most of each ear (chernoff); a pen
    plotter draws what the colour picture shows. Before, both were drawn whole, across the face."""
    from PIL import Image, ImageDraw

    from vec2face import get_style
    from vec2face.render.hidden import EDGE, trace

    X = np.random.default_rng(1).standard_normal((12, 8))
    model = Vec2Face(style=style).fit(X)
    root = parse_svg(model.gallery(X, plotter=True).svg)
    layer = next(g for g in root.findall(f"{SVG_NS}g") if g.get(f"{INK}label").endswith(" " + hidden))
    paths = layer.findall(f"{SVG_NS}path")
    geometry = get_style(style).decode(model.transform(X))
    outline = trace(geometry.part(cover).shapes[0])
    assert len(paths) == 12
    for i, path in enumerate(paths):
        d = path.get("d")
        assert "L" in d  # cut where the head covers it
        mask = Image.new("1", (1000, 1000))
        ImageDraw.Draw(mask).polygon([tuple(p) for p in (outline[i] * 10).tolist()], fill=1)
        inside = np.asarray(mask)
        pts = np.array([[float(x), float(y)] for x, y in re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", d)])
        deep = np.ones(len(pts), dtype=bool)  # each point drawn is outside the head's fill or within EDGE of its edge
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                q = np.clip(np.rint((pts + (EDGE + 0.2) * np.array([dx, dy])) * 10).astype(int), 0, 999)
                deep &= inside[q[:, 1], q[:, 0]]
        assert len(pts) > 3 and not deep.any(), (i, pts[deep])


def test_a_notebook_shows_a_face_as_png_too_and_the_legend_and_evaluation_as_tables(X):
    """An untrusted notebook (run by nbclient, or opened from a colleague) shows no SVG: a face showed as
    '<Face style=...>'. The legend and a crowd's evaluation printed pages of nested reprs."""
    import io
    import xml.etree.ElementTree as ET

    from PIL import Image

    from vec2face.assemble.records import Evaluation, Legend

    png = vec2face([0.3, -1.2, 2.0])._repr_png_()
    assert Image.open(io.BytesIO(png)).size == (200, 200)
    cols = [f"<b>col{j}</b>" for j in range(6)]
    model = Vec2Face().fit(X)
    model.columns_ = cols  # column names as a DataFrame would give them, markup and all
    legend = model.legend()
    assert isinstance(legend, Legend) and isinstance(legend, list)
    table = ET.fromstring(legend._repr_html_())
    rows = table.findall("./tbody/tr")
    assert [r[0].text for r in rows] == [r["feature"] for r in legend]
    assert any("<b>col" in (r[3].text or "") for r in rows)  # markup shown as text
    labels = ["a"] * 6 + ["b"] * 6
    ev = crowd(X, labels=labels, layout="pca", k=2).evaluation_
    assert isinstance(ev, Evaluation) and isinstance(ev, dict)
    table = ET.fromstring(ev._repr_html_())
    assert len(table.findall("./tbody/tr")) == len(ev["clusters"]) and "ARI" in table.find("caption").text


def test_a_pages_tooltips_say_what_its_captions_say(tmp_path):
    """A photo's second face was captioned 'face 2' and its tooltip read 'face 1'; redrawn doodles captioned
    'smiley face' had tooltips 'face N' (a search for 'smiley' found none), and a drawing without a word was
    captioned from 0; the title read '1 drawings' and the description counted drawings as strokes."""
    import json

    from vec2face.assemble.doodles import strokes_gallery
    from vec2face.assemble.model import codes_gallery

    def items(html):
        return json.loads(re.search(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S).group(1))["items"]

    def captions(svg):
        return [t.text for t in parse_svg(svg).iter(f"{SVG_NS}text") if t.get("class") == "v2f-cap"]

    g = codes_gallery(np.zeros((2, 18)), "line", labels=["face 1", "face 2"])
    assert [it["l"] for it in items(g.html())] == captions(g.svg) == ["face 1", "face 2"]
    nd = tmp_path / "d.ndjson"
    nd.write_text('{"word": "smiley face", "drawing": [[[0, 10, 20], [0, 5, 0]]]}\n'
                  '{"drawing": [[[0, 10], [0, 9]], [[3, 4], [8, 1]]]}\n')
    g = strokes_gallery(nd)
    assert [it["l"] for it in items(g.html())] == captions(g.svg) == ["smiley face", "drawing 2"]
    root = parse_svg(g.svg)
    assert root.find(f"{SVG_NS}title").text == "d.ndjson: 2 drawings"
    assert root.find(f"{SVG_NS}desc").text.startswith("2 drawings of 3 hand-drawn strokes")
