"""Shared fixtures: SVG parsing, PNG rendering through cairosvg, reference files."""

from __future__ import annotations

import difflib
import io
from pathlib import Path

import numpy as np
import pytest
from defusedxml import ElementTree as ET

SVG_NS = "{http://www.w3.org/2000/svg}"
REFS = Path(__file__).parent / "references"


def pytest_addoption(parser):
    parser.addoption("--regen-refs", action="store_true", help="rewrite the reference SVG files")


def parse_svg(svg: str):
    """Parse an SVG document (refusing entities and external references)."""
    return ET.fromstring(svg.encode("utf-8"))


def render_png(svg: str, width: int | None = None) -> np.ndarray:
    """Render through cairosvg and decode: an (h, w) grey image, 0 = black ink."""
    import cairosvg
    from PIL import Image

    kwargs = {"output_width": width} if width else {}
    png = cairosvg.svg2png(bytestring=svg.encode("utf-8"), background_color="white", **kwargs)
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=np.float64)


@pytest.fixture
def reference_svg(request):
    """Compare an SVG with ``tests/references/NAME.svg``; ``--regen-refs`` rewrites it."""

    def check(name: str, svg: str) -> None:
        path = REFS / f"{name}.svg"
        if request.config.getoption("--regen-refs") or not path.exists():
            if not request.config.getoption("--regen-refs"):
                pytest.fail(f"no reference {path.name}; run pytest --regen-refs to create it")
            path.write_text(svg, encoding="utf-8")
            return
        want = path.read_text(encoding="utf-8")
        if svg != want:
            pretty = lambda s: s.replace("><", ">\n<").splitlines()  # noqa: E731
            diff = "\n".join(difflib.unified_diff(pretty(want), pretty(svg), "reference", "now", lineterm="", n=1))
            pytest.fail(f"{path.name} differs (pytest --regen-refs rewrites it):\n{diff[:4000]}")

    return check


@pytest.fixture(scope="session")
def wine():
    from sklearn.datasets import load_wine

    return load_wine(as_frame=True)
