"""The ``vec2face`` command: thin typer wrappers around the library.

One module per command family, each registering its commands on ``app``:
:mod:`~vec2face.cli.draw` (draw, variations, gallery, photo), :mod:`~vec2face.cli.crowd`
(crowd, neighbors), :mod:`~vec2face.cli.doodles` (doodles cluster) and
:mod:`~vec2face.cli.info` (styles) and :mod:`~vec2face.cli.train` (train). This module holds what
they share: the error handling, the option types and the output check.

Bad input ends with ``Error: ...`` on stderr and exit code 2, never a
traceback, and never a half-written output file (the library writes
atomically).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, NoReturn, Optional

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


def fail(message: str) -> NoReturn:
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
Mono = Annotated[bool, typer.Option("--mono", help="single-colour line art")]
Sketchy = Annotated[bool, typer.Option("--sketchy", help="hand-drawn look (deterministic given --seed)")]
DEFAULT_STYLE = "line"


def check_output(path: Path) -> None:
    """Fail early on an output file whose format or folder is wrong."""
    from vec2face.render.raster import FORMATS

    if path.suffix.lower() not in FORMATS:
        raise Vec2FaceError(f"{path}: unknown output format {path.suffix or '(no suffix)'!r}; "
                            f"use one of {', '.join(FORMATS)}")
    if not path.parent.exists():
        raise Vec2FaceError(f"{path}: the folder {path.parent} does not exist")


# The command families register their commands on `app` as they are imported,
# in the order that `vec2face --help` lists them.
from vec2face.cli import crowd, doodles, draw, info, train  # noqa: E402,F401  # noqa: E402,F401


def main() -> None:
    app()
