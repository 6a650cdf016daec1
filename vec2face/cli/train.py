"""``vec2face train``: retrain shipped weights, from a source checkout only.

The training code (``training/``) and its data (``data/``) sit beside the
``vec2face/`` package in a checkout of the repository and are not in the
wheel. An editable install (``pip install -e '.[train]'``) or a clone on
``sys.path`` finds them; an installed wheel says how to get them.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from vec2face.cli import app, fail, friendly

TRAINABLE = ("line", "doodle", "chernoff")
NO_CHECKOUT = ("training needs a source checkout of vec2face (its training/ and data/ folders): clone the "
               "repository, run pip install -e '.[train]' in it, then vec2face train NAME")
NO_TORCH = "training needs torch, the [train] extra: pip install -e '.[train]' in the checkout"


def find_checkout() -> Path | None:
    """The checkout this vec2face runs from: the folder above the package,
    when it holds ``training/__init__.py`` and ``data/``; None for a wheel."""
    import vec2face

    root = Path(vec2face.__file__).resolve().parents[1]
    return root if (root / "training" / "__init__.py").is_file() and (root / "data").is_dir() else None


def import_training(root: Path):
    """``training.run`` of the checkout ``root`` (not another ``training`` package on the path)."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    run = importlib.import_module("training.run")
    if Path(str(run.__file__)).resolve().parents[1] != root:
        fail(f"the module 'training' on the path is {run.__file__}, not the checkout's {root / 'training'}")
    return run


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
@friendly
def train(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="what to train: " + ", ".join(TRAINABLE))],
) -> None:
    """Retrain shipped weights from the committed data (needs a source checkout and torch).

    Options after NAME go to the trainer: --out DIR, --data PATH, --quick
    (see python -m training --help).
    """
    if name not in TRAINABLE:
        fail(f"unknown model {name!r}; trainable: {', '.join(TRAINABLE)}")
    root = find_checkout()
    if root is None:
        fail(NO_CHECKOUT)
    try:
        import torch  # noqa: F401
    except ImportError:
        fail(NO_TORCH)
    import_training(root).main([name, *ctx.args])

