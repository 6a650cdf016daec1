#!/usr/bin/env python3
"""Prepare the small derived face-shape arrays used by vec2face training (``data/faces``).

Run from the repository root::

    python scripts/prepare_face_data.py [--out data/faces]

The work is done by :mod:`training.prepare.faces` (sources, licences and
outputs are described there and in ``data/faces/DATA_CARD.md``).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout: training/ and vec2face/

from training.prepare.faces import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
