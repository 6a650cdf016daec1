"""Glance: can a viewer tell the data apart from faces seen small and unaligned?

The faithfulness benchmark (``bench/faithfulness.py``) with the two changes a
viewer's eye makes: each face's 64 px raster is shifted at random by up to
+-3 px (seeded), then blurred with a Gaussian of sigma 1.5 px and pooled to
16 x 16 (:func:`vec2face.assemble.evaluate.glance_16`). The score is 5-NN
accuracy (stratified 5-fold) on those features divided by the same on the
standardised raw vectors; the peers are rendered in the same run by
``../shared/peers/run render``. Beside each score (shift seed 0) it prints the
mean, lowest and highest over shift seeds 0-4 of the same rasters
(``--seeds N``): one draw of the shifts moves a score by about +-0.02.
Last on each line, the shift share
(:func:`vec2face.assemble.evaluate.shift_share`): the median glance distance
between a face and itself moved by another random shift, over that between
two different faces. Near 1, a glance tells a face from itself moved a few
pixels no better than from another face. Every drawer measured so far, the
peers included, sits between 0.73 and 0.87 (chernoff's learned map): a
shift of up to 3 px moves a face nearly as far as another face is from it,
which is why no glance score comes near its exact one. It says how much faces differ, not whether they
differ as the data do (ChernoffFace's share is low and so is its score).
Then the same view with the largest shift 0, 1 and 2 px (seed 0) and the
score's 3 px: without its shift the glance keeps nearly all of the exact view
(line on digits 0.95), and each pixel of shift costs several points, so the
shift, not the blur or the pooling, is what a drawing must withstand.

    python bench/glance.py                       # our styles and the peers
    python bench/glance.py --no-peers --styles line
"""

from __future__ import annotations

from faithfulness import main

if __name__ == "__main__":
    main("glance", __doc__)
