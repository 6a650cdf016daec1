"""Load shipped weights: ``.npz`` arrays checked against their model card.

Each ``models/NAME.npz`` sits beside ``models/NAME.json``; the card's
``sha256`` must match the file's bytes, and arrays load with
``allow_pickle=False``: weights are data, not code.

An installed vec2face holds them in the data package ``vec2face.models``; a
source tree that was never installed reads the checkout's ``models/`` folder.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from vec2face.errors import Vec2FaceError


def checkout_models() -> Path:
    """The ``models/`` folder of the source tree this package lies in (``vec2face/../models``)."""
    return Path(__file__).resolve().parents[2] / "models"


def models_folder():
    """Where the weights are: ``vec2face.models`` when installed, else :func:`checkout_models`."""
    try:
        return resources.files("vec2face.models")
    except ModuleNotFoundError:
        return checkout_models()


def model_card(name: str) -> dict:
    """The JSON model card of shipped weights ``name``."""
    path = models_folder().joinpath(f"{name}.json")
    if not path.is_file():
        raise Vec2FaceError(f"no model card {name}.json in {models_folder()}; the package is incomplete")
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=8)
def load_weights(name: str) -> dict[str, np.ndarray]:
    """The arrays of ``models/NAME.npz``, after checking the card's sha256."""
    card = model_card(name)
    data = models_folder().joinpath(card.get("file", f"{name}.npz")).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != card["sha256"]:
        raise Vec2FaceError(f"weights {name}.npz do not match their model card (sha256 {digest[:12]}... "
                            f"!= {card['sha256'][:12]}...): reinstall vec2face or retrain with `vec2face train {name}`")
    import io

    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        return {k: z[k] for k in z.files}
