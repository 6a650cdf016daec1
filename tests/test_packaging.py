"""The package as users get it: a light import, and a wheel that works from outside the repo."""

import os
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def test_import_is_light():
    code = ("import sys, vec2face; heavy = [m for m in ('torch', 'sklearn', 'matplotlib', 'cairosvg', 'typer') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.slow
def test_wheel_installs_and_draws_outside_the_repo(tmp_path):
    wheel_dir = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(wheel_dir), str(ROOT)], check=True)
    wheel = next(wheel_dir.glob("vec2face-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    # The dependencies (numpy, svgwrite...) come from this interpreter's
    # site-packages, appended after the venv's own: the wheel comes first, and
    # this checkout's editable install is not seen (its .pth is not processed).
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "deps.pth").write_text("\n".join(sorted(ours)) + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)], check=True)
    script = textwrap.dedent("""
        import importlib.resources, sys, vec2face
        assert sys.prefix in vec2face.__file__, vec2face.__file__
        face = vec2face.vec2face([0.3, -1.2, 2.0])
        face.save("face.png")
        for style in ("line", "chernoff", "doodle"):  # the shipped weights load from the wheel
            vec2face.vec2face([0.3, -1.2, 2.0, 1.1], style=style).save(style + ".png")
        card = importlib.resources.files("vec2face.models").joinpath("README.md")
        assert card.is_file(), card
        templates = importlib.resources.files("vec2face").joinpath("templates")  # the vendored viewer, licence too
        assert "Permission is hereby granted" in templates.joinpath("panzoom.LICENSE.txt").read_text()
        assert "Panzoom 4.6.2" in vec2face.vec2face([1, 2]).html()
        print(vec2face.__file__)
        print(sorted(vec2face.styles()))
    """)
    work = tmp_path / "elsewhere"
    work.mkdir()
    p = subprocess.run([str(py), "-c", script], cwd=work, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert "chernoff" in p.stdout
    assert "['chernoff', 'doodle', 'line']" in p.stdout
    for name in ("face", "line", "chernoff", "doodle"):
        assert (work / f"{name}.png").read_bytes().startswith(b"\x89PNG")
    exe = venv / "bin" / "vec2face"
    p = subprocess.run([str(exe), "draw", "1", "2", "3", "-o", "f.svg"], cwd=work, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    # training lives in the source checkout, not in the wheel: one line, exit 2, no traceback
    p = subprocess.run([str(exe), "train", "line"], cwd=work, capture_output=True, text=True)
    assert p.returncode == 2, p.stderr
    assert len(p.stderr.strip().splitlines()) == 1, p.stderr
    assert p.stderr.startswith("Error: training needs a source checkout of vec2face"), p.stderr
    assert "pip install -e '.[train]'" in p.stderr
