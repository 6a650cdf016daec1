"""Training code (torch, the ``[train]`` extra). Inference never imports it.

It lives in the source checkout, not in the wheel: ``vec2face train line``
(or ``python -m training line`` from the checkout's root) retrains the
stroke-face decoder from the committed data in ``data/faces`` and writes
``models/line.npz`` with its model card; ``doodle`` the same from
``data/doodles``. :mod:`training.paths` says where data and models are.
"""
