"""User text made safe for XML and HTML, in one place.

Labels, titles, descriptions, captions, legend rows, cluster names and the
HTML data block all pass through here. XML 1.0 forbids most control
characters (NUL, ``\\x01``, ``\\x1b``...), lone surrogates and the
noncharacters U+FFFE and U+FFFF; no escape can carry them, so
:func:`clean` replaces each with U+FFFD (the replacement character), and the
other noncharacters too (cairo will not draw them in PNG and PDF), and the
bidirectional overrides, embeddings and isolates, which would show a label's
text reordered ("\u202eabc" reads "cba").
:func:`xml_text` then escapes what markup would read (``&``, ``<``, ``>``,
and quotes in attributes) and writes a carriage return as ``&#13;``, so that
neither an XML nor an HTML parser folds it into a line feed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from html import escape
from itertools import accumulate

REPLACEMENT = "\ufffd"
# everything outside XML 1.0's Char production,
# #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF],
# and the other Unicode noncharacters (U+FDD0 to U+FDEF, the last two of each
# plane), which XML allows but cairo refuses to draw ("input string not valid
# UTF-8") and HTML counts as parse errors
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(p * 0x10000 + 0xFFFE) + chr(p * 0x10000 + 0xFFFF) for p in range(1, 17))
# Unicode's bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): a label holding one
# shows its text reordered, and in a caption or tooltip the reordering runs on into the text after it
BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))  # code points; the terminal escapes them too
_FORBIDDEN = re.compile(f"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[{_NONCHARACTERS}"
                        f"{''.join(map(chr, BIDI_CONTROLS))}]")


def clean(value: object) -> str:
    """``str(value)`` with every character XML 1.0 forbids (and every Unicode
    noncharacter and bidirectional override, embedding or isolate) replaced by U+FFFD."""
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


# Advance widths of DejaVu Sans (cairo's sans-serif here), in em, measured from the font: captions are cut
# to the width they will take, not to a number of characters ("WWWW" is 3.5 times as wide as "iiii").
_WIDTHS = {c: w for chars, w in (
    ("'", 0.27), ("ijl", 0.28), ("IJ", 0.29), (",. ", 0.32), ("/:;\\|", 0.34), ("f", 0.35), ("-", 0.36),
    ("t()[]", 0.39), ("!", 0.4), ("r", 0.41), ('"', 0.46), ("*_`", 0.5), ("sz", 0.52), ("?", 0.53), ("c", 0.55),
    ("L", 0.56), ("kF", 0.58), ("vxy", 0.59), ("P", 0.6), ("aoTY", 0.61), ("e", 0.62), ("bdghnpquES", 0.63),
    ("0123456789${}", 0.64), ("K", 0.66), ("AV", 0.68), ("BRXZ", 0.69), ("C", 0.7), ("U", 0.73), ("HN", 0.75),
    ("DG", 0.77), ("&", 0.78), ("OQ", 0.79), ("w", 0.82), ("#+<=>^~", 0.84), ("M", 0.86), ("%", 0.95),
    ("m", 0.97), ("W", 0.99), ("@\u2026", 1.0)) for c in chars}
ELLIPSIS = "\u2026"


def _advance(c: str) -> float:
    import unicodedata

    return _WIDTHS.get(c, 1.0 if unicodedata.east_asian_width(c) in "WF" else 0.64)


def text_width(text: str, size: float) -> float:
    """About how wide ``text`` is at font ``size`` (sans-serif): wide (CJK) characters 1 em, others 0.64."""
    return size * sum(map(_advance, text))


def fit_text(text: str, width: float, size: float) -> str:
    """``text``, cut short with an ellipsis where it would be wider than ``width`` at font ``size``."""
    room = width / size  # in em
    ends = list(accumulate(map(_advance, text)))  # where each character ends, in em
    if not ends or ends[-1] <= room:
        return text
    keep = bisect_right(ends, room - _advance(ELLIPSIS))  # the characters that fit beside the ellipsis
    return text[:keep].rstrip() + ELLIPSIS


BOLD = 1.16  # bold sans-serif is up to this much wider than regular (DejaVu Sans Bold)


def wrap_text(text: str, width: float, size: float, lines: int = 3) -> list[str]:
    """``text`` broken at spaces into at most ``lines`` lines no wider than ``width`` at font ``size``; a word
    too long for a line, or what is left past the last line, is cut short with an ellipsis."""
    out: list[str] = []
    line = ""
    words = text.split(" ")
    for i, word in enumerate(words):
        trial = f"{line} {word}" if line else word
        if text_width(trial, size) <= width or not line:
            line = trial
            continue
        out.append(fit_text(line, width, size))
        if len(out) == lines - 1:
            return out + [fit_text(" ".join(words[i:]), width, size)]
        line = word
    return out + [fit_text(line, width, size)]
