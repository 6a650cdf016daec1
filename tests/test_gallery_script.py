"""The gallery script runs end to end on a small input."""

from conftest import parse_svg, render_png
from vec2face.gallery import build


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
