"""Demo datasets bundled with scikit-learn (no download), as :class:`Table`."""

from __future__ import annotations

from pathlib import Path

from vec2face.errors import InputError
from vec2face.io.readers import Table

DEMOS = ("wine", "digits", "iris", "breast_cancer")


def load_demo(name: str = "wine", *, sample: int | None = None, seed: int = 0) -> Table:
    """A scikit-learn bundled dataset with its class names as labels.

    Args:
        name: one of ``DEMOS``.
        sample: keep this many rows, drawn at random without replacement
            (in a random order); None keeps every row in order.
        seed: seed of the sample.
    """
    import numpy as np
    from sklearn import datasets

    if name not in DEMOS:
        raise InputError(f"unknown demo dataset {name!r}; use one of {', '.join(DEMOS)}")
    d = getattr(datasets, f"load_{name}")()
    names = getattr(d, "feature_names", None)  # a list or a numpy array (breast_cancer), or absent (digits)
    names = list(names) if names is not None and len(names) else [f"x{j}" for j in range(d.data.shape[1])]
    target_names = [str(t) for t in d.target_names]
    labels = [target_names[t] for t in d.target]
    table = Table(d.data.astype(float), [str(c) for c in names], labels, f"sklearn {name}")
    if sample is None:
        return table
    if sample < 1:
        raise InputError(f"sample must be at least 1, got {sample}")
    return table.rows(np.random.default_rng(seed).permutation(len(table.X))[:sample])


FORTUNES = Path("/usr/share/games/fortunes")
FORTUNE_TOPICS = ("computers", "food", "love", "science", "sports", "startrek")


def load_fortunes(topics=FORTUNE_TOPICS, per_topic: int = 60, max_chars: int = 400) -> tuple[list[str], list[str]]:
    """Short quotations from Debian's ``fortunes`` files, labelled by file (topic)."""
    from vec2face.io.texts import read_texts

    if not FORTUNES.is_dir():
        raise InputError(f"{FORTUNES} not found: apt-get install fortunes fortunes-min")
    texts, labels = [], []
    for topic in topics:
        quotes = [q for q in read_texts(FORTUNES / topic) if len(q) <= max_chars][:per_topic]
        texts += quotes
        labels += [topic] * len(quotes)
    return texts, labels
