"""The public API, exactly as the README shows it."""

import re

import numpy as np
import pandas as pd
import pytest
from conftest import SVG_NS, parse_svg, render_png

from vec2face import InputError, StyleError, Vec2Face, Vec2FaceError, get_style, styles, variations, vec2face
from vec2face.render.svg import CAPTION_PX, CAPTION_ROOM
from vec2face.render.text import fit_text


def test_readme_api_works_as_written(tmp_path, wine):
    face = vec2face([0.3, -1.2, 2.0])
    face = vec2face(np.random.default_rng(0).standard_normal(384), style="chernoff", seed=0)
    assert str(face) == face.svg and face.svg.startswith("<?xml")
    for suffix, magic in ((".svg", b"<?xml"), (".png", b"\x89PNG"), (".pdf", b"%PDF")):
        path = face.save(tmp_path / f"face{suffix}")
        assert path.read_bytes().startswith(magic)
    assert face._repr_svg_() == face.svg
    X = wine.data
    model = Vec2Face(style="chernoff").fit(X)
    faces = model.draw(X)
    assert len(faces) == len(X)
    names = [wine.target_names[t] for t in wine.target]
    grid = model.gallery(X, labels=names, columns=10)
    root = parse_svg(grid.svg)
    assert len(root.findall(f".//{SVG_NS}g[@class='v2f-face']")) == len(X)
    assert "chernoff" in styles() and len(styles()["chernoff"]) >= 18


class FakeTensor:
    """Quacks like a torch tensor: detach().cpu() and __array__, no torch."""

    def __init__(self, a):
        self.a = np.asarray(a, dtype=np.float32)

    def detach(self):
        return self

    def cpu(self):
        return self

    def __array__(self, dtype=None, copy=None):
        return self.a if dtype is None else self.a.astype(dtype)


@pytest.mark.parametrize("make", [
    list, tuple, np.array, pd.Series,
    lambda v: pd.DataFrame([v]).iloc[0],
    lambda v: FakeTensor(v),
    lambda v: np.array(v, dtype=np.float32),
    lambda v: np.array(v).reshape(1, -1),
])
def test_accepted_inputs_give_the_same_face(make):
    v = [0.5, -1.0, 2.0, 0.1, 0.0]
    assert vec2face(make(v)).svg == vec2face(v).svg


def test_same_input_same_bytes_and_seed_matters():
    v = np.random.default_rng(3).standard_normal(300)
    assert vec2face(v, seed=1).svg == vec2face(v.copy(), seed=1).svg
    assert vec2face(v, seed=1).svg != vec2face(v, seed=2).svg
    X = np.random.default_rng(4).standard_normal((30, 12))
    assert Vec2Face().fit(X).gallery(X).svg == Vec2Face().fit(X.copy()).gallery(X.copy()).svg


@pytest.mark.parametrize("bad, message", [
    ([], "empty"),
    ([1.0, float("nan")], "NaN at index 1"),
    ([1.0, float("inf")], "Inf"),
    (np.zeros((2, 2, 2)), "1-D"),
    (["1", "x"], "index 1"),
    ("hello", "text"),
    ([0.3, None, 2.0], "value at index 1 is None, not a number"),
    ({1, 2, 3}, "a set, which has no order; give a list"),
    (np.array(1.5), r"a single number; give a sequence of numbers, e.g. \[1.5\]"),
])
def test_bad_vectors_say_what_and_where(bad, message):
    with pytest.raises(InputError, match=message):
        vec2face(bad)


@pytest.mark.parametrize("bad, message", [
    ([[1, 2], [3]], "row 1 has 1"),
    ([[1, 2], [3, "x"]], "row 1, column 1"),
    (np.zeros((2, 2, 2)), "2-D"),
    (np.array([[1.0, 2.0], [3.0, np.nan]]), "row 1, column 1"),
])
def test_bad_matrices_say_what_and_where(bad, message):
    with pytest.raises(InputError, match=message):
        Vec2Face().fit(bad)


@pytest.mark.parametrize("call, message", [
    (lambda: vec2face([1, 2, 3], seed="a"), "seed must be a whole number from 0 to 4,294,967,295, got 'a'"),
    (lambda: vec2face([1, 2, 3], seed=-1), "got -1"),
    (lambda: Vec2Face(seed=1.5).fit(np.eye(3)), "got 1.5"),
    (lambda: variations([1, 2, 3], n=3, seed=-1), "the offsets' seed must be a whole number"),
    (lambda: variations([1, 2, 3], n=3, seed=True), "got True"),
    (lambda: vec2face([1, 2, 3], stroke="notacolor"), "'notacolor' is not a CSS colour"),
    (lambda: vec2face([1, 2, 3], stroke="#12345"), "'#12345' is not a CSS colour"),
])
def test_bad_seeds_and_colours_are_the_packages_errors(call, message):
    with pytest.raises(Vec2FaceError, match=re.escape(message)):
        call()
    assert vec2face([1, 2, 3], stroke="RebeccaPurple", seed=np.int64(7)).svg  # names in any case, numpy ints


def test_explicit_mappings_say_what_they_leave_out():
    X = np.random.default_rng(0).normal(size=(30, 40))
    with pytest.warns(UserWarning, match=r"24 features, so the 16 columns after the first 24 "
                      r"\(x24, x25, x26, x27, x28, \.\.\.\) are not drawn"):
        Vec2Face(style="chernoff", mapping="columns").fit(X)
    with pytest.raises(InputError, match="feature 'smile' is given twice"):
        Vec2Face(style="chernoff", features=["smile", "smile"]).fit(X[:, :2])


def test_a_dataframe_is_spoken_of_by_its_column_names():
    import warnings

    from sklearn.datasets import load_wine

    X = load_wine(as_frame=True).data
    bad = X.astype(object)
    bad.iloc[5, 6] = "n/a"
    with pytest.raises(InputError, match=r"row 5, column 6 \('flavanoids'\) is 'n/a', not a number"):
        Vec2Face().fit(bad)
    model = Vec2Face().fit(X.assign(constant=1.0))
    assert all(name != "constant" for entry in model.legend() for name, _ in entry["inputs"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "X does not have valid feature names"
        assert np.allclose(model.transform(X.assign(constant=1.0).iloc[3]), model.transform(X.assign(constant=1.0))[3])
    with pytest.raises(InputError, match="same order"):
        model.transform(X.assign(constant=1.0).iloc[3][::-1])


def test_unknown_style_and_feature_are_named():
    with pytest.raises(StyleError, match="unknown style 'nope'.*chernoff"):
        vec2face([1, 2], style="nope")
    with pytest.raises(StyleError, match="unknown feature 'grin'"):
        Vec2Face(features={"grin": 0}).fit(np.eye(3))
    with pytest.raises(InputError, match="column 'income'"):
        Vec2Face(features={"smile": "income"}).fit(pd.DataFrame({"age": [1.0, 2.0, 3.0]}))


def test_tabular_mapping_drives_the_named_feature(wine):
    df = wine.data
    model = Vec2Face(style="chernoff", features={"smile": "alcohol", "eye_size": "hue"}).fit(df)
    from vec2face.style.chernoff import FEATURES

    st = model._style()
    levels = st.raw_codes(model.transform(df))  # what is drawn: each feature's level, unmixed by the display axes
    names = [f.name for f in FEATURES]
    smile = names.index("smile")
    assert np.corrcoef(levels[:, smile], df["alcohol"])[0, 1] > 0.95
    unmapped = [j for j in range(len(names)) if j not in (smile, names.index("eye_size"))]
    assert np.abs(levels[:, unmapped]).max() < 1e-9
    driven = lambda legend: [r for r in legend if r["inputs"]]  # noqa: E731  (the rest are held neutral)
    assert {(r["feature"], r["source"]) for r in driven(model.legend())} == {("smile", "alcohol"), ("eye_size", "hue")}
    by_order = Vec2Face(style="chernoff", mapping="columns").fit(df)
    assert by_order.legend()[0] == {"feature": "face_width", "axis": 0, "source": "alcohol", "inputs": [("alcohol", 1.0)]}
    listed = Vec2Face(style="chernoff", features=["smile", None, "eye_size"]).fit(df)
    assert {r["feature"]: r["source"] for r in driven(listed.legend())} == {"smile": "alcohol", "eye_size": "ash"}


def test_pca_puts_most_variance_on_the_most_salient_feature(wine):
    model = Vec2Face().fit(wine.data)
    legend = [r for r in model.legend() if r["axis"] is not None and r["inputs"]]
    assert legend[0]["feature"] == model._style().feature_names[0]
    ratios = [float(re.search(r"\((\d+)%\)", r["source"]).group(1)) for r in legend]
    assert ratios == sorted(ratios, reverse=True)
    codes = model.transform(wine.data)
    assert codes[:, 0].std() > codes[:, 5].std() * 0.5  # whitened, then soft clipped
    assert np.abs(codes).max() < 3.0


def test_gallery_with_legend_and_labels_escapes_text(wine):
    evil = "</text><script>alert(1)</script>"
    X = wine.data.iloc[:12]
    g = Vec2Face().fit(wine.data).gallery(X, labels=[evil] * 12, legend=True, title=evil)
    root = parse_svg(g.svg)
    assert not root.findall(f".//{SVG_NS}script")
    texts = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert texts.count(fit_text(evil, CAPTION_ROOM, CAPTION_PX)) == 12 and evil in texts
    assert root.find(f".//{SVG_NS}g[@class='v2f-legend']") is not None
    with pytest.raises(InputError, match="3 labels for 12 rows"):
        Vec2Face().fit(X).gallery(X, labels=["a", "b", "c"])


def test_wine_classes_look_different(wine):
    """A viewer can tell the cultivars apart: 5-NN on the rendered faces' ink."""
    from sklearn.model_selection import cross_val_score
    from sklearn.neighbors import KNeighborsClassifier

    model = Vec2Face().fit(wine.data)
    ink = np.array([(255 - render_png(f.svg, width=32)).ravel() for f in model.draw(wine.data)])
    acc = cross_val_score(KNeighborsClassifier(5), ink, wine.target, cv=5).mean()
    assert acc > 0.85, acc


def test_pen_colour_and_weight_are_options():
    from vec2face.style.line import PEN

    svg = vec2face([1, 2], stroke="#1f5fbf", line_width=2.5).svg
    assert "stroke:#1f5fbf" in svg and f"stroke-width:{2.5 * PEN:g}" in svg  # the line style's bold pen
    with pytest.raises(StyleError, match="not a CSS colour"):
        vec2face([1, 2], stroke="red}</style><script>")


def test_render_options_are_one_object_checked_once():
    from vec2face import RenderOptions, draw_codes

    with pytest.raises(StyleError, match="not a CSS colour"):
        RenderOptions(stroke="red}</style><script>")
    with pytest.raises(StyleError, match="line width"):
        RenderOptions(line_width=-1)
    opts = RenderOptions(color=False, stroke="#1f5fbf", line_width=2.5, sketchy=True, seed=4)
    v = np.random.default_rng(5).standard_normal(30)
    assert vec2face(v, options=opts).svg == vec2face(v, color=False, stroke="#1f5fbf", line_width=2.5,
                                                     sketchy=True, seed=4).svg
    assert vec2face(v, options=opts, stroke="#222").svg == vec2face(v, color=False, line_width=2.5, sketchy=True,
                                                                    seed=4).svg  # keywords win
    codes = np.zeros((2, get_style("line").latent_dim))
    assert [f.svg for f in draw_codes(codes, options=opts)] == [f.svg for f in draw_codes(
        codes, color=False, stroke="#1f5fbf", line_width=2.5, sketchy=True, seed=4)]
    X = np.random.default_rng(6).standard_normal((10, 4))
    assert Vec2Face(options=opts).fit(X).gallery(X).svg == Vec2Face(
        color=False, stroke="#1f5fbf", line_width=2.5, sketchy=True, seed=4).fit(X).gallery(X).svg
    with pytest.raises(StyleError, match="not a CSS colour"):
        Vec2Face(stroke="red}").fit(X)  # checked by fit, as scikit-learn does, not by __init__


@pytest.mark.parametrize("size", [0.5, 1e9, True, "big", float("nan")])
def test_a_face_size_outside_what_the_command_line_allows_is_refused(size):
    with pytest.raises(Vec2FaceError, match="size must be a number of pixels from 1 to 10,000"):
        vec2face([1, 2], size=size)


@pytest.mark.parametrize("make, message", [
    (lambda X: vec2face([1, 2], size=0), "size must be"),
    (lambda X: Vec2Face().fit(X).gallery(X, columns=0), "columns must be"),
    (lambda X: vec2face([1, 2]).to_png(width=0), "width must be"),
    (lambda X: vec2face([1, 2]).to_png(scale=-1), "scale must be"),
    (lambda X: vec2face([1, 2]).to_png(dpi=0), "dpi must be"),
    (lambda X: vec2face([1, 2]).save("face.gif"), "unknown output format"),
    (lambda X: vec2face([1, 2]).save("face"), r"unknown output format '\(no suffix\)'"),  # wrote an SVG
    (lambda X: vec2face([1, 2]).save("face.svg", width=300), "width sizes a .png or .pdf"),  # was ignored
    (lambda X: vec2face([1, 2]).save("face.html", dpi=300), "dpi sizes a .png or .pdf"),
    (lambda X: vec2face([1, 2]).save("face.svg", fragment=True), "fragment writes an HTML"),
    (lambda X: vec2face([1, 2]).save(__import__("io").BytesIO(), width=100), r"for PNG bytes use to_png\(width"),
])
def test_a_bad_drawing_or_output_option_is_a_style_error(make, message, tmp_path, monkeypatch):
    """Options are StyleErrors, as a bad colour is; InputError stays for the data itself."""
    monkeypatch.chdir(tmp_path)
    X = np.random.default_rng(0).standard_normal((6, 3))
    with pytest.raises(StyleError, match=message) as info:
        make(X)
    assert not isinstance(info.value, InputError)
    assert list(tmp_path.iterdir()) == []


def test_a_face_saves_to_an_open_file():
    import io

    face = vec2face([1, 2])
    b, s = io.BytesIO(), io.StringIO()
    face.save(b)
    face.save(s)
    assert b.getvalue() == s.getvalue().encode() == face.svg.encode()
    png = io.BytesIO()
    png.name = "face.png"
    face.save(png)
    assert png.getvalue().startswith(b"\x89PNG")
    text = io.StringIO()
    text.name = "face.png"
    with pytest.raises(Vec2FaceError, match="binary mode"):
        face.save(text)


def test_counts_in_titles_are_grammatical():
    assert "from a vector of 1 value" in vec2face([0.5]).svg
    assert "vec2face gallery of 1 face" in Vec2Face().fit([[1.0, 2.0], [3.0, 5.0]]).gallery([[1.0, 2.0]]).svg


@pytest.mark.parametrize("kwargs,message", [
    ({"layout": np.zeros((30, 2))}, "give your own 2-D positions as coords="),
    ({"k": 2.5}, "k must be a whole number of clusters"),
    ({"k": True}, "k must be a whole number of clusters"),
    ({"X": None, "texts": [1, 2, 3]}, "texts must be a list of strings, one a point; got 1"),
    ({"X": None, "texts": "one text"}, "a single string: wrap it in a list"),
])
def test_crowd_arguments_of_the_wrong_kind_are_the_packages_errors(kwargs, message):
    from vec2face import crowd

    X = kwargs.pop("X", np.random.default_rng(0).random((30, 3)))
    with pytest.raises(InputError, match=re.escape(message)):
        crowd(X, **kwargs)


def test_switches_take_true_or_false_only():
    """A string is truthy: crowd(tints='no') drew the tints, the opposite of what was asked."""
    from vec2face import StyleError, crowd

    X = np.random.default_rng(0).standard_normal((20, 3))
    for call, name in ((lambda: crowd(X, tints="no"), "tints"), (lambda: vec2face([1, 2], color="red"), "color"),
                       (lambda: Vec2Face().fit(X).gallery(X, legend="yes"), "legend"),
                       (lambda: vec2face([1, 2], sketchy=1), "sketchy")):
        with pytest.raises(StyleError, match=f"{name} must be True or False"):
            call()
    assert vec2face([1, 2], color=np.bool_(False)).svg  # numpy's bools are fine


@pytest.mark.parametrize("call, error, message", [
    # numbers that are not numbers: each names its argument, before any work (they had reached the style's
    # code as an IndexError, or drawn paths of NaN)
    (lambda X: Vec2Face(clip=float("inf")).fit(X), InputError, "clip must be a positive finite number, got inf"),
    (lambda X: Vec2Face(clip=0).fit(X), InputError, "clip must be a positive finite number, got 0"),
    (lambda X: Vec2Face(style="doodle", clip="3").fit(X), InputError, "got '3'"),
    (lambda X: Vec2Face(expression_strength=float("nan")).fit(X), StyleError, "expression_strength must be a finite"),
    (lambda X: vec2face([1, 2], expression="happy", expression_strength="3"), StyleError, "got '3'"),
    (lambda X: vec2face([1, 2], line_width="2"), StyleError, "line width '2' must be a positive number"),
    (lambda X: Vec2Face().fit(X).legend(top=2.5), InputError, "top must be a whole number, at least 1, got 2.5"),
    (lambda X: Vec2Face().fit(X).legend(top=0), InputError, "got 0"),
    (lambda X: Vec2Face().fit(X).get_feature_names_out(["a", "b"]), InputError,
     "input_features ['a', 'b'] are not the 13 columns this model was fitted on"),
    (lambda X: Vec2Face().set_params(options__color=False), ValueError, "pass a whole new options= instead"),
])
def test_bad_numbers_and_names_say_which_argument(wine, call, error, message):
    X = wine.data.to_numpy()
    with pytest.raises(error, match=re.escape(message)):
        call(X)


def test_checked_numbers_still_draw(wine):
    from vec2face import RenderOptions

    X = wine.data.to_numpy()
    assert RenderOptions(line_width=2).line_width == 2.0 and isinstance(RenderOptions(line_width=2).line_width, float)
    assert vec2face([1, 2], line_width=2).svg == vec2face([1, 2], line_width=2.0).svg
    m = Vec2Face(clip=np.float32(2.5), expression="happy", expression_strength=-1).fit(X)
    assert m.transform(X).shape == (len(X), get_style("line").latent_dim)
    assert len(m.get_feature_names_out([f"x{j}" for j in range(13)])) == get_style("line").latent_dim
    assert m.legend(top=1)[0]["inputs"] and len(m.legend(top=1)[0]["inputs"]) == 1


def test_a_png_takes_a_width_or_a_scale_not_both(tmp_path):
    face = vec2face([1, 2, 3])
    with pytest.raises(StyleError, match="give width or scale, not both"):
        face.save(tmp_path / "f.png", width=100, scale=3)
    with pytest.raises(StyleError, match="give width or scale, not both"):
        face.to_png(width=100, scale=3)
    assert not list(tmp_path.iterdir())
    face.save(tmp_path / "f.png", width=100)
    from PIL import Image

    assert Image.open(tmp_path / "f.png").size == (100, 100)


def test_the_fold_legend_gives_each_dimension_its_weight_in_the_fold():
    from vec2face import fold_legend
    from vec2face.adapters.fold import fold

    k = get_style("line").latent_dim
    for d, seed in ((100, 0), (100, 5), (7, 0)):
        for row in fold_legend(d, seed=seed):
            for name, weight in row["inputs"]:
                e = np.zeros(d)
                e[int(name.split()[1])] = 1e-3  # small: the soft clip is the identity there
                moved = fold(e[None], k, seed=seed)[0] / 1e-3
                assert np.isclose(moved[row["axis"]], weight, atol=1e-3)  # it had said 1.0 for every dimension
                assert np.count_nonzero(np.abs(moved) > 1e-9) == 1


def test_features_and_the_learned_mapping_are_one_or_the_other(wine):
    X = wine.data.to_numpy()
    with pytest.raises(StyleError, match="give one or the other"):  # the features had silently won
        Vec2Face(style="chernoff", mapping="learned", features={"smile": 0}).fit(X)
    assert Vec2Face(style="chernoff", features={"smile": 0}).fit(X).mapping_ == "columns"


def test_codes_gallery_tooltips_show_a_missing_label_as_its_caption_does():
    """A missing label's caption was blank while its tooltip read 'None'."""
    import json
    import re

    from vec2face import codes_gallery

    html = codes_gallery(np.zeros((2, 18)), labels=[None, "ann"]).html(fragment=True)
    items = json.loads(re.search(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S).group(1))["items"]
    assert [it["l"] for it in items] == ["", "ann"]


def test_codes_gallery_takes_the_drawing_keywords_of_draw_codes():
    from vec2face import RenderOptions, codes_gallery

    codes = np.random.default_rng(0).uniform(-2, 2, size=(4, get_style("line").latent_dim))
    mono = codes_gallery(codes, color=False, stroke="navy", line_width=2.5)  # keywords it had refused
    assert mono.svg == codes_gallery(codes, options=RenderOptions(color=False, stroke="navy", line_width=2.5)).svg
    assert mono.svg != codes_gallery(codes).svg and "navy" in mono.svg
