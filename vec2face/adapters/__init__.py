"""Adapters: vectors in, latent codes out.

``fold`` needs nothing fitted and no scikit-learn. The fitted adapters in
:mod:`vec2face.adapters.estimators` are scikit-learn estimators and import it.
"""

from vec2face.adapters.fold import fold, soft_clip

__all__ = ["fold", "soft_clip"]
