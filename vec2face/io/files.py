"""The reader layer: every input file is opened, read and decoded here.

Each failure becomes an :class:`~vec2face.errors.InputError` of one line that
names the file and, where there is one, the place: line and column in a text
file, row and column in an array (all counted from 1, as an editor or a
spreadsheet shows them), and what was expected there.

* :func:`check_file`: the path names a readable regular file (a missing file,
  a broken link, a link loop, a folder, a pipe or a device are each named).
* :func:`read_bytes`: the file's bytes (``.gz`` decompressed).
* :func:`read_text`: the file as text: UTF-8, UTF-8 with a byte order mark or
  UTF-16 with one; anything else is reported with the line and column of its
  first bad byte and that byte's offset in the file (counted from 0, as a hex
  editor shows it).
* :func:`located` and :func:`shown` format the place and a value on one line.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
import zlib
from pathlib import Path

from vec2face.errors import InputError

MAX_SHOWN = 40


def shown(value, n: int = MAX_SHOWN) -> str:
    """``repr(value)`` on one line, cut to about n characters."""
    text = repr(value)
    return text if len(text) <= n else text[: n - 3] + "..."


def shown_path(path) -> str:
    """A path as it can be printed on one line (repr'd if it holds control characters)."""
    text = str(path)
    return repr(text) if any(ord(c) < 32 or ord(c) == 127 for c in text) else text


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``1 face``, ``2 faces``, ``12,000 faces``: a count and its noun (plural by an s, or ``plural``)."""
    return f"{n:,} " + (noun if n == 1 else plural or noun + "s")


def located(path, line: int | None = None, column: int | None = None, name: str | None = None,
            *, row: int | None = None) -> str:
    """``path, line 3, column 2 (name)``: the place of a problem, numbers counted from 1."""
    parts = [shown_path(path)]
    if line is not None:
        parts.append(f"line {line}")
    if row is not None:
        parts.append(f"row {row}")
    if column is not None:
        parts.append(f"column {column}" + (f" ({one_line(name)})" if name is not None else ""))
    return ", ".join(parts)


def one_line(text, n: int = 60) -> str:
    """A name (a column header, say) as it can appear in a one-line message."""
    text = str(text)
    if any(ord(c) < 32 or ord(c) == 127 for c in text) or len(text) > n:
        return shown(text, n)
    return text


def check_file(path) -> Path:
    """``path`` as a Path, after checking that it is a regular file that can be read."""
    path = Path(path)
    where = shown_path(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(f"{where}: a symbolic link loop (its links lead round in a circle to no file)") from None
        if exc.errno == errno.ENOENT and os.path.islink(path):
            target = shown_path(os.readlink(path))
            raise InputError(f"{where}: a broken symbolic link (to {target}, which does not exist)") from None
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise InputError(f"{where}: no such file") from None
        if exc.errno == errno.EACCES:
            raise InputError(f"{where}: permission denied (cannot look into its folder)") from None
        if exc.errno == errno.ENAMETOOLONG:
            raise InputError(f"{shown(str(path), 80)}: the file name is too long") from None
        raise InputError(f"{where}: cannot read it ({exc.strerror or exc})") from None
    except ValueError as exc:  # an embedded NUL character
        raise InputError(f"{shown(str(path), 80)}: not a valid file name ({exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{where}: is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{where}: not a regular file (a pipe, socket or device); save the data to a file first")
    if not os.access(path, os.R_OK):
        raise InputError(f"{where}: permission denied (the file cannot be read)")
    return path


def read_bytes(path) -> bytes:
    """The bytes of a checked file; a ``.gz`` file is decompressed."""
    path = check_file(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{shown_path(path)}: cannot read it ({exc.strerror or exc})") from None
    if path.suffix.lower() == ".gz":
        data = _gunzip(path, data)
    return data


def _gunzip(path: Path, data: bytes) -> bytes:
    import gzip

    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        raise InputError(f"{shown_path(path)}: not a readable gzip file ({exc})") from None


def read_text(path) -> str:
    """The file as text (see the module docstring for the encodings taken)."""
    path = Path(path)
    return decode(path, read_bytes(path))


def decode(path, data: bytes) -> str:
    """Bytes as text: UTF-8 (a leading byte order mark dropped) or UTF-16 with a byte order mark.
    UTF-32, and UTF-16 without its mark, are named as such rather than as bad UTF-8 bytes."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise InputError(f"{shown_path(path)}: UTF-32 text (it starts with a UTF-32 byte order mark); save it as "
                         "UTF-8")
    head = data[:4096]
    if len(head) >= 8 and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        odd, even = head[1::2], head[0::2]  # ASCII as UTF-16: a NUL beside every character
        if odd.count(0) > 0.8 * len(odd) or even.count(0) > 0.8 * len(even):
            raise InputError(f"{shown_path(path)}: UTF-16 text without a byte order mark (a NUL byte beside "
                             "every character); save it as UTF-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # UTF-32's mark, which starts alike, is refused above
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{shown_path(path)} (byte offset {exc.start}): not valid UTF-16 text, though the file "
                             "starts with a UTF-16 byte order mark; save it as UTF-8") from None
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start + bom
        line = data.count(b"\n", 0, start) + 1
        line_start = data.rfind(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
        raise InputError(f"{located(path, line, column)} (byte offset {start}): byte 0x{data[start]:02x} is not UTF-8 "
                         "text; save the file as UTF-8 (a Latin-1 or Windows-1252 file can be converted with "
                         "iconv -f latin1 -t utf-8)") from None
