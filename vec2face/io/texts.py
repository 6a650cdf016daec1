"""Text files to lists of texts: one a line, or fortune-style files separated by ``%`` lines."""

from __future__ import annotations

from pathlib import Path

from vec2face.errors import InputError


def read_texts(path) -> list[str]:
    """One text a line (blank lines refused, with their numbers), or fortune-style
    files whose texts are separated by lines holding only ``%``."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    raw = path.read_text(encoding="utf-8", errors="replace")
    if any(line.strip() == "%" for line in raw.splitlines()):
        return [t.strip() for t in raw.split("\n%\n") if t.strip()]
    lines = raw.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    empty = [i + 1 for i, line in enumerate(lines) if not line.strip()]
    if empty:
        raise InputError(f"{path}, line {empty[0]}: an empty text ({len(empty)} empty line(s) in all)")
    if not lines:
        raise InputError(f"{path}: the file holds no texts")
    return lines
