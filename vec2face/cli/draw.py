"""``vec2face draw``, ``variations``, ``gallery`` and ``photo``: faces from vectors, files and photos."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from vec2face.adapters.learned import MAX_CARICATURE
from vec2face.cli import (
    DEFAULT_STYLE,
    SEED_MAX,
    Dpi,
    Fragment,
    Key,
    LineWidth,
    Mono,
    Output,
    Seed,
    Sketchy,
    Stroke,
    StyleOpt,
    Width,
    app,
    check_output,
    echo,
    finite,
    friendly,
    read_vectors,
)
from vec2face.errors import Vec2FaceError
from vec2face.io.datasets import DEMOS
from vec2face.io.files import counted
from vec2face.render.svg import MAX_SIZE


@app.command(context_settings={"ignore_unknown_options": True})
@friendly
def draw(
    values: Annotated[Optional[list[str]], typer.Argument(help="the vector's values, e.g. 0.3 -1.2 2.0")] = None,
    output: Output = Path("face.svg"),
    style: StyleOpt = DEFAULT_STYLE,
    seed: Seed = 0,
    mono: Mono = False,
    size: Annotated[float, typer.Option(callback=finite(at_least=1, at_most=MAX_SIZE),
                                        help=f"width and height in pixels (1 to {MAX_SIZE:,})")] = 200.0,
    expression: Annotated[Optional[str], typer.Option(help="a named expression, e.g. happy (line style)")] = None,
    stroke: Stroke = "#222",
    line_width: LineWidth = 1.6,
    width: Width = None,
    dpi: Dpi = 96.0,
    sketchy: Sketchy = False,
    title: Annotated[Optional[str], typer.Option(help="the face's accessible name (its SVG <title>)")] = None,
    from_strokes: Annotated[Optional[Path], typer.Option("--from-strokes",
                                                         help="redraw Quick, Draw! ndjson drawings instead")] = None,
) -> None:
    """Draw one vector as a face (or redraw pen strokes with --from-strokes)."""
    from vec2face.assemble.model import vec2face

    check_output(output, from_strokes, width=width, dpi=dpi)
    if from_strokes is not None:
        given = {"values": bool(values), "--style": style != DEFAULT_STYLE, "--seed": seed != 0, "--mono": mono,
                 "--size": size != 200.0, "--expression": expression is not None, "--stroke": stroke != "#222",
                 "--line-width": line_width != 1.6, "--sketchy": sketchy, "--title": title is not None}
        unused = [name for name, on in given.items() if on]
        if unused:  # the drawings are redrawn as they were drawn: these would do nothing
            raise Vec2FaceError(f"--from-strokes redraws the drawings as they are; it does not take "
                                f"{', '.join(unused)} (only -o, --width and --dpi)")
        from vec2face.assemble.doodles import strokes_gallery

        redrawn = strokes_gallery(from_strokes)
        redrawn.save(output, width=width, dpi=dpi)
        echo(f"wrote {output} ({counted(redrawn.n_faces, 'drawing')})")
        return
    if not values:
        raise Vec2FaceError("give the vector's values (e.g. vec2face draw 0.3 -1.2 2.0) or --from-strokes FILE")
    numbers = _numbers(values)
    face = vec2face(numbers, style=style, seed=seed, color=not mono, size=size, expression=expression,
                    stroke=stroke, line_width=line_width, sketchy=sketchy, title=title)
    face.save(output, width=width, dpi=dpi)
    echo(f"wrote {output}")


def _numbers(values: list[str]) -> list[float]:
    numbers = []
    for i, v in enumerate(values):
        try:
            numbers.append(float(v))
        except ValueError:
            if v.startswith("-") and len(v) > 1 and not v[1].isdigit() and v[1] != ".":  # an option, not a value
                raise Vec2FaceError(f"no such option: {v.split('=')[0]} (see --help)") from None
            raise Vec2FaceError(f"value {i + 1} ({v!r}) is not a number") from None
        if not math.isfinite(numbers[-1]):
            kind = "NaN" if math.isnan(numbers[-1]) else "Inf (infinite)"
            raise Vec2FaceError(f"value {i + 1} ({v!r}) is {kind}; values must be finite")
    return numbers


@app.command(context_settings={"ignore_unknown_options": True})
@friendly
def variations(
    values: Annotated[Optional[list[str]], typer.Argument(help="the vector's values, e.g. 0.3 -1.2 2.0")] = None,
    n: Annotated[int, typer.Option("-n", min=1, max=1000, help="how many variations")] = 8,
    spread: Annotated[float, typer.Option(callback=finite(at_least=0, at_most=100),
                                          help="the offsets' standard deviation, in sd of the code (0 to 100)")] = 0.5,
    output: Output = Path("variations.svg"),
    style: StyleOpt = DEFAULT_STYLE,
    seed: Annotated[int, typer.Option(min=0, max=SEED_MAX, help="seed of the offsets")] = 0,
    mono: Mono = False,
    stroke: Stroke = "#222",
    line_width: LineWidth = 1.6,
    sketchy: Annotated[bool, typer.Option("--sketchy", help="hand-drawn look (the same jitter on every run: "
                                                            "--seed moves only the offsets)")] = False,
    title: Annotated[Optional[str], typer.Option(help="a title above the row")] = None,
    expression: Annotated[Optional[str], typer.Option(help="a named expression, e.g. happy (line style)")] = None,
    width: Width = None,
    dpi: Dpi = 96.0,
) -> None:
    """Draw a vector's face and n faces near it (random offsets of its code), as one row."""
    from vec2face.assemble.model import variations as make_variations

    check_output(output, width=width, dpi=dpi)
    if not values:
        raise Vec2FaceError("give the vector's values, e.g. vec2face variations 0.3 -1.2 2.0 -n 8")
    row = make_variations(_numbers(values), n, spread=spread, style=style, seed=seed, color=not mono, stroke=stroke,
                          line_width=line_width, sketchy=sketchy, title=title, expression=expression)
    row.save(output, width=width, dpi=dpi)
    echo(f"wrote {output} (the face and {counted(n, 'variation')}, spread {spread:g} sd)")


@app.command()
@friendly
def gallery(
    path: Annotated[Optional[Path], typer.Argument(help="vectors: .csv .tsv .npy .npz .parquet .jsonl")] = None,
    output: Output = Path("gallery.svg"),
    demo: Annotated[Optional[str], typer.Option(help=f"use a scikit-learn bundled dataset: {', '.join(DEMOS)}")] = None,
    label_col: Annotated[Optional[str], typer.Option(
        "--label-col", help="column of labels (captions): its name, or its number counting from 1")] = None,
    columns: Annotated[int, typer.Option(min=1, help="faces per row")] = 10,
    style: StyleOpt = DEFAULT_STYLE,
    legend: Annotated[bool, typer.Option("--legend/--no-legend", help="add the feature legend")] = False,
    title: Annotated[Optional[str], typer.Option(help="a title above the gallery")] = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="draw only the first N rows")] = None,
    mono: Mono = False,
    key: Key = None,
    feature: Annotated[Optional[list[str]], typer.Option(
        "--feature", "-f", help="explicit mapping FEATURE=COLUMN, repeatable (e.g. smile=income): a column's name, "
        "or its number counting from 1 in the file, as --label-col")] = None,
    mapping: Annotated[str, typer.Option(
        help="pca (default), columns (column j drives feature j) or learned (chernoff: map learned on real faces)")] = "pca",
    expression: Annotated[Optional[str], typer.Option(help="a named expression for every face (line style)")] = None,
    fragment: Fragment = False,
    width: Width = None,
    dpi: Dpi = 96.0,
    plotter: Annotated[bool, typer.Option("--plotter", help="strokes only, one Inkscape layer per face part")] = False,
    plotter_text: Annotated[bool, typer.Option("--plotter-text", help="with --plotter: keep the captions")] = False,
    sketchy: Sketchy = False,
    seed: Annotated[int, typer.Option(min=0, max=SEED_MAX, help="seed of the sketchy jitter")] = 0,
) -> None:
    """Draw every row of a file (or a demo dataset) as a gallery of faces."""
    from vec2face.assemble.model import Vec2Face
    from vec2face.io.datasets import load_demo
    check_output(output, path, fragment=fragment, plotter=plotter, width=width, dpi=dpi)
    if plotter_text and not plotter:
        raise Vec2FaceError("--plotter-text keeps the captions of --plotter output; give --plotter too")
    if plotter and legend:
        raise Vec2FaceError("--plotter draws the faces' strokes only, with no legend; leave out --legend")
    if demo is not None and label_col is not None:
        raise Vec2FaceError(f"--label-col names a column of a file; the demo {demo!r} has its own labels")
    if key is not None and demo is not None:
        raise Vec2FaceError("--key names an array in an .npz archive; a demo has none")
    features = _parse_features(feature) if feature else None
    if features and mapping == "learned":
        raise Vec2FaceError(f"--feature maps columns by hand; it takes the place of --mapping {mapping}, so give one "
                            "or the other")
    if demo is not None and path is None:
        table = load_demo(demo)
    elif path is not None and demo is None:
        table = read_vectors(path, label_col=label_col, key=key)
    elif path is not None:
        raise Vec2FaceError(f"give a file of vectors or --demo NAME, not both (got {path} and --demo {demo})")
    else:
        raise Vec2FaceError(f"give a file of vectors or --demo NAME ({', '.join(DEMOS)})")
    if features:
        features = _file_columns(features, table)
    model = Vec2Face(style=style, color=not mono, mapping=mapping, features=features, expression=expression,
                     sketchy=sketchy, seed=seed)
    model.fit(table)
    X, labels = table.X, table.labels
    if limit is not None:
        X, labels = X[:limit], (labels[:limit] if labels else None)
    if title is None and demo:
        title = f"{demo}: {counted(len(X), 'row')} as {style} faces"
    if plotter:
        g = model.gallery(X, labels=labels if plotter_text else None, columns=columns, title=title, plotter=True)
    else:
        g = _with_progress(lambda progress: model.gallery(X, labels=labels, columns=columns, legend=legend,
                                                          title=title, progress=progress), len(X))
    g.save(output, fragment=fragment, width=width, dpi=dpi)
    echo(f"wrote {output} ({counted(len(X), 'face')})")


def _parse_features(items: list[str]) -> dict[str, str | int]:
    out: dict[str, str | int] = {}
    for item in items:
        name, sep, column = item.partition("=")
        if not sep or not name or not column:
            raise Vec2FaceError(f"--feature {item!r}: expected FEATURE=COLUMN, e.g. smile=income")
        if name.strip() in out:
            raise Vec2FaceError(f"--feature {item!r}: feature {name.strip()!r} is given twice; each feature takes one "
                                "column")
        out[name.strip()] = int(column) if column.strip().isdigit() else column.strip()
    return out


def _file_columns(features: dict[str, str | int], table) -> dict[str, str | int]:
    """``--feature`` columns given by number count from 1 in the file, as ``--label-col`` does: to the
    0-based index among the table's data columns (the label column left out)."""
    li = table.extra.get("label_column")
    skipped = [j for j in (table.extra.get("index_column"), li) if j is not None]  # file columns not drawn
    width = len(table.columns) + len(skipped)
    out: dict[str, str | int] = {}
    for name, column in features.items():
        if isinstance(column, int):
            if not 1 <= column <= width:
                raise Vec2FaceError(f"--feature {name}={column}: the file has {counted(width, 'column')}, counted from 1")
            j = column - 1
            if j == li:
                raise Vec2FaceError(f"--feature {name}={column}: column {column} holds the labels (--label-col)")
            if j in skipped:
                raise Vec2FaceError(f"--feature {name}={column}: column {column} is the row index, not drawn")
            column = j - sum(j > k for k in skipped)
        elif li is not None and column == table.extra.get("label_name"):
            raise Vec2FaceError(f"--feature {name}={column}: column {column!r} holds the labels (--label-col)")
        out[name] = column
    return out


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
    caricature: Annotated[float, typer.Option(callback=finite(at_least=0, at_most=MAX_CARICATURE),
                                              help="how far each face is pushed from the average face before the "
                                                   "style draws it (itself a caricature): 1 keeps the measured face, "
                                                   "more exaggerates it, 0 gives the average face (0 to "
                                                   f"{MAX_CARICATURE:g}: past it the face changes little)")] = 1.0,
    mono: Mono = False,
    width: Width = None,
    dpi: Dpi = 96.0,
) -> None:
    """Draw the faces found in a photo (needs the \\[faces] extra: dlib)."""
    from vec2face.assemble.faces import Gallery
    from vec2face.assemble.photo import draw_photo

    check_output(output, image, width=width, dpi=dpi)
    image_out = draw_photo(image, caricature=caricature, color=not mono)
    image_out.save(output, width=width, dpi=dpi)
    n = image_out.n_faces if isinstance(image_out, Gallery) else 1
    echo(f"wrote {output} ({counted(n, 'face')})")
