"""The package shows the pipeline, and data flows one way through it.

Each module belongs to the stage its folder names. A stage may import only the
stages listed for it below (and itself); a module's imports are read from its
source, including imports inside functions, so a lazy import cannot hide a
crossing. ``vec2face/__init__.py`` and ``__main__.py`` are the front door and
may import anything.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "vec2face"

# stage -> stages it may import (besides itself)
ALLOWED = {
    "errors": set(),
    "geometry": {"errors"},
    "io": {"errors"},
    "learned": {"errors", "io", "geometry"},
    "adapters": {"errors", "io", "learned"},
    "style": {"errors", "io", "geometry", "learned"},
    "render": {"errors", "io", "geometry"},
    "layout": {"errors", "io"},
    "assemble": {"errors", "io", "geometry", "learned", "adapters", "style", "render", "layout"},
    "cli": {"__init__", "errors", "io", "geometry", "learned", "adapters", "style", "render", "layout", "assemble"},
    "models": set(),
}
FRONT_DOOR = {"__init__", "__main__"}


def stage_of(module: str) -> str | None:
    """``vec2face.render.svg`` -> ``render``; ``vec2face.errors`` -> ``errors``."""
    parts = module.split(".")
    if parts[0] != "vec2face":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = ".".join(("vec2face",) + path.relative_to(PACKAGE).with_suffix("").parts)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = here.rsplit(".", node.level)[0]
                mod = f"{base}.{node.module}" if node.module else base
            else:
                mod = node.module or ""
            if mod == "vec2face":  # from vec2face import geometry as G
                out += [(node.lineno, f"vec2face.{a.name}") for a in node.names]
            else:
                out.append((node.lineno, mod))
    return out


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_module_is_in_a_stage():
    top = {p.stem for p in PACKAGE.glob("*.py")} | {p.name for p in PACKAGE.iterdir() if p.is_dir()}
    top -= FRONT_DOOR | {"__pycache__", "py.typed", "templates"}
    assert top <= set(ALLOWED), f"modules outside any stage: {sorted(top - set(ALLOWED))}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_pipeline(path):
    rel = path.relative_to(PACKAGE)
    stage = rel.parts[0] if len(rel.parts) > 1 else rel.stem
    if stage in FRONT_DOOR:
        return
    bad = []
    for line, mod in imports(path):
        target = stage_of(mod)
        if target is None or target == stage:
            continue
        if target not in ALLOWED[stage]:
            bad.append(f"vec2face/{rel}:{line} imports {mod} ({stage} may import only "
                       f"{', '.join(sorted(ALLOWED[stage])) or 'nothing of vec2face'})")
    assert not bad, "\n".join(bad)


def test_the_check_catches_a_crossing(tmp_path):
    """The checker itself: a style that imports a renderer is reported with its line."""
    fake = PACKAGE / "style" / "_probe_crossing.py"
    fake.write_text("import numpy\n\n\ndef f():\n    from vec2face.render.paths import fmt\n")
    try:
        with pytest.raises(AssertionError, match=r"style/_probe_crossing.py:5 imports vec2face.render.paths"):
            test_imports_follow_the_pipeline(fake)
    finally:
        fake.unlink()
