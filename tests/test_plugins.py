"""Styles are entry-point plugins; a broken one is reported and skipped."""

import subprocess
import sys
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

import vec2face.style as registry
from vec2face import vec2face

EXAMPLE = Path(__file__).parents[1] / "examples" / "smiley_style"


@pytest.fixture
def fresh_registry(monkeypatch):
    monkeypatch.syspath_prepend(str(EXAMPLE))
    real = registry._entry_points

    def with_plugins():
        eps = real()
        eps["smiley"] = EntryPoint(name="smiley", value="v2f_smiley:SmileyStyle", group=registry.GROUP)
        eps["broken"] = EntryPoint(name="broken", value="v2f_no_such_module:Style", group=registry.GROUP)
        return eps

    monkeypatch.setattr(registry, "_entry_points", with_plugins)
    monkeypatch.setattr(registry, "_loaded", {})
    monkeypatch.setattr(registry, "_broken", {})
    monkeypatch.setattr(registry, "_scanned", False)
    yield registry


def test_builtin_style_is_registered_through_the_entry_point_group():
    from importlib.metadata import entry_points

    names = {ep.name for ep in entry_points(group="vec2face.styles")}
    assert "chernoff" in names


def test_third_party_style_loads_and_broken_one_is_skipped(fresh_registry):
    with pytest.warns(UserWarning, match="'broken' failed to load"):
        found = fresh_registry.styles()
    assert found["smiley"] == ["size", "smile", "eyes"]
    assert "chernoff" in found and "broken" not in found
    assert "ModuleNotFoundError" in fresh_registry.broken_styles()["broken"]
    svg = vec2face([1.0, -2.0, 0.5], style="smiley").svg
    assert 'class="v2f-head"' in svg and "#ffd84a" in svg
    with pytest.raises(Exception, match="failed to load"):
        vec2face([1.0], style="broken")


def test_example_package_declares_its_entry_point():
    text = (EXAMPLE / "pyproject.toml").read_text()
    assert '[project.entry-points."vec2face.styles"]' in text and "v2f_smiley:SmileyStyle" in text


def test_cli_lists_a_broken_plugin_without_failing(tmp_path):
    code = (
        "import vec2face.style as r\n"
        "from importlib.metadata import EntryPoint\n"
        "real = r._entry_points\n"
        "r._entry_points = lambda: {**real(), 'broken': EntryPoint('broken', 'nope_mod:X', r.GROUP)}\n"
        "from vec2face.cli import app\n"
        "app(['styles'])\n"
    )
    p = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert "chernoff" in p.stdout and "broken: failed to load" in p.stderr
