"""Text files to lists of texts: one a line, or fortune-style files separated by ``%`` lines."""

from __future__ import annotations

from pathlib import Path

from vec2face.errors import InputError
from vec2face.io.files import located, read_text, shown_path


def read_texts(path) -> list[str]:
    """One text a line (blank lines refused, with their numbers), or fortune-style
    files whose texts are separated by lines holding only ``%``. The file must
    be UTF-8 (or UTF-16 with a byte order mark); a bad byte is reported where it is."""
    path = Path(path)
    raw = read_text(path).replace("\r\n", "\n").replace("\r", "\n")  # as universal newlines read it
    if any(line.strip() == "%" for line in raw.splitlines()):
        return [t.strip() for t in raw.split("\n%\n") if t.strip()]
    lines = raw.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    empty = [i + 1 for i, line in enumerate(lines) if not line.strip()]
    if empty:
        raise InputError(f"{located(path, empty[0])}: an empty text ({len(empty)} empty line(s) in all)")
    if not lines:
        raise InputError(f"{shown_path(path)}: the file holds no texts")
    return lines
