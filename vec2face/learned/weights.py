"""Load shipped weights: ``.npz`` arrays checked against their model card.

Each ``models/NAME.npz`` sits beside ``models/NAME.json``; the card's
``sha256`` must match the file's bytes, and arrays load with
``allow_pickle=False``: weights are data, not code.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources

import numpy as np

from vec2face.errors import Vec2FaceError


def model_card(name: str) -> dict:
    """The JSON model card of shipped weights ``name``."""
    path = resources.files("vec2face.models").joinpath(f"{name}.json")
    if not path.is_file():
        raise Vec2FaceError(f"no model card {name}.json in vec2face.models; the package is incomplete")
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=8)
def load_weights(name: str) -> dict[str, np.ndarray]:
    """The arrays of ``models/NAME.npz``, after checking the card's sha256."""
    card = model_card(name)
    data = resources.files("vec2face.models").joinpath(card.get("file", f"{name}.npz")).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != card["sha256"]:
        raise Vec2FaceError(f"weights {name}.npz do not match their model card (sha256 {digest[:12]}... "
                            f"!= {card['sha256'][:12]}...): reinstall vec2face or retrain with `vec2face train {name}`")
    import io

    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        return {k: z[k] for k in z.files}
