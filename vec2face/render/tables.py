"""Small HTML tables for a notebook: what the legend and a crowd's evaluation show as a cell's value.

Every cell goes through :func:`vec2face.render.text.xml_text`, as all user text does.
"""

from __future__ import annotations

from collections.abc import Sequence

from vec2face.render.text import xml_text


def html_table(header: Sequence[str], rows: Sequence[Sequence[object]], *, caption: str | None = None) -> str:
    """``<table>`` with a header row, cells as text (numbers right-aligned)."""
    def cell(v: object, tag: str = "td") -> str:
        right = ' style="text-align:right"' if isinstance(v, (int, float)) and not isinstance(v, bool) else ""
        return f"<{tag}{right}>{xml_text('' if v is None else v)}</{tag}>"

    head = "".join(f"<th>{xml_text(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>" for row in rows)
    cap = f"<caption>{xml_text(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
