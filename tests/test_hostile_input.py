"""Hostile input: each bad file or value ends in one located line, never a traceback.

On the command line (typer's CliRunner): exit code 2, exactly one line on
stderr that starts with ``Error:`` and says what is wrong and where (file,
line or row, column, counted from 1), and no output file left behind. In the
library: the package's own InputError (a Vec2FaceError), with the message.
"""

import datetime
import gzip
import io
import json
import os
import warnings
import zipfile

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from vec2face import InputError, Vec2Face, Vec2FaceError, encode, encode_landmarks, vec2face
from vec2face.cli import app
from vec2face.io.readers import read_table

runner = CliRunner()


def _npy_bytes(a: np.ndarray) -> bytes:
    buf = io.BytesIO()
    np.save(buf, a, allow_pickle=True)
    return buf.getvalue()


def _npz_bytes(**arrays) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, a in arrays.items():
            zf.writestr(f"{name}.npy", _npy_bytes(a))
    return buf.getvalue()


def _lying_npy() -> bytes:
    """A .npy whose header promises 10**12 values, with 16 bytes of data."""
    data = _npy_bytes(np.zeros(2))
    lying = data.replace(b"(2,), }" + b" " * 12, b"(1000000000000,), }", 1)
    assert len(lying) == len(data)
    return lying


def _truncated_npz() -> bytes:
    data = _npz_bytes(vectors=np.arange(40.0).reshape(4, 10))
    return data[: len(data) // 2]


def _bad_crc_npz() -> bytes:
    data = bytearray(_npz_bytes(vectors=np.arange(40.0).reshape(4, 10)))
    i = data.index(b"\x93NUMPY") + 200
    data[i] ^= 0xFF
    return bytes(data)


CELL = "1" * 140_000  # beyond csv's default field limit of 131,072 characters

# name: (bytes of the file, extra CLI options, what the one error line must hold)
BAD_FILES = {
    "latin1.csv": ("a,b\n1,2\ncaf\xe9,3\n".encode("latin-1"), [], "line 3, column 4 (byte offset 11): byte 0xe9 is not UTF-8"),
    "latin1.tsv": ("a\tb\n1\t\xe9\n".encode("latin-1"), [], "line 2, column 3 (byte offset 6): byte 0xe9 is not UTF-8"),
    "latin1.jsonl": ('[1, 2]\n["\xe9", 2]\n'.encode("latin-1"), [], "line 2, column 3 (byte offset 9)"),
    "bad_utf16.csv": (b"\xff\xfe" + "a,b\n".encode("utf-16-le") + b"\x00\xd8", [], "not valid UTF-16"),
    "huge_cell.csv": (f"a,b\n1,{CELL}\n".encode(), [], "line 2, column 2 (b): '1111"),
    "huge_text_cell.csv": (f"a,b\n1,x{CELL}\n".encode(), [], "line 2, column 2 (b): 'x111"),
    "e400.csv": (b"a,b\n1,2\n3,1e400\n", [], "line 3, column 2 (b): '1e400' is too large for a 64-bit float"),
    "header_newline.csv": (b'"a\nb",c\n1,x\n', [], "line 3, column 2 (c): 'x' is not a number"),
    "nul.csv": (b"a,b\n1,\x002\n", [], "line 2, column 2 (b): '\\x002' is not a number"),
    "label_col_5.csv": (b"1,2,3\n4,5,6\n", ["--label-col", "5"],
                        "label column 5 is out of range: the file has 3 columns (1 to 3)"),
    "label_col_name.csv": (b"a,b\n1,2\n", ["--label-col", "c"], "label column 'c' not found (columns: a, b"),
    "huge_int.jsonl": (b"[1, " + b"9" * 400 + b"]\n", [], "line 1, column 2 (x2): '999"),
    "giant_int.jsonl": (b"[1, " + b"9" * 5000 + b"]\n", [], "line 1, column 2 (x2): '999"),
    "e400.jsonl": (b'{"a": 1, "b": 1e400}\n', [], "line 1, column 2 (b): '1e400' is too large"),
    "deep.jsonl": (b"[" * 100_000 + b"\n", [], "line 1: invalid JSON (nested too deeply)"),
    "nan.jsonl": (b"[1, NaN]\n", [], "line 1, column 2 (x2): NaN"),
    "object.npz": (_npz_bytes(x=np.array([[1, "a"]], dtype=object)), [], "array 'x': it holds Python objects (dtype object)"),
    "not_zip.npz": (b"hello world", [], "not a .npz archive"),
    "truncated.npz": (_truncated_npz(), [], "not a .npz archive"),
    "bad_crc.npz": (_bad_crc_npz(), [], "array 'vectors': it cannot be read (Bad CRC-32"),
    "complex.npz": (_npz_bytes(v=np.ones((2, 2), dtype=complex)), [], "complex numbers"),
    "not_npy.npy": (b"1,2,3\n", [], "not a .npy array"),
    "lying.npy": (_lying_npy(), [], "is cut short: its header gives shape (1000000000000,)"),
    "object.npy": (_npy_bytes(np.array([{"a": 1}], dtype=object)), [], "holds Python objects (dtype object)"),
    "complex.npy": (_npy_bytes(np.array([[1 + 2j, 3]])), [], "complex numbers"),
    "dates.npy": (_npy_bytes(np.array(["2020-01-01", "2021-01-01"], dtype="datetime64[D]")), [], "dates or times"),
    "spans.npy": (_npy_bytes(np.array([1, 2], dtype="timedelta64[s]")), [], "time spans"),
    "text.npy": (_npy_bytes(np.array(["a", "b"])), [], "text (strings), not numbers"),
    "records.npy": (_npy_bytes(np.zeros(2, dtype=[("a", "f8"), ("b", "i4")])), [], "structured records"),
    "nan.npy": (_npy_bytes(np.array([[1.0, 2.0], [3.0, np.nan]])), [], "row 2, column 2: the array holds NaN"),
    "long_double.npy": (_npy_bytes(np.array([[1.0, 1e308]], dtype=np.longdouble) * 10), [],
                        "row 1, column 2: the array holds a value too large"),
}


def _run(*args):
    return runner.invoke(app, [str(a) for a in args])


def _assert_one_error_line(r, message):
    assert r.exit_code == 2, (r.exit_code, r.output)
    assert "Traceback" not in r.output
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("Error: ") and message in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_gives_one_located_line_and_no_output(tmp_path, name):
    data, options, message = BAD_FILES[name]
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / "out.svg"
    line = _assert_one_error_line(_run("gallery", src, "-o", out, *options), message)
    assert line.startswith(f"Error: {src}")
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def _make_special(tmp_path, kind):
    """A path that is not a readable regular file; returns (path, message)."""
    p = tmp_path / f"{kind}.csv"
    if kind == "loop":
        os.symlink(tmp_path / "loop2.csv", p)
        os.symlink(p, tmp_path / "loop2.csv")
        return p, "a symbolic link loop"
    if kind == "broken":
        os.symlink(tmp_path / "gone.csv", p)
        return p, "a broken symbolic link (to "
    if kind == "folder":
        p.mkdir()
        return p, "is a folder, not a file"
    if kind == "fifo":
        os.mkfifo(p)
        return p, "not a regular file"
    if kind == "missing":
        return p, "no such file"
    if kind == "under_a_file":
        (tmp_path / "plain").write_text("x")
        return tmp_path / "plain" / "v.csv", "no such file"
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["loop", "broken", "folder", "fifo", "missing", "under_a_file"])
def test_paths_that_are_not_files_are_named(tmp_path, kind):
    src, message = _make_special(tmp_path, kind)
    before = sorted(p.name for p in tmp_path.iterdir())
    _assert_one_error_line(_run("gallery", src, "-o", tmp_path / "out.svg"), message)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


STROKE_FILES = {
    "latin1.ndjson": ('{"word": "caf\xe9", "drawing": [[[1, 2], [3, 4]]]}\n'.encode("latin-1"),
                      "line 1, column 14 (byte offset 13)"),
    "huge.ndjson": (b'{"drawing": [[[1, 2], [3, 1e999]]]}\n', "line 1, stroke 1, point 2, y: '1e999' is too large"),
    "text_coord.ndjson": (b'{"drawing": [[[1, "2"], [3, 4]]]}\n', "line 1, stroke 1, point 2, x: '2' is not a number"),
    "no_drawing.ndjson": (b'{"word": "x"}\n', "line 1: no 'drawing' key"),
    "not_gzip.ndjson.gz": (b"plain text", "not a readable gzip file"),
    "latin1.ndjson.gz": (gzip.compress('{"word": "\xe9"}\n'.encode("latin-1")), "line 1, column 11 (byte offset 10)"),
}


@pytest.mark.parametrize("name", sorted(STROKE_FILES))
def test_bad_drawings_give_one_located_line(tmp_path, name):
    data, message = STROKE_FILES[name]
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / "out.svg"
    _assert_one_error_line(_run("draw", "--from-strokes", src, "-o", out), message)
    _assert_one_error_line(_run("doodles", "cluster", src, "-o", out), message)
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_bad_text_file_gives_one_located_line(tmp_path):
    src = tmp_path / "texts.txt"
    src.write_bytes("first text\nna\xefve\n".encode("latin-1"))
    _assert_one_error_line(_run("crowd", src, "--text", "-o", tmp_path / "map.svg"),
                           "line 2, column 3 (byte offset 13): byte 0xef is not UTF-8")
    assert [p.name for p in tmp_path.iterdir()] == ["texts.txt"]


def test_bad_parquet_columns_are_located_from_1(tmp_path):
    pytest.importorskip("pyarrow")
    src = tmp_path / "v.parquet"
    pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [1.0, None, 3.0]}).to_parquet(src)
    _assert_one_error_line(_run("gallery", src, "-o", tmp_path / "o.svg"), "row 2, column 2 (b): an empty (null) value")
    pd.DataFrame({"a": [1.0, 2.0], "t": pd.to_datetime(["2020-01-01", "2021-01-01"])}).to_parquet(src)
    _assert_one_error_line(_run("gallery", src, "-o", tmp_path / "o.svg"), "column 2 (t): type timestamp")
    src.write_bytes(b"PAR1 not really")
    _assert_one_error_line(_run("gallery", src, "-o", tmp_path / "o.svg"), "not a readable Parquet file")
    assert [p.name for p in tmp_path.iterdir()] == ["v.parquet"]


# -- what is read rather than refused ---------------------------------------------------------------

@pytest.mark.parametrize("data", [
    "a,b\n1,2\n3,4\n".encode("utf-8-sig"),
    b"\xff\xfe" + "a,b\r\n1,2\r\n3,4\r\n".encode("utf-16-le"),
    b"\xfe\xff" + "a,b\n1,2\n3,4\n".encode("utf-16-be"),
], ids=["utf8-bom", "utf16-le", "utf16-be"])
def test_byte_order_marks_are_read(tmp_path, data):
    src = tmp_path / "v.csv"
    src.write_bytes(data)
    t = read_table(src)
    assert t.columns == ["a", "b"] and t.X.tolist() == [[1, 2], [3, 4]]


def test_label_column_by_number_counts_from_1(tmp_path):
    src = tmp_path / "v.csv"
    src.write_text("1,2,7\n3,4,8\n")
    t = read_table(src, label_col="3")
    assert t.labels == ["7", "8"] and t.X.tolist() == [[1, 2], [3, 4]]


def test_long_numeric_cell_is_read_when_finite(tmp_path):
    src = tmp_path / "v.csv"
    src.write_text(f"a,b\n1,0.{CELL}\n2,3\n")
    assert read_table(src).X[0, 1] == pytest.approx(1 / 9, rel=1e-12)


@pytest.mark.parametrize("magnitude", [1e200, 1e-200, 1e300])
@pytest.mark.parametrize("mapping", ["pca", "columns"])
def test_huge_and_tiny_columns_are_standardised_without_overflow(magnitude, mapping):
    X = np.random.default_rng(0).standard_normal((30, 4))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        codes = Vec2Face(mapping=mapping).fit(X * magnitude).transform(X * magnitude)
    reference = Vec2Face(mapping=mapping).fit(X).transform(X)
    assert np.isfinite(codes).all() and np.allclose(codes, reference, atol=1e-6)


def test_huge_column_beside_ordinary_ones_still_drives_faces(tmp_path):
    X = np.random.default_rng(1).standard_normal((12, 3))
    X[:, 0] *= 1e200
    src = tmp_path / "v.csv"
    src.write_text("a,b,c\n" + "\n".join(",".join(repr(float(v)) for v in row) for row in X) + "\n")
    out = tmp_path / "g.svg"
    r = _run("gallery", src, "-o", out)
    assert r.exit_code == 0 and r.stderr == "", r.output
    codes = Vec2Face().fit(read_table(src)).transform(X)
    assert len({tuple(np.round(c, 6)) for c in codes}) == len(X)


def test_fold_of_huge_values_stays_finite():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        face = vec2face([1e308, 1e308, -1e308] * 40)
    assert np.isfinite(face.code).all() and np.abs(face.code).max() <= 3


# -- library-level cases: the package's own errors ---------------------------------------------------

BAD_VALUES = {
    "huge int": ([10**400], "index 0 is too large for a 64-bit float"),
    "huge int in a row": ([[1, 2], [3, 10**400]], "row 1, column 1 is too large"),
    "None": (None, "is None"),
    "a number": (5, "a single number"),
    "a dict": ({"a": 1.0}, "is a dict"),
    "complex array": (np.array([1 + 2j, 3]), "complex numbers"),
    "complex list": ([1 + 2j, 3], "(1+2j), not a number (complex"),
    "datetime64": (np.array(["2020-01-01"], dtype="datetime64[D]"), "dates or times"),
    "timedelta64": (np.array([1, 2], dtype="timedelta64[s]"), "time spans"),
    "datetime objects": ([datetime.datetime(2020, 1, 1), 1.0], "a date, time or time span"),
    "masked": (np.ma.masked_array([1.0, 2.0, 3.0], mask=[0, 1, 0]), "masked values (the first at index 1)"),
    "long double": (np.array([1e308], dtype=np.longdouble) * 10, "too large for a 64-bit float"),
    "text": ("1 2 3", "is text"),
}


@pytest.mark.parametrize("name", sorted(BAD_VALUES))
def test_bad_values_raise_input_error(name):
    value, message = BAD_VALUES[name]
    with pytest.raises(InputError) as info:
        vec2face(value)
    assert message in str(info.value)


@pytest.mark.parametrize("X, message", [
    (pd.DataFrame({"a": [1.0, 2.0], "t": pd.to_datetime(["2020-01-01", "2021-01-01"])}), "not a number"),
    (pd.DataFrame({"z": np.array([1 + 1j, 2])}), "complex numbers"),
    (pd.DataFrame({"a": pd.array([1, None, 3], dtype="Int64")}), "row 1, column 0"),
    (np.ma.masked_array(np.ones((3, 2)), mask=[[0, 0], [0, 1], [0, 0]]), "row 1, column 1"),
    ([[1, 2], [3, 10**400]], "row 1, column 1 is too large"),
])
def test_bad_tables_raise_input_error(X, message):
    with pytest.raises(InputError) as info:
        Vec2Face().fit(X)
    assert message in str(info.value)


@pytest.mark.parametrize("drawings, message", [
    (None, "not NoneType"),
    (5, "not int"),
    ({"a": 1}, "not dict"),
    ([], "no drawings"),
    ([None], "drawing 0 is a NoneType"),
    ([["abc"]], "drawing 0, stroke 0 is a str"),
    ([[[[10**400, 1], [2, 3]]]], "too large for a 64-bit float"),
    ([[[[1, 2], [3]]]], "drawing 0, stroke 0"),
    ("missing.ndjson", "missing.ndjson: no such file"),
])
def test_bad_drawings_raise_input_error(drawings, message):
    with pytest.raises(InputError) as info:
        encode(drawings)
    assert message in str(info.value)


@pytest.mark.parametrize("points, message", [
    (None, "not NoneType"),
    ("abc", "not str"),
    ([["a", "b"]] * 68, "landmarks must be numbers"),
    ([[10**400, 1]] * 68, "too large for a 64-bit float"),
    (np.ones((68, 2)), "all its points in one place"),
])
def test_bad_landmarks_raise_input_error(points, message):
    with pytest.raises(InputError) as info:
        encode_landmarks(points)
    assert message in str(info.value)


def test_input_errors_are_the_package_errors():
    assert issubclass(InputError, Vec2FaceError) and issubclass(InputError, ValueError)
    for value in (None, [10**400], np.array([1j])):
        with pytest.raises(Vec2FaceError):
            vec2face(value)
    with pytest.raises(Vec2FaceError):
        encode(None)


def test_ndjson_errors_are_one_line_json_too(tmp_path):
    src = tmp_path / "d.ndjson"
    src.write_text(json.dumps({"drawing": [[[1, 2], [3, 4]]]}) + "\n" + '{"drawing": [[[1], [2, 3]]]}\n')
    _assert_one_error_line(_run("draw", "--from-strokes", src, "-o", tmp_path / "o.svg"), "line 2, stroke 1: expected")


def test_huge_columns_give_quiet_tooltips():
    """Page tooltips standardise with the overflow-free helper: a value whose
    distance from the column mean overflows float64 still reads in sd."""
    import warnings

    from vec2face.render.items import driving_values

    X = np.array([[1.5e308, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (shown,) = driving_values(X, ["big", "small"], np.array([-1.5e308, 0.0]), np.array([1e308, 1.0]), top=1)
    assert shown == ["big = 1.5e+308 (+3.0 sd)"]


def test_a_value_that_is_rounding_noise_shows_as_zero():
    """A fortune's topic weight read 'like game feel = 1.603e-44 (-0.8 sd)' in its tooltip."""
    from vec2face.render.items import driving_values

    X = np.array([[1.603e-44, 2.0], [0.5, 1.0], [0.3, 3.0]])
    (shown,) = driving_values(X[:1], ["topic", "other"], X.mean(axis=0), X.std(axis=0), top=2)
    assert shown == ["topic = 0 (-1.3 sd)", "other = 2 (+0.0 sd)"]


def test_one_drawing_or_one_face_of_landmarks_is_answered_in_the_users_terms():
    """encode(one drawing) said 'drawing 0, stroke 0: expected (m, 2) finite points'; encode_landmarks of a
    (10, 2) array reported the shape (1, 10, 2) it had made of it."""
    drawing = [[[0, 0], [10, 5], [20, 0]], [[5, 5], [6, 6]]]
    with pytest.raises(InputError, match=r"for one drawing, pass \[drawing\]"):
        encode(drawing)
    assert encode([drawing]).shape[0] == 1
    with pytest.raises(InputError, match=r"got shape \(10, 2\)"):
        encode_landmarks(np.zeros((10, 2)))


def test_a_title_with_quotes_stays_text_in_a_notebooks_output():
    """The notebook output's <img alt> took the SVG's title, where quotes are not escaped: a title
    'Q3 "best" onload="alert(1)' closed the attribute and opened an onload handler."""
    from html.parser import HTMLParser

    from vec2face.assemble.model import codes_gallery

    title = 'Q3 "best" onload="alert(1)'
    shown = codes_gallery(np.zeros((2, 18)), title=title)._repr_html_()
    imgs = []

    class Imgs(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "img":
                imgs.append(dict(attrs))

    Imgs().feed(shown)
    assert len(imgs) == 1 and imgs[0]["alt"] == title and "onload" not in imgs[0]


def test_a_picture_pillow_cannot_read_is_named_once(tmp_path):
    """Pillow's message repeats the path: 'x.webp: not an image ... (cannot identify image file 'x.webp')'."""
    pytest.importorskip("dlib", reason="the photo reader needs the [faces] extra")
    from vec2face.adapters.photo import photo_landmarks

    bad = tmp_path / "x.webp"
    bad.write_bytes(b"RIFF0000WEBPjunk")
    with pytest.raises(InputError) as err:
        photo_landmarks(bad)
    assert str(err.value).count("x.webp") == 1 and "not a picture format" in str(err.value)


def test_a_dot_may_be_redrawn_but_not_read_as_a_face(tmp_path):
    """A single dot stopped draw --from-strokes, which draws no face, from redrawing a whole file."""
    from vec2face.assemble.doodles import strokes_gallery
    from vec2face.io.strokes import read_ndjson

    nd = tmp_path / "dot.ndjson"
    nd.write_text('{"drawing": [[[0, 10, 20], [0, 5, 0]]]}\n{"drawing": [[[7], [7]]]}\n')
    assert strokes_gallery(nd).n_faces == 2
    with pytest.raises(InputError, match="line 2: all its points are on one spot"):
        read_ndjson(nd)


def test_a_parquet_file_without_pyarrow_names_the_extra(tmp_path, monkeypatch):
    """read_parquet imported pyarrow before the reader that names the extra: 'No module named pyarrow'."""
    import sys

    from vec2face.io.readers import read_parquet

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match=r"\[parquet\]"):
        read_parquet(tmp_path / "t.parquet")
