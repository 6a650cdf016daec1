"""Fuzzing the readers: whatever the bytes, the outcome is a table or an InputError.

Files are built from random bytes, from random tokens of each format, and
from valid files mutated (bytes flipped, inserted, deleted, cut short). Every
outcome must be a parsed result (finite, of the right shape) or the package's
InputError, never another exception. Examples are bounded and derandomised,
so the test is deterministic and takes seconds.
"""

import io
import json
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vec2face.errors import InputError
from vec2face.io.readers import read_table
from vec2face.io.strokes import read_ndjson

FUZZ = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _npy(a: np.ndarray) -> bytes:
    buf = io.BytesIO()
    np.save(buf, a)
    return buf.getvalue()


def _npz(compressed: bool) -> bytes:
    buf = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buf, vectors=np.arange(12.0).reshape(4, 3),
                                                       name=np.array(["a", "b", "c", "d"]))
    return buf.getvalue()


def _zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


DRAWING = {"word": "face", "drawing": [[[10, 50, 90], [50, 10, 50]], [[40], [40]]]}

# Valid files of each format, the seeds that the mutations start from.
SEEDS = {
    ".csv": [b"a,b,c\n1,2,3\n4.5,-6e3,7\n", b"1,2\n3,4\n", "é,\"q,\"\"r\"\n1,\"2\"\n".encode()],
    ".tsv": [b"a\tb\n1\t2\n3\t4\n", b"\xef\xbb\xbfx\ty\r\n1\t2\r\n"],
    ".jsonl": [b"[1, 2, 3]\n[4, 5, 6]\n", b'{"a": 1, "b": 2.5}\n{"a": -3, "b": 1e5}\n'],
    ".npy": [_npy(np.arange(6.0).reshape(2, 3)), _npy(np.arange(4, dtype=np.int32)),
             _npy(np.ones((2, 2), dtype=np.float32))],
    ".npz": [_npz(False), _npz(True), _zip_of({"v.npy": _npy(np.eye(2))})],
    ".ndjson": [(json.dumps(DRAWING) + "\n").encode() * 2],
}


def _check(path: Path) -> None:
    """Read the file; a result must be well formed, a failure must be an InputError of one line."""
    try:
        if path.suffix == ".ndjson":
            drawings, meta = read_ndjson(path)
            assert len(drawings) == len(meta) >= 1
            for d in drawings:
                assert d and all(s.ndim == 2 and s.shape[1] == 2 and np.isfinite(s).all() for s in d)
        else:
            t = read_table(path)
            assert t.X.dtype == np.float64 and t.X.ndim == 2 and t.X.size > 0
            assert np.isfinite(t.X).all() and len(t.columns) == t.X.shape[1]
    except InputError as exc:
        message = str(exc)
        assert message and "\n" not in message and "\r" not in message, repr(message)


def _read_bytes(suffix: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        _check(path)


@st.composite
def mutated(draw, suffix: str) -> bytes:
    """A seed file with a few bytes flipped, inserted or deleted, or cut short."""
    data = bytearray(draw(st.sampled_from(SEEDS[suffix])))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "splice"]))
        i = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[i] = draw(st.integers(0, 255))
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete" and data:
            del data[i : i + draw(st.integers(1, 8))]
        elif op == "truncate":
            del data[i:]
        elif op == "splice":  # a run of a tricky token: digits, quotes, separators, BOMs, NULs, bad UTF-8
            token = draw(st.sampled_from([b"9" * 400, b"1e999", b"-", b'"', b",", b"\t", b"\r", b"\n", b"\x00",
                                          b"\xef\xbb\xbf", b"\xff\xfe", b"\xe9", b"nan", b"inf", b"[", b"{", b"]"]))
            data[i:i] = token * draw(st.integers(1, 4))
    return bytes(data)


TEXT_TOKENS = ["1", "-2.5", "3e5", "1e400", "9" * 400, "nan", "inf", "x", "é", "", " ", ",", "\t", "\n", "\r\n",
               '"', '""', "[", "]", "{", "}", ":", '"a"', "null", "true", "\x00", "\u2028", "\ufeff", "0" * 20]


@st.composite
def tokens(draw) -> bytes:
    """Text built from tokens of the text formats (numbers, separators, quotes, brackets)."""
    parts = draw(st.lists(st.sampled_from(TEXT_TOKENS), max_size=40))
    return "".join(parts).encode("utf-8")


TEXT_FORMATS = [".csv", ".tsv", ".jsonl", ".ndjson"]
ALL_FORMATS = [".csv", ".tsv", ".jsonl", ".npy", ".npz", ".ndjson"]


@pytest.mark.parametrize("suffix", ALL_FORMATS)
def test_seed_files_read(suffix):
    for data in SEEDS[suffix]:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"seed{suffix}"
            path.write_bytes(data)
            if suffix == ".ndjson":
                assert len(read_ndjson(path)[0]) == 2
            else:
                assert read_table(path).X.size > 0


@pytest.mark.parametrize("suffix", ALL_FORMATS)
@FUZZ
@given(data=st.data())
def test_mutated_files_parse_or_raise_input_error(suffix, data):
    _read_bytes(suffix, data.draw(mutated(suffix)))


@pytest.mark.parametrize("suffix", ALL_FORMATS)
@FUZZ
@given(raw=st.binary(max_size=300))
def test_random_bytes_parse_or_raise_input_error(suffix, raw):
    _read_bytes(suffix, raw)


@pytest.mark.parametrize("suffix", TEXT_FORMATS)
@FUZZ
@given(text=tokens())
def test_random_tokens_parse_or_raise_input_error(suffix, text):
    _read_bytes(suffix, text)


@pytest.mark.parametrize("magic", [b"\x93NUMPY\x01\x00", b"\x93NUMPY\x02\x00", b"\x93NUMPY\x03\x00"])
@FUZZ
@given(header=st.text(max_size=120), body=st.binary(max_size=64))
def test_random_npy_headers_parse_or_raise_input_error(magic, header, body):
    """A .npy magic string followed by any header text (dtype, shape, order) and any data."""
    head = header.encode("utf-8", "surrogatepass")
    size = len(head).to_bytes(2 if magic[6] == 1 else 4, "little")
    _read_bytes(".npy", magic + size + head + body)
