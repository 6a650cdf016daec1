"""``python -m training line|doodle|chernoff`` (and ``vec2face train``): one trainer, its data and output folder.

Every trainer module has ``train(out_dir, data, *, quick=False)`` returning its
model card; the defaults come from :mod:`training.paths`.
"""

from __future__ import annotations

import argparse
import importlib
import json
from pathlib import Path

from training import paths

TRAINERS = {
    # name: (module, default data, what the data is)
    "line": ("training.line", paths.FACE_DATA, "the face-shape folder (scripts/prepare_face_data.py)"),
    "doodle": ("training.doodle", paths.DOODLE_DATA, "the doodle ndjson file (scripts/prepare_doodle_data.py)"),
    "chernoff": ("training.chernoff", None, "none (calibrated on the style's own renders)"),
}


def main(argv: list[str] | None = None) -> None:
    """Parse ``NAME [--out DIR] [--data PATH] [--quick]``, train, print the card's metrics."""
    ap = argparse.ArgumentParser(prog="python -m training", description="Retrain shipped weights from the "
                                 "committed data; write NAME.npz and its model card NAME.json.")
    ap.add_argument("name", choices=sorted(TRAINERS), help="which model")
    ap.add_argument("--out", type=Path, default=paths.MODELS, help=f"output folder (default {paths.MODELS})")
    ap.add_argument("--data", type=Path, default=None,
                    help="the training data: " + "; ".join(f"{n}: {w}" for n, (_, _, w) in TRAINERS.items()))
    ap.add_argument("--quick", action="store_true", help="a few epochs (smoke test)")
    args = ap.parse_args(argv)
    module, data, _ = TRAINERS[args.name]
    card = importlib.import_module(module).train(args.out, args.data or data, quick=args.quick)
    print(json.dumps(card["metrics"], indent=2))
    print(f"wrote {args.out / (args.name + '.npz')} and its card {args.out / (args.name + '.json')}")
