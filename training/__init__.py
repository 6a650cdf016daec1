"""Training code (torch, the ``[train]`` extra). Inference never imports it.

``vec2face train line`` retrains the stroke-face decoder from the committed
data in ``data/faces`` and writes ``models/line.npz`` with its model card.
"""
