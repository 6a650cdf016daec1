"""The ``vec2face`` command: thin typer wrappers around the library.

Bad input ends with ``Error: ...`` on stderr and exit code 2, never a
traceback, and never a half-written output file (the library writes
atomically).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from vec2face.errors import Vec2FaceError

app = typer.Typer(
    name="vec2face",
    help="Turn numeric vectors into faces: SVG, PNG or PDF.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _style_help() -> str:
    from vec2face.style import styles

    return "face style: " + ", ".join(styles())


def fail(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(2)


def friendly(fn):
    """Report bad input as ``Error: ...`` with exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Vec2FaceError as exc:
            fail(str(exc))
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            fail(f"{exc.strerror or exc}: {exc.filename}" if getattr(exc, "filename", None) else str(exc))
        except ImportError as exc:
            fail(str(exc))

    return wrapper


Output = Annotated[Path, typer.Option("--output", "-o", help="output file: .svg, .png, .pdf or .html")]
Fragment = Annotated[bool, typer.Option("--fragment", help=".html: write an embeddable <div> instead of a page")]
Width = Annotated[Optional[int], typer.Option("--width", help=".png/.pdf: width in pixels")]
Dpi = Annotated[float, typer.Option("--dpi", help=".png/.pdf: resolution")]
StyleOpt = Annotated[str, typer.Option("--style", "-s", help="face style (see `vec2face styles`)")]
DEFAULT_STYLE = "line"


def _check_output(path: Path) -> None:
    from vec2face.render.raster import FORMATS

    if path.suffix.lower() not in FORMATS:
        raise Vec2FaceError(f"{path}: unknown output format {path.suffix or '(no suffix)'!r}; "
                            f"use one of {', '.join(FORMATS)}")
    if not path.parent.exists():
        raise Vec2FaceError(f"{path}: the folder {path.parent} does not exist")


@app.command(context_settings={"ignore_unknown_options": True})
@friendly
def draw(
    values: Annotated[Optional[list[str]], typer.Argument(help="the vector's values, e.g. 0.3 -1.2 2.0")] = None,
    output: Output = Path("face.svg"),
    style: StyleOpt = DEFAULT_STYLE,
    seed: Annotated[int, typer.Option(help="seed of the fixed projection")] = 0,
    mono: Annotated[bool, typer.Option("--mono", help="single-colour line art")] = False,
    size: Annotated[float, typer.Option(help="width and height in pixels")] = 200.0,
    expression: Annotated[Optional[str], typer.Option(help="a named expression, e.g. happy (line style)")] = None,
    stroke: Annotated[str, typer.Option(help="pen colour (CSS)")] = "#222",
    line_width: Annotated[float, typer.Option("--line-width", help="pen width (a face is 100 wide)")] = 1.6,
    width: Width = None,
    dpi: Dpi = 96.0,
    sketchy: Annotated[bool, typer.Option("--sketchy", help="hand-drawn look (deterministic given --seed)")] = False,
    from_strokes: Annotated[Optional[Path], typer.Option("--from-strokes",
                                                         help="redraw Quick, Draw! ndjson drawings instead")] = None,
) -> None:
    """Draw one vector as a face (or redraw pen strokes with --from-strokes)."""
    from vec2face.assemble.model import vec2face

    _check_output(output)
    if from_strokes is not None:
        from vec2face.assemble.faces import Gallery
        from vec2face.io.strokes import read_ndjson, render_drawings

        drawings, meta = read_ndjson(from_strokes)
        labels = [str(m.get("word", i)) for i, m in enumerate(meta)]
        Gallery(render_drawings(drawings, labels=labels, title=f"{from_strokes.name}: {len(drawings)} drawings"),
                len(drawings)).save(output, width=width, dpi=dpi)
        typer.echo(f"wrote {output} ({len(drawings)} drawings)")
        return
    if not values:
        raise Vec2FaceError("give the vector's values (e.g. vec2face draw 0.3 -1.2 2.0) or --from-strokes FILE")
    numbers = []
    for i, v in enumerate(values):
        try:
            numbers.append(float(v))
        except ValueError:
            raise Vec2FaceError(f"value {i + 1} ({v!r}) is not a number") from None
    face = vec2face(numbers, style=style, seed=seed, color=not mono, size=size, expression=expression,
                    stroke=stroke, line_width=line_width, sketchy=sketchy)
    face.save(output, width=width, dpi=dpi)
    typer.echo(f"wrote {output}")


@app.command()
@friendly
def gallery(
    path: Annotated[Optional[Path], typer.Argument(help="vectors: .csv .tsv .npy .npz .parquet .jsonl")] = None,
    output: Output = Path("gallery.svg"),
    demo: Annotated[Optional[str], typer.Option(help="use a scikit-learn bundled dataset: wine, digits, iris")] = None,
    label_col: Annotated[Optional[str], typer.Option("--label-col", help="column of labels (captions)")] = None,
    columns: Annotated[int, typer.Option(help="faces per row")] = 10,
    style: StyleOpt = DEFAULT_STYLE,
    legend: Annotated[bool, typer.Option("--legend/--no-legend", help="add the feature legend")] = False,
    title: Annotated[Optional[str], typer.Option(help="a title above the gallery")] = None,
    limit: Annotated[Optional[int], typer.Option(help="draw only the first N rows")] = None,
    mono: Annotated[bool, typer.Option("--mono", help="single-colour line art")] = False,
    key: Annotated[Optional[str], typer.Option(help=".npz: which array holds the vectors")] = None,
    feature: Annotated[Optional[list[str]], typer.Option(
        "--feature", "-f", help="explicit mapping FEATURE=COLUMN, repeatable (e.g. smile=income)")] = None,
    mapping: Annotated[str, typer.Option(
        help="pca (default), columns (column j drives feature j) or learned (chernoff: map learned on real faces)")] = "pca",
    expression: Annotated[Optional[str], typer.Option(help="a named expression for every face (line style)")] = None,
    fragment: Fragment = False,
    width: Width = None,
    dpi: Dpi = 96.0,
    plotter: Annotated[bool, typer.Option("--plotter", help="strokes only, one Inkscape layer per face part")] = False,
    plotter_text: Annotated[bool, typer.Option("--plotter-text", help="with --plotter: keep the captions")] = False,
    sketchy: Annotated[bool, typer.Option("--sketchy", help="hand-drawn look (deterministic given --seed)")] = False,
    seed: Annotated[int, typer.Option(help="seed of the sketchy jitter")] = 0,
) -> None:
    """Draw every row of a file (or a demo dataset) as a gallery of faces."""
    from vec2face.io.datasets import load_demo
    from vec2face.io.readers import read_table
    from vec2face.assemble.model import Vec2Face

    _check_output(output)
    if (path is None) == (demo is None):
        raise Vec2FaceError("give either a file of vectors or --demo NAME (wine, digits, iris)")
    table = load_demo(demo) if demo else read_table(path, label_col=label_col, key=key)
    if columns < 1:
        raise Vec2FaceError(f"--columns must be at least 1, got {columns}")
    features = _parse_features(feature) if feature else None
    model = Vec2Face(style=style, color=not mono, mapping=mapping, features=features, expression=expression,
                     sketchy=sketchy, seed=seed)
    model.fit(_named(table))
    X, labels = table.X, table.labels
    if limit is not None:
        X, labels = X[:limit], (labels[:limit] if labels else None)
    if title is None and demo:
        title = f"{demo}: {len(X)} rows as {style} faces"
    if plotter:
        g = model.gallery(X, labels=labels if plotter_text else None, columns=columns, title=title, plotter=True)
    else:
        g = _with_progress(lambda progress: model.gallery(X, labels=labels, columns=columns, legend=legend,
                                                          title=title, progress=progress), len(X))
    g.save(output, fragment=fragment, width=width, dpi=dpi)
    typer.echo(f"wrote {output} ({len(X)} faces)")


def _parse_features(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        name, sep, column = item.partition("=")
        if not sep or not name or not column:
            raise Vec2FaceError(f"--feature {item!r}: expected FEATURE=COLUMN, e.g. smile=income")
        out[name.strip()] = int(column) if column.strip().isdigit() else column.strip()
    return out


class _NamedMatrix:
    """A matrix with column names, as the model reads them from a DataFrame."""

    def __init__(self, X, columns):
        self.X, self.columns = X, columns

    def __array__(self, dtype=None, copy=None):
        return self.X if dtype is None else self.X.astype(dtype)


def _named(table):
    return _NamedMatrix(table.X, table.columns)


def _with_progress(job, total: int):
    """Run ``job(progress)`` with a rich progress bar when the run is long."""
    if total < 5000 or not sys.stderr.isatty():
        return job(None)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("drawing faces", total=total)
        return job(lambda done, n: bar.update(task, completed=done))


@app.command()
@friendly
def photo(
    image: Annotated[Path, typer.Argument(help="a photo (.jpg, .png)")],
    output: Output = Path("face.svg"),
    caricature: Annotated[float, typer.Option(help="1 draws the face as it is; more exaggerates it")] = 1.0,
    mono: Annotated[bool, typer.Option("--mono", help="single-colour line art")] = False,
) -> None:
    """Draw the faces found in a photo (needs the [faces] extra: dlib)."""
    from vec2face.adapters.learned import encode_landmarks
    from vec2face.adapters.photo import photo_landmarks
    from vec2face.assemble.faces import Gallery
    from vec2face.assemble.model import draw_codes
    from vec2face.render.grid import render_grid
    from vec2face.style import RenderOptions, get_style

    _check_output(output)
    points = photo_landmarks(image)
    if len(points) == 0:
        raise Vec2FaceError(f"{image}: no face found")
    codes = encode_landmarks(points, caricature=caricature)
    if len(codes) == 1:
        draw_codes(codes, color=not mono)[0].save(output)
    else:
        svg = render_grid(get_style("line"), codes, RenderOptions(color=not mono), labels=[f"face {i + 1}" for i in range(len(codes))],
                          columns=len(codes), title=f"{len(codes)} faces in {image.name}")
        Gallery(svg, len(codes)).save(output)
    typer.echo(f"wrote {output} ({len(codes)} face{'s' if len(codes) > 1 else ''})")


from vec2face.cli import train as _train  # noqa: E402  (the command lives in its own module)

_train.register(app)


@app.command()
@friendly
def crowd(
    path: Annotated[Optional[Path], typer.Argument(help="vectors (.csv .tsv .npy .npz .parquet .jsonl) or, with --text, texts")] = None,
    output: Output = Path("crowd.svg"),
    demo: Annotated[bool, typer.Option("--demo", help="600 handwritten digits bundled with scikit-learn")] = False,
    text: Annotated[bool, typer.Option("--text", help="PATH holds texts (one a line, or fortune files split by %)")] = False,
    label_col: Annotated[Optional[str], typer.Option("--label-col", help="column of true labels (names clusters, evaluates)")] = None,
    cluster: Annotated[str, typer.Option(help="kmeans, dbscan, hdbscan or agglomerative")] = "kmeans",
    k: Annotated[Optional[int], typer.Option("-k", help="number of clusters (default: chosen by silhouette)")] = None,
    layout: Annotated[str, typer.Option(help="tsne, pca, umap or auto")] = "tsne",
    style: StyleOpt = DEFAULT_STYLE,
    title: Annotated[Optional[str], typer.Option(help="the map's title")] = None,
    topics: Annotated[int, typer.Option(help="topics for --text")] = 10,
    embed: Annotated[str, typer.Option(help="--text: topics (TF-IDF + NMF) or sentences (the [text] extra)")] = "topics",
    mono: Annotated[bool, typer.Option("--mono", help="single-colour line art")] = False,
    fragment: Fragment = False,
    width: Width = None,
    dpi: Dpi = 96.0,
) -> None:
    """Cluster an embedding and draw it as a map of faces ("faces in a crowd")."""
    from vec2face.layout.cluster import format_evaluation
    from vec2face.assemble.crowd import crowd as make_crowd

    _check_output(output)
    if demo == (path is not None):
        raise Vec2FaceError("give either a file or --demo")
    labels = texts = X = None
    if demo:
        from vec2face.io.datasets import load_demo

        import numpy as np

        table = load_demo("digits")
        order = np.random.default_rng(0).permutation(len(table.X))[:600]
        X, labels = table.X[order], [table.labels[i] for i in order]
        title = title or "vec2face crowd: 600 handwritten digits (8x8 pixels), clustered"
    elif text:
        from vec2face.adapters.text import read_texts

        texts = read_texts(path)
    else:
        from vec2face.io.readers import read_table

        table = read_table(path, label_col=label_col)
        X, labels = _named(table), table.labels
    stages = []
    m = make_crowd(X, labels=labels, texts=texts, style=style, cluster=cluster, k=k, layout=layout, title=title,
                   n_topics=topics, embed=embed, color=not mono, progress=stages.append)
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
    from vec2face.io.readers import read_table
    from vec2face.assemble.neighbors import neighbor_strip

    _check_output(output)
    table = read_table(path, label_col=label_col)
    strip, idx, dist = neighbor_strip(_named(table), query, k=k, labels=table.labels, style=style)
    strip.save(output)
    typer.echo(f"wrote {output}: row {query} and its {len(idx)} nearest neighbours: "
               + ", ".join(f"{i} ({d:.2f})" for i, d in zip(idx.tolist(), dist.tolist())))


doodles_app = typer.Typer(help="Hand-drawn faces: encode, cluster.", no_args_is_help=True)
app.add_typer(doodles_app, name="doodles")


@doodles_app.command("cluster")
@friendly
def doodles_cluster(
    path: Annotated[Path, typer.Argument(help="drawings: Quick, Draw! .ndjson or .ndjson.gz")],
    output: Output = Path("clusters.svg"),
    cluster: Annotated[str, typer.Option(help="kmeans, dbscan, hdbscan or agglomerative")] = "dbscan",
    k: Annotated[Optional[int], typer.Option("-k", help="number of clusters (kmeans, agglomerative)")] = None,
    label_key: Annotated[Optional[str], typer.Option("--label-key", help="ndjson key of true labels, e.g. word")] = None,
) -> None:
    """Encode doodles to codes, cluster them, and draw each cluster beside its centre's face."""
    from vec2face.adapters.doodles import cluster_sheet
    from vec2face.layout.cluster import evaluate, format_evaluation
    from vec2face.assemble.faces import Gallery
    from vec2face.io.strokes import read_ndjson

    _check_output(output)
    drawings, meta = read_ndjson(path)
    labels = None
    if label_key is not None:
        missing = [i + 1 for i, m in enumerate(meta) if label_key not in m]
        if missing:
            raise Vec2FaceError(f"{path}: drawing(s) {missing[:5]} have no key {label_key!r}")
        labels = [str(m[label_key]) for m in meta]
    svg, c = cluster_sheet(drawings, labels, method=cluster, k=k)
    Gallery(svg, len(drawings)).save(output)
    typer.echo(f"wrote {output}: {len(drawings)} doodles, {c.k} clusters, {len(c.strangers)} strangers")
    if labels is not None and len(drawings) > 1:
        typer.echo(format_evaluation(evaluate(labels, c)))


@app.command("styles")
def list_styles() -> None:
    """List the registered face styles and their named features."""
    from vec2face.style import broken_styles, get_style, styles

    for name, features in styles().items():
        st = get_style(name)
        typer.echo(f"{name}: {st.description}")
        for f in st.features:
            typer.echo(f"  {f.name:<14} {f.doc}")
    for name, why in broken_styles().items():
        typer.echo(f"{name}: failed to load ({why})", err=True)


def main() -> None:
    app()
