"""Small helpers of the data scripts: file digests, ragged index lists, data JSON."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from training.cards import write_json


def sha256_file(path: Path) -> str:
    """Return the hex sha256 digest of a file.

    Args:
        path: File to hash.

    Returns:
        Lower-case hex digest.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def flatten_groups(groups: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Pack a ragged list of index lists as a flat array plus offsets.

    Args:
        groups: Lists of point indices.

    Returns:
        ``(flat, offsets)`` where group ``g`` is ``flat[offsets[g]:offsets[g+1]]``.
    """
    lengths = [len(group) for group in groups]
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
    flat = np.array([i for group in groups for i in group], dtype=np.int32)
    return flat, offsets


def write_data_json(path: Path, payload: Any) -> None:
    """Write a data file's JSON: sorted keys, indent 1, UTF-8, a trailing newline.

    Args:
        path: Destination file.
        payload: JSON-serialisable object.
    """
    write_json(path, payload, indent=1, sort_keys=True)
