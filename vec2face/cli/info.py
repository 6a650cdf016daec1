"""``vec2face styles``: what is installed."""

from __future__ import annotations

from vec2face.cli import app, echo


@app.command("styles")
def list_styles() -> None:
    """List the registered face styles and their named features."""
    from vec2face.style import broken_styles, get_style, styles

    for name in styles():
        st = get_style(name)
        echo(f"{name}: {st.description}")
        for f in st.features:
            echo(f"  {f.name:<14} {f.doc}")
    for name, why in broken_styles().items():
        echo(f"{name}: failed to load ({why})", err=True)
