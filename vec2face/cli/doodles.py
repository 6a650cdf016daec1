"""``vec2face doodles``: hand-drawn faces (``cluster``: Quick, Draw! drawings as a map of faces)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from vec2face.cli import Dpi, Eps, MinSamples, Output, Width, app, check_k, check_output, echo, friendly
from vec2face.errors import Vec2FaceError
from vec2face.io.files import counted
from vec2face.layout.cluster import check_params

doodles_app = typer.Typer(help="Hand-drawn faces: cluster Quick, Draw! drawings into a map of their faces.",
                          no_args_is_help=True)
app.add_typer(doodles_app, name="doodles")


@doodles_app.command("cluster")
@friendly
def doodles_cluster(
    path: Annotated[Path, typer.Argument(help="drawings: Quick, Draw! .ndjson or .ndjson.gz")],
    output: Output = Path("clusters.svg"),
    cluster: Annotated[str, typer.Option(help="kmeans (default, as crowd), dbscan, hdbscan or agglomerative")] = "kmeans",
    k: Annotated[Optional[int], typer.Option("-k", min=1, help="number of clusters, kmeans and agglomerative only "
                                             "(default: chosen by silhouette)")] = None,
    label_key: Annotated[Optional[str], typer.Option("--label-key", help="ndjson key of true labels, e.g. word: "
                                                     "names the clusters by their majority, evaluates")] = None,
    eps: Eps = None,
    min_samples: MinSamples = None,
    width: Width = None,
    dpi: Dpi = 96.0,
) -> None:
    """Encode doodles to codes, cluster them, and draw each cluster beside its centre's face."""
    from vec2face.assemble.doodles import cluster_sheet, sheet_name
    from vec2face.assemble.faces import Gallery
    from vec2face.io.strokes import read_ndjson
    from vec2face.layout.cluster import evaluate, format_evaluation

    check_output(output, path, width=width, dpi=dpi)
    check_k(k, cluster)
    check_params(cluster, eps=eps, min_samples=min_samples)  # before the input is read
    drawings, meta = read_ndjson(path)
    labels = None
    if label_key is not None:
        missing = [i for i, m in enumerate(meta) if label_key not in m]
        if missing:  # named by its line in the file (blank lines hold no drawing)
            from vec2face.io.files import located, one_line
            from vec2face.io.readers import json_lines

            line = [n for n, _ in json_lines(path)][missing[0]]
            raise Vec2FaceError(f"{located(path, line)}: the drawing has no key {one_line(label_key)!r}"
                                + (f" (nor have {len(missing) - 1} more)" if len(missing) > 1 else ""))
        labels = [str(m[label_key]) for m in meta]
    svg, c = cluster_sheet(drawings, labels, method=cluster, k=k, eps=eps, min_samples=min_samples)
    names = labels or [f"doodle {i + 1}" for i in range(len(drawings))]
    items = [{"l": f"{name} ({sheet_name(c, j)})" if j >= 0 else f"{name} (stranger)", "id": i + 1}  # from 1, as named
             for i, (name, j) in enumerate(zip(names, c.labels.tolist()))]
    Gallery(svg, len(drawings), items=items).save(output, width=width, dpi=dpi)
    echo(f"wrote {output}: {counted(len(drawings), 'doodle')}, {counted(c.k, 'cluster')}, "
         f"{counted(len(c.strangers), 'stranger')}")
    if labels is not None and len(drawings) > 1:
        echo(format_evaluation(evaluate(labels, c), c.names))
