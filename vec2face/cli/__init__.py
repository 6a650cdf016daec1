"""The ``vec2face`` command: thin typer wrappers around the library.

One module per command family, each registering its commands on ``app``:
:mod:`~vec2face.cli.draw` (draw, variations, gallery, photo), :mod:`~vec2face.cli.crowd`
(crowd, neighbors), :mod:`~vec2face.cli.doodles` (doodles cluster) and
:mod:`~vec2face.cli.info` (styles) and :mod:`~vec2face.cli.train` (train). This module holds what
they share: the error handling, the option types and the output check.

Bad input ends with one line, ``Error: ...``, on stderr and exit code 2, never
a traceback, and never a half-written output file (the library writes
atomically). That holds for option values too: every number is checked by a
range (``min=``, ``max=`` for whole numbers; floats go through :func:`finite`,
which refuses nan and inf before it checks their range), and a
usage error (a bad value, an unknown option, a missing one) is one line that
names the option, not click's usage block.

Help texts are rich markup: write an extra's name as ``\\[faces]``, or rich
takes ``[faces]`` for a tag and drops it.
"""

from __future__ import annotations

import functools
import math
import os
import re
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer
from typer.core import TyperGroup, TyperOption

from vec2face.errors import Vec2FaceError
from vec2face.io.files import shown_path
from vec2face.render.options import SEED_MAX
from vec2face.render.text import BIDI_CONTROLS

# click's exception classes, from whichever click this typer uses (its own since typer 0.26)
_ClickException: Any = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
_NoArgsIsHelp: Any = getattr(sys.modules[_ClickException.__module__], "NoArgsIsHelpError", None) or type(
    "_NeverRaised", (Exception,), {})


_shown_type = getattr(TyperOption, "display_type_rich", None)  # typer 0.29 on; older ones show no "<bool>"


def _flag_shows_no_type(self, ctx):
    """typer shows a flag as ``--mono <bool>``, which reads as if it took a value (``--mono true``
    fails); a flag shows no type, as click's own help writes it."""
    return None if self.is_flag or _shown_type is None else _shown_type(self, ctx)


if _shown_type is not None:
    TyperOption.display_type_rich = _flag_shows_no_type  # type: ignore[method-assign]


# typer's range and type messages for whole-number options, in the words the float options use
_PLAIN = ((re.compile(r"Input should be greater than or equal to (\S+)"), r"below \1, the least it may be"),
          (re.compile(r"Input should be less than or equal to (\S+)"), r"above \1, the most it may be"),
          (re.compile(r"Input should be a valid integer, unable to parse string as an integer"), "not a whole number"))


def _plain(message: str) -> str:
    for pattern, words in _PLAIN:
        message = pattern.sub(words, message)
    return message


class OneLineErrors(TyperGroup):
    """The command group, with usage errors reported as one ``Error:`` line (exit code 2)."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, windows_expand_args: bool = True, **extra: Any) -> Any:
        run = functools.partial(super().main, args, prog_name, complete_var, standalone_mode=False,
                                windows_expand_args=windows_expand_args, **extra)
        if not standalone_mode:
            return run()
        try:
            rv = run()
        except _NoArgsIsHelp as exc:  # a bare command: its help, as click shows it
            exc.show()
            sys.exit(exc.exit_code)
        except _ClickException as exc:
            hint = f" (see '{exc.ctx.command_path} --help')" if getattr(exc, "ctx", None) is not None else ""
            message = _plain(" ".join(exc.format_message().split()))
            echo(f"Error: {message}{hint}", err=True)
            sys.exit(2)
        except typer.Abort:
            echo("Aborted.", err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


app = typer.Typer(
    name="vec2face",
    cls=OneLineErrors,
    help="Turn numeric vectors into faces: SVG, PNG or PDF.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


# Control characters in what the terminal is shown (labels, texts, file names from the data): terminal escape
# sequences and bells are written out as \x.. escapes instead of acting on the terminal, and the bidirectional
# overrides, embeddings and isolates as \u.... escapes instead of reordering the rest of the line.
_CONTROL = {c: f"\\x{c:02x}" for c in (*range(32), 127, *range(0x80, 0xA0)) if c not in (9, 10)}
_CONTROL.update({c: f"\\u{c:04x}" for c in BIDI_CONTROLS})


def echo(text: object = "", err: bool = False) -> None:
    """``typer.echo`` with control characters made visible (``\\x1b``) instead of acted on."""
    typer.echo(str(text).translate(_CONTROL), err=err)


def _print_version(value: bool) -> None:
    if value:
        import vec2face

        echo(f"vec2face {vec2face.__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                                help="print the version and exit")] = False) -> None:
    """Turn numeric vectors into faces: SVG, PNG or PDF."""


def finite(above: float | None = None, *, at_least: float | None = None, at_most: float | None = None):
    """An option callback for floats: refuses nan and inf, then values not
    above ``above``, below ``at_least`` or above ``at_most``. Float options
    take their range here rather than typer's ``min=``/``max=``, which would
    answer nan with a range message ("should be at most 10000")."""

    def check(value: Optional[float]) -> Optional[float]:
        if value is None:
            return value
        if not math.isfinite(value):
            raise typer.BadParameter(f"{value} is not a finite number")
        if above is not None and value <= above:
            raise typer.BadParameter(f"{value:g} is not above {above:g}")
        if at_least is not None and value < at_least:
            raise typer.BadParameter(f"{value:g} is below {at_least:g}, the least it may be")
        if at_most is not None and value > at_most:
            raise typer.BadParameter(f"{value:g} is above {at_most:g}, the most it may be")
        return value

    return check


MAX_PIXELS_A_SIDE = 32767  # cairo's largest image


def fail(message: str) -> NoReturn:
    echo(f"Error: {message}", err=True)
    raise typer.Exit(2)


def friendly(fn):
    """Report bad input as ``Error: ...`` with exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            with warnings.catch_warnings(record=True) as caught:  # a warning is a note, not a source line
                warnings.simplefilter("always")
                result = fn(*args, **kwargs)
            for message in dict.fromkeys(str(w.message) for w in caught):
                echo(f"note: {message}")
            return result
        except Vec2FaceError as exc:
            fail(str(exc))
        except OSError as exc:  # a missing file, a folder, no permission, a read-only or full disk
            fail(f"{exc.strerror or exc}: {exc.filename}" if getattr(exc, "filename", None) else str(exc))
        except ImportError as exc:
            fail(str(exc))

    return wrapper


Output = Annotated[Path, typer.Option("--output", "-o", help="output file: .svg, .png, .pdf or .html")]
Fragment = Annotated[bool, typer.Option("--fragment", help=".html: write an embeddable <div> instead of a page")]
Width = Annotated[Optional[int], typer.Option("--width", min=1, max=MAX_PIXELS_A_SIDE,
                                              help=".png/.pdf: width in pixels")]
Eps = Annotated[Optional[float], typer.Option("--eps", callback=finite(above=0), help="dbscan: neighbourhood radius, "
                                            "in the units of what is clustered (crowd: the columns, scaled as "
                                            "--scale says; doodles: their codes) (default: the knee of the "
                                            "k-distance curve)")]
MinSamples = Annotated[Optional[int], typer.Option("--min-samples", min=1, help="dbscan: points that make a core "
                                                   "(default: n / 50, within 5..50)")]
Dpi = Annotated[float, typer.Option("--dpi", callback=finite(at_least=1, at_most=10_000),
                                   help=".png: dots an inch, 96 = one pixel an SVG unit, 192 twice as many "
                                        "(unless --width); .pdf: SVG units an inch (1 to 10,000)")]
Seed = Annotated[int, typer.Option("--seed", min=0, max=SEED_MAX, help="seed of the fixed projection")]
StyleOpt = Annotated[str, typer.Option("--style", "-s", help="face style (see `vec2face styles`)")]
Mono = Annotated[bool, typer.Option("--mono", help="single-colour line art")]
Sketchy = Annotated[bool, typer.Option("--sketchy", help="hand-drawn look (deterministic given --seed)")]
Stroke = Annotated[str, typer.Option(help="pen colour (CSS)")]
LineWidth = Annotated[float, typer.Option("--line-width", callback=finite(above=0, at_most=100),
                                          help="pen width (a face is 100 wide; above 0, at most 100)")]
DEFAULT_STYLE = "line"


def read_vectors(path: Path, label_col: str | None = None, key: str | None = None):
    """The table of vectors in ``path`` (:func:`~vec2face.io.readers.read_table`), saying its notes."""
    from vec2face.io.readers import read_table

    if key is not None and path.suffix.lower() != ".npz":
        raise Vec2FaceError(f"{shown_path(path)}: --key names an array in an .npz archive; this file is not one")
    table = read_table(path, label_col=label_col, key=key)
    for note in table.notes:
        echo(f"note: {note}")
    return table


Key = Annotated[Optional[str], typer.Option(help=".npz: which array holds the vectors (default: the first 2-D one)")]


def check_k(k: int | None, cluster: str) -> None:
    """Refuse -k for a method that finds the number of clusters itself, before any work (as crowd and
    doodles cluster both take -k and --cluster)."""
    if k is not None and cluster in ("dbscan", "hdbscan"):
        raise Vec2FaceError(f"-k is for kmeans and agglomerative; {cluster} finds the number of clusters itself")


def check_output(path: Path, *inputs: Path | None, fragment: bool = False, plotter: bool = False,
                 width: float | None = None, dpi: float = 96.0, formats: tuple[str, ...] | None = None) -> None:
    """Fail early on an output file whose format or folder is wrong, or that is one of the ``inputs``,
    and on ``--fragment`` (an HTML ``<div>``), ``--plotter`` (an SVG), ``--width`` or ``--dpi`` (PNG
    and PDF) asked of another format. ``formats``: the suffixes this output may have (default: all)."""
    from vec2face.render.raster import check_save

    suffix, where, folder = path.suffix.lower(), shown_path(path), path.parent
    if path.is_dir():  # first: a folder has no format to name
        raise Vec2FaceError(f"{where}: is a folder; give a file name")
    if plotter and suffix != ".svg":
        raise Vec2FaceError(f"{where}: --plotter writes an SVG for a pen plotter; give an .svg output")
    if formats is not None and suffix not in formats:
        raise Vec2FaceError(f"{where}: unknown output format {path.suffix or '(no suffix)'!r} here; "
                            f"use one of {', '.join(formats)}")
    try:  # the same rules as the API's save(), naming the command line's options
        check_save(suffix, width=None if width is None else int(width), dpi=dpi, fragment=fragment, option="--")
    except Vec2FaceError as e:
        raise Vec2FaceError(f"{where}: {e}") from None
    if not folder.exists():
        raise Vec2FaceError(f"{where}: the folder {shown_path(folder)} does not exist")
    if not folder.is_dir():
        raise Vec2FaceError(f"{where}: {shown_path(folder)} is a file, not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise Vec2FaceError(f"{where}: the folder {shown_path(folder)} cannot be written to (permission denied)")
    for source in inputs:
        if source is not None and same_file(path, source):
            raise Vec2FaceError(f"{where}: the output would replace the input {shown_path(source)}; "
                                "write it to another file")


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through links, ``..`` or hard links)."""
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13); the reader names it
        return False


# The command families register their commands on `app` as they are imported,
# in the order that `vec2face --help` lists them.
from vec2face.cli import crowd, doodles, draw, info, train  # noqa: E402,F401


def main() -> None:
    app()
