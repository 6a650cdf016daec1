"""The gallery script runs end to end on a small input."""

import sys
from pathlib import Path

from conftest import SVG_NS, parse_svg, render_png
from PIL import Image

from vec2face.style import get_style, styles

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
    assert {"crowd_digits_notints.png", "line_variations.png", "crowd_face_codes.png"} <= names
    sheet = [t.text for t in parse_svg((tmp_path / "crowd_face_codes.svg").read_text()).iter(f"{SVG_NS}text")]
    assert any(t and t.startswith("k = 4: ARI") for t in sheet) and any(t and t.startswith("k = 5: ARI") for t in sheet)
    assert any(t and "strangers here:" in t for t in sheet) and any(t and "precision" in t for t in sheet)
    assert 'class="v2f-region"' not in (tmp_path / "crowd_digits_notints.svg").read_text()
    for style in styles():
        root = parse_svg((tmp_path / f"random_{style}.svg").read_text())
        assert len([g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "v2f-face"]) == 30  # 100 in full
        assert not [t for t in root.iter(f"{SVG_NS}text")]  # no captions, no title
        with Image.open(tmp_path / f"random_{style}.png") as png:
            assert png.width == 10 * 48  # 48 px a face
        caps = [t.text for t in parse_svg((tmp_path / f"{style}_features.svg").read_text()).iter(f"{SVG_NS}text")]
        assert [f for f in get_style(style).feature_names if f not in caps] == []  # the sheet names every feature
