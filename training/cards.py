"""Write weights and their model cards, byte for byte the same for the same arrays.

* ``NAME.npz``: one ``.npy`` member per array, in sorted order, with fixed zip
  timestamps and modes, written with ``allow_pickle=False`` (object arrays are
  refused): the bytes depend only on the arrays.
* ``NAME.json``: the trainer's card in the trainer's key order, then
  ``sha256`` (of the npz bytes, checked by :func:`vec2face.learned.weights.load_weights`),
  ``file`` and ``training_seconds``. A ``features`` list in the committed card
  (reviewed names and docs of the style's features) is carried over unchanged
  unless the trainer supplies one.

Files are written atomically (a temporary file, then a rename).
"""

from __future__ import annotations

import hashlib
import io
import json
import time
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from training import paths
from vec2face.io.atomic import write_atomic

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
CARRIED = ("features",)  # card entries kept from the committed card when retraining


def npz_bytes(arrays: dict[str, Any]) -> bytes:
    """The deterministic ``.npz`` bytes of ``arrays`` (sorted members, fixed dates and modes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            array = np.asarray(arrays[name])
            if array.dtype == object:
                raise TypeError(f"object array not allowed: {name}")
            member = io.BytesIO()
            np.lib.format.write_array(member, array, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, member.getvalue())
    return buf.getvalue()


def save_npz(path: Path, arrays: dict[str, Any]) -> str:
    """Write ``arrays`` to ``path`` deterministically; return the file's sha256."""
    data = npz_bytes(arrays)
    write_atomic(path, data)
    return hashlib.sha256(data).hexdigest()


def write_json(path: Path, payload: Any, *, indent: int = 2, sort_keys: bool = False) -> None:
    """Write JSON (UTF-8, trailing newline) atomically; keys in the payload's order unless ``sort_keys``."""
    write_atomic(path, json.dumps(payload, indent=indent, sort_keys=sort_keys, ensure_ascii=False) + "\n")


def carry_over(card: dict, previous: dict) -> dict:
    """``card`` with the :data:`CARRIED` entries of ``previous`` it lacks, each
    placed after the key it followed in ``previous`` (at the end when that key is gone)."""
    out = dict(card)
    for key in CARRIED:
        if key in out or key not in previous:
            continue
        keys = list(previous)
        before = keys[keys.index(key) - 1] if keys.index(key) > 0 else None
        items = list(out.items())
        at = next((i + 1 for i, (k, _) in enumerate(items) if k == before), len(items))
        out = dict(items[:at] + [(key, previous[key])] + items[at:])
    return out


def write_model(out_dir: Path, name: str, arrays: dict[str, Any], card: dict, *, started: float,
                committed: Path = paths.MODELS) -> dict:
    """Write ``out_dir/NAME.npz`` and its card ``out_dir/NAME.json``; return the card.

    ``started`` is the training's ``time.perf_counter()`` at its start; the
    committed card (``committed/NAME.json``, when there is one) lends its
    :data:`CARRIED` entries.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    sha = save_npz(out_dir / f"{name}.npz", arrays)
    previous = committed / f"{name}.json"
    if previous.is_file():
        card = carry_over(card, json.loads(previous.read_text(encoding="utf-8")))
    card = {**card, "sha256": sha, "file": f"{name}.npz",
            "training_seconds": round(time.perf_counter() - started, 1)}
    write_json(out_dir / f"{name}.json", card)
    return card
