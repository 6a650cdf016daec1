"""``vec2face crowd`` and ``neighbors``: an embedding as a map of faces, a row and its neighbours."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from vec2face.cli import (
    DEFAULT_STYLE,
    Dpi,
    Eps,
    Fragment,
    Key,
    MinSamples,
    Mono,
    Output,
    StyleOpt,
    Width,
    app,
    check_k,
    check_output,
    echo,
    friendly,
    read_vectors,
    same_file,
)
from vec2face.errors import Vec2FaceError
from vec2face.io.files import counted, shown_path
from vec2face.layout.assign import GUTTER, GUTTER_MAX
from vec2face.layout.cluster import check_params
from vec2face.render.raster import IMAGE_FORMATS, SIZED_FORMATS


@app.command()
@friendly
def crowd(
    path: Annotated[Optional[Path], typer.Argument(
        help="vectors (.csv .tsv .npy .npz .parquet .jsonl) or, with --text, texts")] = None,
    output: Output = Path("crowd.svg"),
    demo: Annotated[bool, typer.Option("--demo", help="600 handwritten digits bundled with scikit-learn")] = False,
    text: Annotated[bool, typer.Option("--text", help="PATH holds texts: one a line, fortune files split by %, "
                                       "or a table (.csv .tsv .jsonl .parquet) with --text-col")] = False,
    text_col: Annotated[str, typer.Option("--text-col", help="--text with a table: the column of texts")] = "text",
    label_col: Annotated[Optional[str], typer.Option(
        "--label-col", help="column of true labels (names clusters, evaluates)")] = None,
    key: Key = None,
    cluster: Annotated[str, typer.Option(help="kmeans, dbscan, hdbscan or agglomerative")] = "kmeans",
    k: Annotated[Optional[int], typer.Option("-k", min=1, help="number of clusters, kmeans and agglomerative only "
                                             "(default: chosen by silhouette)")] = None,
    eps: Eps = None,
    min_samples: MinSamples = None,
    curves: Annotated[Optional[Path], typer.Option("--curves", help="also write the elbow and silhouette curves over "
                                                   "k (.svg .png .pdf; kmeans, agglomerative)")] = None,
    assign: Annotated[str, typer.Option("--assign", help="regions: each cluster one whole block (default); "
                                        "global: every face its nearest free cell")] = "regions",
    gutter: Annotated[Optional[int], typer.Option("--gutter", min=0, max=GUTTER_MAX, help=(
        f"--assign regions: empty cells between two clusters' regions (default {GUTTER}: islands with white "
        "space between them; 0: regions edge to edge)"))] = None,
    average: Annotated[str, typer.Option("--average", help="each cluster's face in the panel: mean (its mean "
                                         "code, decoded) or medoid (its most central member)")] = "mean",
    layout: Annotated[str, typer.Option(help="tsne, pca, umap or auto")] = "tsne",
    scale: Annotated[str, typer.Option(help="how clustering and layout see the columns: auto (standardised when "
                                       "they are in different units, as in most tables), standard or none")] = "auto",
    style: StyleOpt = DEFAULT_STYLE,
    title: Annotated[Optional[str], typer.Option(help="the map's title")] = None,
    topics: Annotated[int, typer.Option(min=1, max=1000, help="topics for --text")] = 10,
    embed: Annotated[str, typer.Option(help="--text: topics (TF-IDF + NMF) or sentences (the \\[text] extra)")] = "topics",
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

    sized = set(SIZED_FORMATS)  # with --curves, --width and --dpi size whichever of the two files is an image
    check_output(output, path, fragment=fragment, width=width if curves is None else None,
                 dpi=dpi if curves is None else 96.0)
    if curves is not None:
        check_output(curves, path, formats=IMAGE_FORMATS)
        if (width is not None or dpi != 96.0) and not {output.suffix.lower(), curves.suffix.lower()} & sized:
            raise Vec2FaceError(f"{shown_path(output)}: --width and --dpi size a .png or .pdf; neither this output nor the "
                                f"curves ({curves.suffix}) is one")
        if same_file(curves, output):
            raise Vec2FaceError(f"{shown_path(curves)}: --curves and --output name the same file; give the curves a file of "
                                "their own")
    if demo and path is not None:
        raise Vec2FaceError(f"give either a file or --demo, not both: crowd's --demo maps 600 handwritten digits "
                            f"and takes no name ({str(path)!r} was read as the input file)")
    if not demo and path is None:
        raise Vec2FaceError("give a file of vectors (or texts with --text), or --demo for 600 handwritten digits")
    check_k(k, cluster)
    check_params(cluster, eps=eps, min_samples=min_samples)  # before the input is read
    if gutter and assign != "regions":
        raise Vec2FaceError(f"--gutter separates the regions of --assign regions; --assign {assign} has none")
    if curves is not None and cluster not in ("kmeans", "agglomerative"):
        raise Vec2FaceError(f"--curves plots k for kmeans and agglomerative; {cluster} has no k to choose")
    if not text:  # options for texts, given with vectors, would do nothing
        for name, on in (("--text-col", text_col != "text"), ("--topics", topics != 10), ("--embed", embed != "topics")):
            if on:
                raise Vec2FaceError(f"{name} is for texts (--text); without --text the file holds vectors")
    if key is not None and (demo or text):
        raise Vec2FaceError("--key names an array in an .npz archive of vectors; this input has none")
    labels = texts = None
    X: object = None
    if demo or path is None:
        from vec2face.io.datasets import load_demo

        table = load_demo("digits", sample=600, seed=0)
        X, labels = table, table.labels  # the table, as a file's: the legend names the pixels (pixel_3_4)
        title = title or "vec2face crowd: 600 handwritten digits (8x8 pixels), clustered"
    elif text:
        from vec2face.io.texts import TEXT_TABLES, read_text_table, read_texts

        if path.suffix.lower() in TEXT_TABLES:
            texts, labels = read_text_table(path, text_col=text_col, label_col=label_col)
        else:
            if label_col is not None:
                raise Vec2FaceError(f"{shown_path(path)}: --label-col needs a table of texts ({', '.join(TEXT_TABLES)})")
            texts = read_texts(path)
        if len(texts) < 2:
            raise Vec2FaceError(f"{shown_path(path)}: {counted(len(texts), 'text')}; a map of texts needs at least 2")
    else:
        table = read_vectors(path, label_col=label_col, key=key)
        X, labels = table, table.labels
    stages: list[str] = []
    m = make_crowd(X, labels=labels, texts=texts, style=style, cluster=cluster, k=k, layout=layout, title=title,
                   n_topics=topics, embed=embed, color=not mono, tints=not no_tints, assign=assign, gutter=gutter,
                   average=average, eps=eps, min_samples=min_samples, scale=scale, progress=stages.append)
    plot = m.k_curves_svg() if curves is not None else None
    if curves is not None and plot is not None:  # made before anything is written: a bad size writes no file at all
        from vec2face.render.raster import convert

        plot_data = convert(plot, curves.suffix or ".svg", width=width, dpi=dpi)
    image = output.suffix.lower() in sized
    new_curves = curves is not None and plot is not None and not curves.exists()
    if curves is not None and plot is not None:  # the curves first: a folder that takes no file fails before the map
        from vec2face.io.atomic import write_atomic

        write_atomic(curves, plot_data)
    try:
        m.save(output, fragment=fragment, width=width if image else None, dpi=dpi if image else 96.0)
    except BaseException:
        if new_curves:  # no output at all from a command that fails
            curves.unlink(missing_ok=True)  # type: ignore[union-attr]
        raise
    timing = ", ".join(f"{s} {t:.1f}s" for s, t in m.timings_.items())
    found = m.clusters_
    params = "".join(f", {name} {val}" for name, val in found.params.items())
    echo(f"wrote {output}: {counted(len(m.cells_), 'face')}, {counted(found.k, 'cluster')} ({found.method}{params}), "
               f"{len(found.strangers)} strangers, trustworthiness {m.trustworthiness_:.3f} ({timing})")
    if curves is not None:
        if plot is None:
            echo(f"note: no curves to write to {curves}: too few points to try several k")
        else:
            echo(f"wrote {curves}: elbow and silhouette over k = {found.curves['k'][0]}..{found.curves['k'][-1]}, "
                       f"chosen k = {found.curves['chosen']}")
    for note in m.notes_:
        echo(f"note: {note}")
    if m.strangers_:
        more = f", ... and {len(m.strangers_) - 20} more" if len(m.strangers_) > 20 else ""
        echo(f"strangers ({len(m.strangers_)}): " + "; ".join(m.strangers_[:20]) + more)
    if m.evaluation_ is not None:
        echo(format_evaluation(m.evaluation_, m.cluster_names_))
    else:
        for c, (name, size) in enumerate(zip(m.cluster_names_, found.sizes())):
            echo(f"{c + 1:>3} {name[:40]:<40} {size:>6}")


@app.command()
@friendly
def neighbors(
    path: Annotated[Path, typer.Argument(help="vectors: .csv .tsv .npy .npz .parquet .jsonl")],
    query: Annotated[int, typer.Option("--query", min=0, help="the row to look up (0-based)")],
    k: Annotated[int, typer.Option("-k", min=1, max=1000, help="how many neighbours")] = 8,
    output: Output = Path("neighbors.svg"),
    label_col: Annotated[Optional[str], typer.Option("--label-col", help="column of labels (captions)")] = None,
    key: Key = None,
    style: StyleOpt = DEFAULT_STYLE,
    mono: Mono = False,
    width: Width = None,
    dpi: Dpi = 96.0,
) -> None:
    """A strip of the query row's face and its nearest neighbours' faces (in code space)."""
    from vec2face.assemble.neighbors import neighbor_strip

    check_output(output, path, width=width, dpi=dpi)
    table = read_vectors(path, label_col=label_col, key=key)
    if len(table.X) < 2:
        raise Vec2FaceError(f"{shown_path(path)}: one row has no neighbours; give at least 2 rows")
    strip, idx, dist = neighbor_strip(table, query, k=k, labels=table.labels, style=style, color=not mono)
    strip.save(output, width=width, dpi=dpi)
    echo(f"wrote {output}: row {query} and its {len(idx)} nearest neighbours: "
               + ", ".join(f"{i} ({d:.2f})" for i, d in zip(idx.tolist(), dist.tolist())))
