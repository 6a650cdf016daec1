"""Where training finds its data and writes its weights: the source checkout.

Every trainer and data script reads these paths, and ``--data`` / ``--out``
(``python -m training``) replace them for one run.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the checkout: training/, data/, models/, vec2face/
DATA = ROOT / "data"
FACE_DATA = DATA / "faces"  # scripts/prepare_face_data.py writes it; training.data reads it
DOODLE_DATA = DATA / "doodles" / "quickdraw_faces.ndjson"  # scripts/prepare_doodle_data.py
MODELS = ROOT / "models"  # the shipped weights, installed as vec2face.models
