"""User text made safe for XML and HTML, in one place.

Labels, titles, descriptions, captions, legend rows, cluster names and the
HTML data block all pass through here. XML 1.0 forbids most control
characters (NUL, ``\\x01``, ``\\x1b``...), lone surrogates and the
noncharacters U+FFFE and U+FFFF; no escape can carry them, so
:func:`clean` replaces each with U+FFFD (the replacement character), and the
other noncharacters too (cairo will not draw them in PNG and PDF).
:func:`xml_text` then escapes what markup would read (``&``, ``<``, ``>``,
and quotes in attributes) and writes a carriage return as ``&#13;``, so that
neither an XML nor an HTML parser folds it into a line feed.
"""

from __future__ import annotations

import re
from html import escape

REPLACEMENT = "\ufffd"
# everything outside XML 1.0's Char production,
# #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF],
# and the other Unicode noncharacters (U+FDD0 to U+FDEF, the last two of each
# plane), which XML allows but cairo refuses to draw ("input string not valid
# UTF-8") and HTML counts as parse errors
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(p * 0x10000 + 0xFFFE) + chr(p * 0x10000 + 0xFFFF) for p in range(1, 17))
_FORBIDDEN = re.compile(f"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[{_NONCHARACTERS}]")


def clean(value: object) -> str:
    """``str(value)`` with every character XML 1.0 forbids (and every Unicode
    noncharacter) replaced by U+FFFD."""
    return _FORBIDDEN.sub(REPLACEMENT, str(value))


def xml_text(value: object, *, quote: bool = True) -> str:
    """``value`` as XML/HTML character data or, with quotes escaped (the default,
    as :func:`html.escape`), an attribute value."""
    return escape(clean(value), quote=quote).replace("\r", "&#13;")


def clean_data(data):
    """A JSON-like structure with :func:`clean` applied to every string in it."""
    if isinstance(data, str):
        return clean(data)
    if isinstance(data, dict):
        return {clean_data(k): clean_data(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [clean_data(v) for v in data]
    return data
