"""Faces in a crowd: any embedding, clustered, laid out as a map of faces.

    m = vec2face.crowd(X, labels=y, cluster="kmeans", layout="tsne")
    m.save("map.svg"); m.clusters_; m.evaluation_

The pipeline: vectors (or texts, through topic vectors) -> clustering on the
vectors' principal components -> faces from a fitted :class:`Vec2Face` ->
a 2-D projection -> every point on its own grid cell (no overlaps, nothing
dropped; each cluster an island of cells, white space between them) -> an
SVG map with tinted cluster regions (``tints=False`` leaves
them out, so the faces alone show the clusters), captions, each cluster's
average face, the strangers, a legend and a title.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np

from vec2face.assemble.faces import SVGImage
from vec2face.assemble.records import Evaluation
from vec2face.errors import InputError, check_count, check_flag
from vec2face.io.files import counted
from vec2face.io.inputs import as_matrix, column_names, label_text, magnitude_unit
from vec2face.render.options import RenderOptions, check_seed, resolve_options

MAX_FACES = 100_000  # past this, a map draws a sample plus every cluster's face, and says so
ASSIGNMENTS = ("regions", "global")
CAPTION_MAX = 400  # per-face captions only where the map is small enough to read them


class CrowdMap(SVGImage):
    """A crowd map: ``svg``, ``save()``, ``_repr_svg_``, and what was found.

    Attributes:
        clusters_: the :class:`~vec2face.layout.cluster.Clustering` (labels, sizes, curves).
        evaluation_: the evaluation against known labels, or None.
        cells_: ``(n, 2)`` grid cell (column, row) of every point (-1 where not drawn).
        trustworthiness_: how well 5-nearest neighbourhoods survive the layout (0..1).
        strangers_: the strangers (noise points) as listed: label or text, and id (the 0-based row).
        layout_: the projection used. timings_: seconds per stage. notes_: what the map says about itself.
    """

    def __init__(self, svg, clusters, evaluation, cells, trustworthiness, layout, timings, notes, names, items=None):
        self._svg = svg
        self._item_source = items
        self.clusters_ = clusters
        self.evaluation_ = evaluation
        self.cells_ = cells
        self.trustworthiness_ = trustworthiness
        self.layout_ = layout
        self.timings_ = timings
        self.notes_ = notes
        self.cluster_names_ = names
        self.strangers_: list[str] = []

    def _items(self) -> list[dict]:
        return self._item_source() if callable(self._item_source) else (self._item_source or [])

    def _clusters(self):
        from vec2face.render.crowd import colour, numbered

        # named as the map's captions and the tooltips name them: "#1 · 0 (98%)", then how many faces
        return [(c, f"{numbered(c, name)}, {counted(size, 'face')}", colour(c)) for c, (name, size) in
                enumerate(zip(self.cluster_names_, self.clusters_.sizes()))]

    def k_curves_svg(self) -> str | None:
        """The silhouette and elbow curves over k as a small SVG plot, the chosen k marked (kmeans,
        agglomerative; over k - 3 .. k + 3 when k was fixed), or None (density clusterings)."""
        from vec2face.render.curves import curves_svg

        return curves_svg(self.clusters_.curves) if self.clusters_.curves else None

    def html(self, *, fragment: bool = False, title: str | None = None) -> str:
        """The map as an HTML page (see :meth:`SVGImage.html`), with the curves of k below it."""
        page = super().html(fragment=fragment, title=title)
        plot = self.k_curves_svg()
        if fragment or plot is None:
            return page
        from vec2face.render.html import inline_svg

        figure = f'<figure class="v2f-curves">{inline_svg(plot, ".v2f-curves")}<figcaption>Choosing k</figcaption></figure>'
        return page.replace("</body>", figure + "</body>", 1)

    def __repr__(self) -> str:
        strangers = len(self.clusters_.strangers)
        ev = self.evaluation_
        scores = f" ARI={ev['ari']:.3f} NMI={ev['nmi']:.3f}" if ev else ""
        found = f"{counted(self.clusters_.k, 'cluster')} ({self.clusters_.method})"
        return (f"<CrowdMap {counted(len(self.cells_), 'point')}, {found}, {counted(strangers, 'stranger')}, "
                f"{self.layout_} layout, trustworthiness {self.trustworthiness_:.3f}{scores}>")

    __str__ = __repr__  # print(m) says what the map is; m.svg is the document


def _trustworthiness(Z: np.ndarray, cells: np.ndarray, seed: int) -> float:
    from sklearn.manifold import trustworthiness

    n = len(Z)
    if n < 8:
        return 1.0
    idx = np.random.default_rng(seed).permutation(n)[:2000]
    k = min(5, (len(idx) - 1) // 2)
    return float(trustworthiness(Z[idx], cells[idx].astype(float), n_neighbors=k))


def majority_cluster_names(labels, clustering) -> list[str]:
    """Each cluster named by its majority label and that label's share, "7 (98%)", as the evaluation
    table counts them (:func:`vec2face.layout.cluster.majority_names`); a cluster with no label (or only
    labels that are blank once drawn) reads "unlabelled", not " (33%)". Crowd maps and doodle sheets name
    their clusters so."""
    from vec2face.layout.cluster import majority_names
    from vec2face.render.text import REPLACEMENT, clean

    return [f"{name} ({share:.0%})" if clean(name).replace(REPLACEMENT, "").strip() else "unlabelled"
            for name, share in majority_names(labels, clustering)]


def _cluster_names(clustering, labels, topics, topic_vectors) -> list[str]:
    """Each cluster's name: its topic's words (texts), else its majority label and that label's share
    (named as the evaluation table names it), else its number."""
    if topics is not None:
        return [topics.name_group(np.flatnonzero(clustering.labels == c)) for c in range(clustering.k)]
    if labels is not None:
        return majority_cluster_names(labels, clustering)
    return [f"cluster {c + 1}" for c in range(clustering.k)]


def stranger_names(strangers: np.ndarray, labels: Sequence | None, texts: Sequence[str] | None) -> list[str]:
    """How the map and the command list the strangers: the text's start, else the label, with the id (0-based row)."""
    out = []
    for i in strangers.tolist():
        if texts is not None:
            t = " ".join(str(texts[i]).split())
            out.append(f"#{i} \u201c{t[:48]}\u2026\u201d" if len(t) > 48 else f"#{i} \u201c{t}\u201d")
        elif labels is not None and (name := label_text(labels[i])).strip():
            out.append(f"{name} (#{i})")
        else:
            out.append(f"#{i}")
    return out


SEARCHED = 500  # characters of each text the page's search reads (the JSON carries them for every face)


def crowd(X=None, labels: Sequence | None = None, texts: Sequence[str] | None = None, *, style: str = "line",
          cluster: str = "kmeans", k: int | None = None, layout: str = "tsne", coords=None,
          title: str | None = None, captions: bool | None = None, n_topics: int = 10, embed: str = "topics",
          max_faces: int = MAX_FACES, options: RenderOptions | None = None, color: bool | None = None,
          tints: bool = True, assign: str = "regions", gutter: int | None = None, average: str = "mean",
          eps: float | None = None, min_samples: int | None = None, scale: str = "auto", seed: int = 0,
          progress: Callable[[str], None] | None = None) -> CrowdMap:
    """Cluster any embedding and lay it out as a map of faces.

    Args:
        X: ``(n, d)`` vectors (array, DataFrame, list of lists), or None with ``texts``.
        labels: optional true labels: they name clusters and enable the evaluation.
        texts: optional texts; without X they become topic vectors (TF-IDF + NMF).
        style: face style. cluster: kmeans, dbscan, hdbscan or agglomerative.
        k: the number of clusters (kmeans, agglomerative); None chooses it by silhouette.
        layout: tsne, pca, umap (extra) or auto; ``coords`` ``(n, 2)`` overrides it.
        title: the map's title. captions: per-face captions (default: labels when n <= 400).
        n_topics: topics for texts. embed: how texts become vectors: ``"topics"``
            (TF-IDF + NMF, built in) or ``"sentences"`` (all-MiniLM-L6-v2, the
            ``[text]`` extra; clusters are still named by their words).
        max_faces: past this, draw a sample and say so.
        options: how to draw the faces (:class:`~vec2face.RenderOptions`);
            ``color``, where given, replaces its field.
        color: colour fills (default True).
        tints: tint each cluster's region of the map (default True); False
            keeps the cluster captions, names and sizes, and the faces alone
            show which points belong together.
        assign: ``"regions"`` (default) gives each cluster one whole block of
            cells, placed where the projection puts it, and the faces their
            cells within it optimally; ``"global"`` assigns every face to its
            nearest free cell over the whole grid (the scatter's shape, but
            past a few hundred points clusters break into pieces).
        gutter: empty cells between two clusters' regions (``"regions"``
            only): None means 1, so regions read as islands with white space
            between them and no two faces of different clusters touch; 0 lets
            the regions fill the grid edge to edge.
        average: each cluster's face in the side panel: ``"mean"`` (default)
            decodes the mean of the cluster's codes; ``"medoid"`` draws the
            member nearest the cluster's centre.
        eps, min_samples: DBSCAN's radius and core size (default: the
            k-distance knee, :func:`~vec2face.layout.cluster.kdistance_knee`).
        scale: how the clustering and the layout see the columns of X:
            ``"auto"`` (default) standardises them when they are in different
            units (one column's spread over ten times the median column's, as
            in most tables) and keeps embeddings and pixels as they are;
            ``"standard"`` always, ``"none"`` never
            (:func:`~vec2face.layout.project.scaled`). The faces always see
            standardised columns. Texts' own vectors are kept as they are.
        seed: for everything random.
        progress: called with the name of each stage as it starts.
    """
    from vec2face.assemble.model import Vec2Face
    from vec2face.layout.assign import GUTTER, assign_by_cluster, assign_to_grid, check_gutter
    from vec2face.layout.cluster import cluster as run_cluster
    from vec2face.layout.cluster import evaluate
    from vec2face.layout.project import LAYOUTS, check_scale, project, reduce, scaled
    from vec2face.render.crowd import render_crowd
    from vec2face.style import get_style

    tints = check_flag("tints", tints)
    if assign not in ASSIGNMENTS:
        raise InputError(f"unknown assignment {assign!r}; use one of {', '.join(ASSIGNMENTS)}")
    if gutter is not None and check_gutter(gutter) and assign != "regions":
        raise InputError(f"a gutter separates the regions of assign='regions'; assign={assign!r} has none")
    if average not in ("mean", "medoid"):
        raise InputError(f"unknown average {average!r}; use mean or medoid")
    if not isinstance(layout, str):
        raise InputError(f"layout names a method ({', '.join(LAYOUTS)}); give your own 2-D positions as coords=, "
                         f"got {type(layout).__name__}")
    if k is not None:
        check_count("k", k, " of clusters")
    if texts is not None and (isinstance(texts, str) or not all(isinstance(t, str) for t in texts)):
        bad = texts if isinstance(texts, str) else next(t for t in texts if not isinstance(t, str))
        raise InputError(f"texts must be a list of strings, one a point; got {bad!r}"
                         + (" (a single string: wrap it in a list)" if isinstance(texts, str) else ""))
    check_scale(scale)  # before any work (texts are embedded first)
    from vec2face.layout.cluster import check_params

    check_params(cluster, k=k, eps=eps, min_samples=min_samples)
    if embed not in ("topics", "sentences"):
        raise InputError(f"unknown text embedding {embed!r}; use topics or sentences")
    check_count("n_topics", n_topics)
    if X is not None and (n_topics != 10 or embed != "topics"):  # they say how texts become vectors: X is given
        raise InputError(f"{'n_topics' if n_topics != 10 else 'embed'} is for maps of texts without X; "
                         "X is given, so the texts only name the points")
    if captions is not None:
        check_flag("captions", captions)
    check_count("max_faces", max_faces)
    seed = check_seed(seed)
    options = resolve_options(options, color=color)
    timings, notes = {}, []
    say = progress or (lambda stage: None)

    def stage(name):
        timings[name] = time.perf_counter()
        say(name)

    def done(name):
        timings[name] = round(time.perf_counter() - timings[name], 3)

    stage("adapter")
    topics = topic_vectors = None
    made_here = X is None
    if X is None:
        if texts is None:
            raise InputError("give vectors X, or texts")
        from vec2face.adapters.text import TextTopics

        topics = TextTopics(n_topics=n_topics, random_state=seed)
        topic_vectors = topics.fit_transform(texts)  # also names the clusters by their words
        if embed == "sentences":
            from vec2face.adapters.sentences import embed_sentences

            X = embed_sentences(texts)
        else:
            # topic weights by direction (cosine): a short text and a long one on the same topic belong together
            X = topic_vectors / np.maximum(np.linalg.norm(topic_vectors, axis=1, keepdims=True), 1e-12)
            from vec2face.io.readers import Table

            X = Table(X, [f"topic {j + 1}: {name}" for j, name in enumerate(topics.topic_names_)])  # the legend's inputs
    names_in = column_names(X)
    Xa = as_matrix(X)
    n = len(Xa)
    if labels is not None:
        labels = list(labels)
        if len(labels) != n:
            raise InputError(f"{len(labels)} labels for {n} points; give one label a point")
    if texts is not None and len(texts) != n:
        raise InputError(f"{len(texts)} texts for {n} points; give one text a point")
    if k is not None and k > n:
        raise InputError(f"{n} point(s) cannot make {k} clusters; choose k of at most {n}")
    # clustering and layout see the data times a power of two that brings it near 1: the same geometry to the last
    # bit, but t-SNE and squared distances stay finite (t-SNE crashed the process on values near 1e40 or 1e-30)
    unit = magnitude_unit(Xa)
    Xs, apart = scaled(Xa * unit, "none" if made_here else scale)  # vectors made here from texts keep their geometry
    if apart is not None and scale == "auto":
        notes.append(f"columns standardised for the clustering and layout: their spreads differ {apart:,.0f}-fold "
                     "(scale none keeps them)")
    Z = reduce(Xs, 50, seed)
    done("adapter")

    stage("clustering")
    if n == 1:
        from vec2face.layout.cluster import Clustering

        clusters = Clustering(np.zeros(1, dtype=int), cluster, 1, [0], Z.copy())
    else:
        given = eps if eps is None or apart is not None else eps * unit  # standardised columns: eps in sd
        clusters = run_cluster(Z, cluster, k=k, seed=seed, eps=given, min_samples=min_samples, curves=True)
        if "eps" in clusters.params and apart is None:  # in the data's own units
            clusters.params["eps"] = float(f"{clusters.params['eps'] / unit:.6g}")
        if clusters.k == 0:
            notes.append(f"{cluster} found no cluster: every point is a stranger")
    evaluation = Evaluation(evaluate(labels, clusters)) if labels is not None and n > 1 else None
    names = _cluster_names(clusters, labels, topics, topic_vectors)
    clusters.names = names
    done("clustering")

    stage("faces")
    model = Vec2Face(style=style, options=options, seed=seed)
    fitted_on = X if names_in is not None else Xa  # column names, when X has them, name the legend's inputs
    codes = model.fit(fitted_on).transform(fitted_on)
    if average == "mean":  # the face of the cluster's mean code
        centre_codes = np.array([codes[clusters.labels == c].mean(axis=0) for c in range(clusters.k)])
    else:  # the face of its medoid, a real member
        centre_codes = codes[np.asarray(clusters.representatives, dtype=int)]
    centre_codes = centre_codes.reshape(-1, codes.shape[1])
    done("faces")

    stage("layout")
    drawn = np.arange(n)
    if n > max_faces:
        rng = np.random.default_rng(seed)
        drawn = np.sort(rng.choice(n, size=max_faces, replace=False))
        notes.append(f"{n:,} points: the map draws a random sample of {max_faces:,} and every cluster's face")
    if coords is not None:
        xy = as_matrix(coords, what="the coordinates")
        if xy.shape != (n, 2):
            raise InputError(f"coordinates must be ({n}, 2), one (x, y) a point; got {xy.shape}")
        used = "given"
    else:
        xy, used = project(Z[drawn], layout, seed) if n > 1 else (np.zeros((1, 2)), "trivial")
        if layout == "tsne" and used == "pca":
            notes.append(f"t-SNE skipped for {n:,} points (too slow here): PCA layout")
    xy = xy[drawn] if coords is not None else xy
    if assign == "regions":
        cells_drawn, grid = assign_by_cluster(xy, clusters.labels[drawn], gutter=GUTTER if gutter is None else gutter)
    else:
        cells_drawn, grid = assign_to_grid(xy)
    cells = np.full((n, 2), -1, dtype=int)
    cells[drawn] = cells_drawn
    trust = _trustworthiness(Z[drawn], cells_drawn, seed)
    done("layout")

    stage("svg")
    show_caps = captions if captions is not None else (labels is not None and len(drawn) <= CAPTION_MAX)
    caps = [label_text(labels[i]) if labels is not None else str(i) for i in drawn] if show_caps else None
    strangers = stranger_names(clusters.strangers, labels, texts)
    method = f"{cluster}, k={clusters.k}" if clusters.k else cluster
    title = title or f"vec2face crowd: {counted(n, 'point')}, {counted(clusters.k, 'cluster')} ({method}), {used} layout"
    shown_as = "tinted regions named" if tints else "captioned (untinted) and named"
    desc = (f"A map of {len(drawn):,} faces, one per point, on a grid that keeps the {used} layout; clusters are "
            f"{shown_as} {', '.join(names[:8])}{f' and {len(names) - 8} more' if len(names) > 8 else ''}. "
            f"Trustworthiness of neighbourhoods {trust:.3f}.")
    legend_rows = [(r["feature"], r["source"]) for r in model.legend() if r.get("axis") is not None]
    st = get_style(style)
    centres = st.decode(centre_codes) if len(centre_codes) else None
    svg = render_crowd(st.decode(codes[drawn]), cells_drawn, grid, clusters.labels[drawn], names=names,
                       sizes=clusters.sizes(), centres=centres, options=options, captions_=caps, title=title,
                       desc=desc, legend_rows=legend_rows,
                       notes=notes + [f"trustworthiness {trust:.3f} ({used} layout, 5 neighbours)"],
                       strangers=strangers, tints=tints,
                       average_text="the face of each one's mean code" if average == "mean" else
                       "the face of each one's medoid (the member nearest its centre)")
    done("svg")
    def items():
        sub = model.face_items(Xa[drawn], codes[drawn], [labels[i] for i in drawn] if labels is not None else None,
                                clusters=clusters.labels[drawn], cluster_names=names)
        for it, i in zip(sub, drawn.tolist()):
            it["id"] = i
            if texts is not None:
                text = " ".join(str(texts[i]).split())
                if labels is None:  # a text map's search and tooltips read the text itself, not "row i"
                    it["l"] = text[:80]
                more = labels is not None or len(text) > 80  # the text says more than the label does
                if more:  # the search reads the text too (its first SEARCHED characters), the tooltip its start
                    it["x"] = text[:SEARCHED]
                it["t"] = ([text[:160]] if more else []) + it["t"][:1]
        return sub

    m = CrowdMap(svg, clusters, evaluation, cells, trust, used, timings, notes, names, items=items)
    m.strangers_ = strangers
    return m
