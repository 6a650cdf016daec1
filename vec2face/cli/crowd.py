"""``vec2face crowd`` and ``neighbors``: an embedding as a map of faces, a row and its neighbours."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from vec2face.cli import DEFAULT_STYLE, Dpi, Fragment, Mono, Output, StyleOpt, Width, app, check_output, friendly
from vec2face.errors import Vec2FaceError


@app.command()
@friendly
def crowd(
    path: Annotated[Optional[Path], typer.Argument(
        help="vectors (.csv .tsv .npy .npz .parquet .jsonl) or, with --text, texts")] = None,
    output: Output = Path("crowd.svg"),
    demo: Annotated[bool, typer.Option("--demo", help="600 handwritten digits bundled with scikit-learn")] = False,
    text: Annotated[bool, typer.Option("--text", help="PATH holds texts (one a line, or fortune files split by %)")] = False,
    label_col: Annotated[Optional[str], typer.Option(
        "--label-col", help="column of true labels (names clusters, evaluates)")] = None,
    cluster: Annotated[str, typer.Option(help="kmeans, dbscan, hdbscan or agglomerative")] = "kmeans",
    k: Annotated[Optional[int], typer.Option("-k", help="number of clusters (default: chosen by silhouette)")] = None,
    layout: Annotated[str, typer.Option(help="tsne, pca, umap or auto")] = "tsne",
    style: StyleOpt = DEFAULT_STYLE,
    title: Annotated[Optional[str], typer.Option(help="the map's title")] = None,
    topics: Annotated[int, typer.Option(help="topics for --text")] = 10,
    embed: Annotated[str, typer.Option(help="--text: topics (TF-IDF + NMF) or sentences (the [text] extra)")] = "topics",
    mono: Mono = False,
    no_tints: Annotated[bool, typer.Option("--no-tints", help="no tinted cluster regions: the faces alone show "
                                           "the clusters (captions and sizes stay)")] = False,
    fragment: Fragment = False,
    width: Width = None,
    dpi: Dpi = 96.0,
) -> None:
    """Cluster an embedding and draw it as a map of faces ("faces in a crowd")."""
    from vec2face.assemble.crowd import crowd as make_crowd
    from vec2face.layout.cluster import format_evaluation

    check_output(output)
    if demo == (path is not None):
        raise Vec2FaceError("give either a file or --demo")
    labels = texts = None
    X: object = None
    if demo or path is None:
        from vec2face.io.datasets import load_demo

        table = load_demo("digits", sample=600, seed=0)
        X, labels = table.X, table.labels
        title = title or "vec2face crowd: 600 handwritten digits (8x8 pixels), clustered"
    elif text:
        from vec2face.io.texts import read_texts

        texts = read_texts(path)
    else:
        from vec2face.io.readers import read_table

        table = read_table(path, label_col=label_col)
        X, labels = table, table.labels
    stages: list[str] = []
    m = make_crowd(X, labels=labels, texts=texts, style=style, cluster=cluster, k=k, layout=layout, title=title,
                   n_topics=topics, embed=embed, color=not mono, tints=not no_tints, progress=stages.append)
    m.save(output, fragment=fragment, width=width, dpi=dpi)
    timing = ", ".join(f"{s} {t:.1f}s" for s, t in m.timings_.items())
    typer.echo(f"wrote {output}: {len(m.cells_)} faces, {m.clusters_.k} clusters, "
               f"trustworthiness {m.trustworthiness_:.3f} ({timing})")
    for note in m.notes_:
        typer.echo(f"note: {note}")
    if m.evaluation_ is not None:
        typer.echo(format_evaluation(m.evaluation_, m.cluster_names_))


@app.command()
@friendly
def neighbors(
    path: Annotated[Path, typer.Argument(help="vectors: .csv .tsv .npy .npz .parquet .jsonl")],
    query: Annotated[int, typer.Option("--query", help="the row to look up (0-based)")],
    k: Annotated[int, typer.Option("-k", help="how many neighbours")] = 8,
    output: Output = Path("neighbors.svg"),
    label_col: Annotated[Optional[str], typer.Option("--label-col", help="column of labels (captions)")] = None,
    style: StyleOpt = DEFAULT_STYLE,
) -> None:
    """A strip of the query row's face and its nearest neighbours' faces (in code space)."""
    from vec2face.assemble.neighbors import neighbor_strip
    from vec2face.io.readers import read_table

    check_output(output)
    table = read_table(path, label_col=label_col)
    strip, idx, dist = neighbor_strip(table, query, k=k, labels=table.labels, style=style)
    strip.save(output)
    typer.echo(f"wrote {output}: row {query} and its {len(idx)} nearest neighbours: "
               + ", ".join(f"{i} ({d:.2f})" for i, d in zip(idx.tolist(), dist.tolist())))
