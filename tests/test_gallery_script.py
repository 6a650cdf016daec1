"""The gallery script runs end to end on a small input."""

import sys
from pathlib import Path

from conftest import parse_svg, render_png

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from make_gallery import build  # noqa: E402


def test_gallery_script_builds_every_example(tmp_path):
    written = build(tmp_path, small=True)
    names = {p.name for p in written}
    assert {"wine_chernoff.svg", "wine_chernoff.png", "digits_chernoff.png", "chernoff_features.png"} <= names
    for p in written:
        assert p.stat().st_size > 0
        if p.suffix == ".svg":
            parse_svg(p.read_text())
    img = render_png((tmp_path / "chernoff_features.svg").read_text(), width=300)
    assert (img < 128).mean() > 0.02
