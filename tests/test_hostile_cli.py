"""Hostile use of the command line and of file outputs (issue 13).

Bad option values, an output that would replace an input, an unwritable
folder: each ends with exactly one ``Error:`` line naming the problem on
stderr, exit code 2, no traceback and no output file. PNG and PDF are as
deterministic as SVG; SIGTERM during a write leaves no temporary file.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from vec2face import Vec2Face, vec2face
from vec2face.cli import app
from vec2face.errors import Vec2FaceError

ROOT = Path(__file__).resolve().parents[1]


def runner():
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 keeps stderr apart by itself
        return CliRunner()


def assert_one_error(r, *words):
    """Exit 2, exactly one stderr line, starting ``Error:`` and holding ``words``; no traceback."""
    err = r.stderr.strip().splitlines()
    assert r.exit_code == 2, (r.exit_code, r.stdout, r.stderr)
    assert len(err) == 1 and err[0].startswith("Error:"), r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    for w in words:
        assert w in err[0], (w, err[0])
    return err[0]


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "t.csv"
    rng = np.random.default_rng(0)
    path.write_text("name,a,b,c\n" + "".join(f"r{i},{a:.3f},{b:.3f},{c:.3f}\n"
                                             for i, (a, b, c) in enumerate(rng.normal(size=(12, 3)))))
    return path


BAD_OPTIONS = [
    (["draw", "1", "2", "--width", "-5"], "--width"),
    (["draw", "1", "2", "--width", "1000000"], "--width"),
    (["draw", "1", "2", "--width", "0"], "--width"),
    (["draw", "1", "2", "--size", "nan"], "--size"),
    (["draw", "1", "2", "--size", "inf"], "--size"),
    (["draw", "1", "2", "--size", "-10"], "--size"),
    (["draw", "1", "2", "--size", "0"], "--size"),
    (["draw", "1", "2", "--line-width", "nan"], "--line-width"),
    (["draw", "1", "2", "--line-width", "-1"], "--line-width"),
    (["draw", "1", "2", "--dpi", "0"], "--dpi"),
    (["draw", "1", "2", "--dpi", "nan"], "--dpi"),
    (["draw", "1", "2", "--seed", "-1"], "--seed"),
    (["draw", "1", "2", "--stroke", "red}</style>"], "stroke"),
    (["variations", "1", "2", "-n", "0"], "-n"),
    (["variations", "1", "2", "-n", "-3"], "-n"),
    (["variations", "1", "2", "--spread", "-1"], "--spread"),
    (["variations", "1", "2", "--spread", "nan"], "--spread"),
    (["gallery", "{table}", "--limit", "-1"], "--limit"),
    (["gallery", "{table}", "--limit", "0"], "--limit"),
    (["gallery", "{table}", "--columns", "0"], "--columns"),
    (["gallery", "{table}", "--seed", "-2"], "--seed"),
    (["gallery", "{table}", "--width", "-5", "-o", "{out}.png"], "--width"),
    (["crowd", "{table}", "--topics", "0"], "--topics"),
    (["crowd", "{table}", "-k", "0"], "-k"),
    (["crowd", "{table}", "--dpi", "-1"], "--dpi"),
    (["crowd", "{table}", "--gutter", "-1"], "--gutter"),
    (["crowd", "{table}", "--gutter", "11"], "--gutter"),
    (["crowd", "{table}", "--gutter", "1.5"], "--gutter"),
    (["crowd", "{table}", "--gutter", "one"], "--gutter"),
    (["crowd", "{table}", "--assign", "global", "--gutter", "1"], "--gutter"),
    (["neighbors", "{table}", "--query", "-1"], "--query"),
    (["neighbors", "{table}", "--query", "0", "-k", "0"], "-k"),
    (["photo", "{table}", "--caricature", "nan"], "--caricature"),
    (["doodles", "cluster", "{table}", "-k", "0"], "-k"),
    (["draw", "1", "2", "--no-such-option"], "--no-such-option"),
    (["neighbors", "{table}"], "--query"),
    (["gallery", "{table}", "--fragment", "-o", "{out}.svg"], "--fragment"),
    (["crowd", "{table}", "--fragment", "-o", "{out}.png"], "--fragment"),
    (["gallery", "{table}", "--plotter", "-o", "{out}.png"], "--plotter"),
    # options that would do nothing here are refused, not ignored
    (["crowd", "{table}", "--topics", "5"], "--topics"),
    (["crowd", "{table}", "--embed", "sentences"], "--embed"),
    (["crowd", "{table}", "--text-col", "body"], "--text-col"),
    (["crowd", "{table}", "--key", "X"], "--key"),
    (["gallery", "{table}", "--key", "X"], "--key"),
    (["gallery", "{table}", "--plotter-text"], "--plotter-text"),
    (["gallery", "{table}", "-s", "chernoff", "-f", "smile=a", "-f", "smile=b"], "twice"),
    (["gallery", "{table}", "-s", "chernoff", "--mapping", "learned", "-f", "smile=a"], "--mapping learned"),
]


@pytest.mark.parametrize("args,option", BAD_OPTIONS, ids=[" ".join(a) for a, _ in BAD_OPTIONS])
def test_bad_option_values_end_in_one_error_line_naming_the_option(tmp_path, table, args, option):
    out = tmp_path / "out"
    args = [a.replace("{table}", str(table)).replace("{out}", str(out)) for a in args]
    if "-o" not in args:
        args += ["-o", f"{out}.svg"]
    r = runner().invoke(app, args)
    assert_one_error(r, option)
    if "nan" in args or "inf" in args:  # said as what it is, not as a range it misses
        assert "is not a finite number" in r.output, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


def test_help_names_the_extras():
    r = runner().invoke(app, ["--help"], terminal_width=200)
    assert "[faces]" in r.stdout, r.stdout
    r = runner().invoke(app, ["crowd", "--help"], terminal_width=200)
    assert "[text]" in r.stdout, r.stdout


@pytest.mark.parametrize("command", [
    ["gallery", "{src}", "-o", "{src}"],
    ["gallery", "{src}", "-o", "{dot}"],
    ["crowd", "{src}", "-o", "{src}"],
    ["neighbors", "{src}", "--query", "0", "-o", "{src}"],
    ["crowd", "--text", "{texts}", "-o", "{texts}"],
    ["draw", "--from-strokes", "{texts}", "-o", "{texts}"],
    ["doodles", "cluster", "{texts}", "-o", "{texts}"],
    ["photo", "{texts}", "-o", "{texts}"],
])
def test_an_output_never_replaces_an_input(tmp_path, command):
    src = tmp_path / "data.svg"
    src.write_text("a,b\n1,2\n3,4\n5,6\n")
    texts = tmp_path / "texts.svg"
    texts.write_text("one text\nanother text\n")
    args = [a.format(src=src, texts=texts, dot=tmp_path / "sub" / ".." / "data.svg") for a in command]
    (tmp_path / "sub").mkdir()
    r = runner().invoke(app, args)
    assert_one_error(r, "input")
    assert src.read_text() == "a,b\n1,2\n3,4\n5,6\n" and texts.read_text() == "one text\nanother text\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.svg", "sub", "texts.svg"]


def test_an_output_through_a_link_never_replaces_its_input(tmp_path, table):
    link = tmp_path / "link.svg"
    link.symlink_to(table)
    r = runner().invoke(app, ["gallery", str(table), "-o", str(link)])
    assert_one_error(r, "input")


@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied"), OSError(30, "Read-only file system"),
                                   OSError(28, "No space left on device")], ids=["permission", "read-only", "full"])
def test_an_unwritable_folder_is_named_with_the_output(tmp_path, monkeypatch, error):
    """The error names the output file, not the temporary file beside it."""
    import tempfile

    def refuse(*args, dir=None, **kwargs):
        raise type(error)(error.errno, error.strerror, os.path.join(dir, ".face.svg.x1y2z3.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "face.svg"
    r = runner().invoke(app, ["draw", "1", "2", "-o", str(out)])
    line = assert_one_error(r, str(out), error.strerror)
    assert ".tmp" not in line and list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_named_with_the_output(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        r = runner().invoke(app, ["draw", "1", "2", "-o", str(folder / "face.svg")])
        line = assert_one_error(r, str(folder / "face.svg"))
        assert ".tmp" not in line
    finally:
        folder.chmod(0o700)


def test_library_refuses_zero_columns_and_bad_sizes():
    X = np.random.default_rng(0).normal(size=(5, 3))
    model = Vec2Face().fit(X)
    for columns in (0, -1):
        with pytest.raises(Vec2FaceError, match="columns"):
            model.gallery(X, columns=columns)
        with pytest.raises(Vec2FaceError, match="columns"):
            model.gallery(X, columns=columns, plotter=True)
    for size in (float("nan"), -5.0, 0.0, float("inf")):
        with pytest.raises(Vec2FaceError, match="size"):
            vec2face([1.0, 2.0], size=size)
    face = vec2face([1.0, 2.0])
    for width in (-5, 0, 1_000_000):
        with pytest.raises(Vec2FaceError, match="width"):
            face.to_png(width=width)


@pytest.mark.parametrize("suffix", [".png", ".pdf", ".svg", ".html"])
def test_outputs_are_deterministic(tmp_path, suffix):
    """The same input gives the same bytes: the PDF carries no creation or modification date."""
    X = np.random.default_rng(0).normal(size=(6, 4))
    a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    Vec2Face().fit(X).gallery(X, title="same").save(a)
    time.sleep(1.05)  # a date in seconds would differ
    Vec2Face().fit(X).gallery(X, title="same").save(b)
    assert a.read_bytes() == b.read_bytes()
    assert b"CreationDate" not in a.read_bytes() and b"ModDate" not in a.read_bytes()


def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path):
    """A SIGTERM while a large file is being written: no output, no temporary file, killed by SIGTERM."""
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        import vec2face.io.atomic as atomic
        real_replace = os.replace
        def slow_replace(a, b):  # the data is written: wait to be killed before the rename
            print("written", flush=True)
            import time; time.sleep(60)
            real_replace(a, b)
        atomic.os = type(os)("os_for_test"); atomic.os.__dict__.update(os.__dict__); atomic.os.replace = slow_replace
        atomic.write_atomic({str(tmp_path / "big.png")!r}, b"x" * (64 << 20))
    """)
    p = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "written"
    assert [f.name for f in tmp_path.iterdir() if f.name.endswith(".tmp")]  # the temporary file is there
    p.send_signal(signal.SIGTERM)
    assert p.wait(timeout=30) == -signal.SIGTERM
    assert list(tmp_path.iterdir()) == []


def test_neighbour_page_tooltips_show_the_captions_labels_and_rows(tmp_path, table):
    """The HTML data block carries each face's label and row, as its caption does."""
    import json
    import re

    out = tmp_path / "n.html"
    r = runner().invoke(app, ["neighbors", str(table), "--query", "3", "-k", "2", "--label-col", "name", "-o", str(out)])
    assert r.exit_code == 0, r.output
    page = out.read_text()
    data = json.loads(re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S).group(1))
    items = data["items"]
    assert items[0]["l"] == "query: r3" and items[0]["id"] == "3"
    rows = [int(it["id"]) for it in items[1:]]
    assert len(rows) == 2 and 3 not in rows
    assert all(it["l"].startswith(f"r{row} (") for it, row in zip(items[1:], rows))


def _good_texts(n=6):
    return [f"the cat sat on the mat {i}" if i % 2 else f"markets fell as yields rose {i}" for i in range(n)]


@pytest.mark.parametrize("name, content, words", [
    # a table of texts is read as a table of vectors is (it had its own reader: bad bytes replaced, a BOM in the
    # first column's name, ragged rows and unclosed quotes taken, and tracebacks on huge or deep cells)
    ("bad.csv", b"text,label\na b c,x\nd e f,y\ncaf\xe9 g,z\n", ("bad.csv, line 4, column 4", "byte 0xe9")),
    ("ragged.csv", b"text,label\nlonely text\nx,y\n", ("ragged.csv, line 2, column 2", "ragged row")),
    ("quote.csv", b'text,label\n"never closed,L1\nmore,L2\n', ("quote.csv, line 2", "never closed")),
    ("twice.csv", b"text,text\na b,c d\n", ("twice.csv, line 1, column 2", "names column 'text' twice")),
    ("deep.jsonl", b'{"text": "a b"}\n' + b"[" * 100000 + b"]" * 100000 + b"\n", ("deep.jsonl, line 2", "too deeply")),
    ("nofield.jsonl", b'{"text": "a b"}\n\n{"body": "c d"}\n', ("nofield.jsonl, line 3", "no text field 'text'")),
    ("garbage.parquet", b"PAR1garbage", ("garbage.parquet", "not a readable Parquet file")),
], ids=lambda v: v if isinstance(v, str) else "")
def test_a_bad_table_of_texts_is_one_located_line(tmp_path, name, content, words):
    if name.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    src, out = tmp_path / name, tmp_path / "m.svg"
    src.write_bytes(content)
    assert_one_error(runner().invoke(app, ["crowd", "--text", str(src), "-k", "2", "-o", str(out)]), *words)
    assert not out.exists()


def test_a_table_of_texts_takes_a_bom_long_cells_line_separators_and_column_numbers(tmp_path):
    from vec2face.io.texts import read_text_table

    texts = _good_texts()
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbftext,label\n" + "".join(f"{t},{i % 2}\n" for i, t in enumerate(texts)).encode())
    assert read_text_table(bom, label_col="label") == (texts, [str(i % 2) for i in range(6)])
    assert read_text_table(bom, text_col="1", label_col="2") == read_text_table(bom, label_col="label")
    long = tmp_path / "long.csv"
    long.write_text("text\n" + "word " * 40000 + "\n" + "another text\n")  # a cell past csv's 131,072 characters
    assert read_text_table(long)[0][0] == "word " * 40000
    huge = tmp_path / "huge.jsonl"  # an integer of 5,000 digits beside the text: JSON, read (it had been a traceback)
    huge.write_text('{"text": "c d", "n": ' + "9" * 5000 + "}\n")
    assert read_text_table(huge)[0] == ["c d"]
    sep = tmp_path / "sep.jsonl"
    sep.write_text('{"text": "a\u2028b c"}\n{"text": "d e"}\n', encoding="utf-8")  # U+2028 is JSON, not a line end
    assert read_text_table(sep)[0] == ["a\u2028b c", "d e"]
    folder = tmp_path / "adir.csv"
    folder.mkdir()
    with pytest.raises(Vec2FaceError, match="adir.csv: is a folder, not a file"):
        read_text_table(folder)


def test_plain_texts_are_lines_ending_at_newlines(tmp_path):
    from vec2face.io.texts import read_texts

    f = tmp_path / "t.txt"
    f.write_text("".join(f"text {i}\n" for i in range(10)) + "a\x0c\x0cb\n\n" + "last\n")
    with pytest.raises(Vec2FaceError, match="t.txt, line 12: an empty text"):  # a form feed had moved it to 13
        read_texts(f)
    f.write_text("%\nA\n%\nB\n%\n")  # fortune files: % lines part the texts, the first one too
    assert read_texts(f) == ["A", "B"]


def test_crowd_curves_that_cannot_be_written_leave_no_map(tmp_path, table):
    out = tmp_path / "m.svg"
    r = runner().invoke(app, ["crowd", str(table), "--label-col", "name", "-k", "2", "-o", str(out),
                              "--curves", str(table / "curves.svg")])
    assert_one_error(r, "is a file, not a folder")
    assert not out.exists()


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path, table):
    assert_one_error(runner().invoke(app, ["gallery", str(table), "--label-col", "name", "-o",
                                           str(tmp_path / "bad\nname.txt")]), "'", "\\n", "unknown output format")


def test_a_headerless_row_with_a_gap_is_data_and_a_header_of_numbers_is_said(tmp_path):
    gap, out = tmp_path / "gap.csv", tmp_path / "o.svg"
    gap.write_text("1,,3\n4,5,6\n7,8,9\n")
    assert_one_error(runner().invoke(app, ["gallery", str(gap), "-o", str(out)]), "gap.csv, line 1, column 2",
                     "an empty cell")  # it had been read as a header, and one row of data gone
    labelled = tmp_path / "l.csv"
    labelled.write_text("1,2,3,cat\n4,5,6,dog\n7,8,9,cow\n")
    r = runner().invoke(app, ["gallery", str(labelled), "--label-col", "4", "-o", str(out)])
    assert r.exit_code == 0 and "note: line 1 was read as the header, though 3 cells of it (1, 2, 3) are " \
        "numbers" in r.stdout + r.stderr


def test_label_columns_by_number_in_every_table(tmp_path):
    import json

    from vec2face.io.readers import read_table

    rows = [{"a": float(i), "b": 2.0 * i, "name": f"n{i}"} for i in range(4)]
    jl = tmp_path / "t.jsonl"
    jl.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert read_table(jl, label_col="3").labels == read_table(jl, label_col="name").labels == ["n0", "n1", "n2", "n3"]
    with pytest.raises(Vec2FaceError, match="label column 4 is out of range"):
        read_table(jl, label_col="4")
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    pq = tmp_path / "t.parquet"
    pd.DataFrame(rows).to_parquet(pq)
    assert read_table(pq, label_col="3").labels == ["n0", "n1", "n2", "n3"]


def test_doodles_cluster_names_the_line_of_a_drawing_without_the_label_key(tmp_path):
    import json

    lines = (ROOT / "data" / "doodles" / "quickdraw_faces.ndjson").read_text().splitlines()[:6]
    recs = [json.loads(x) for x in lines]
    recs[3].pop("word", None)
    src, out = tmp_path / "d.ndjson", tmp_path / "x.svg"
    src.write_text(json.dumps(recs[0]) + "\n\n" + json.dumps(recs[1]) + "\n\n" + "\n".join(map(json.dumps, recs[2:])))
    assert_one_error(runner().invoke(app, ["doodles", "cluster", str(src), "--label-key", "word", "-o", str(out)]),
                     "d.ndjson, line 6: the drawing has no key 'word'")
    assert not out.exists()


@pytest.mark.parametrize("encoding, words", [("utf-16-le", "UTF-16 text without a byte order mark"),
                                             ("utf-16-be", "UTF-16 text without a byte order mark"),
                                             ("utf-32", "UTF-32 text")])
def test_utf16_without_its_mark_and_utf32_are_named(tmp_path, encoding, words):
    src, out = tmp_path / "t.csv", tmp_path / "o.svg"
    src.write_bytes("a,b\n1,2\n3,4\n".encode(encoding))  # had been read as a header of 'a\x00' or as Latin-1 advice
    assert_one_error(runner().invoke(app, ["gallery", str(src), "-o", str(out)]), "t.csv: " + words, "UTF-8")
    assert not out.exists()
    src.write_bytes("a,b\n1,2\n3,4\n".encode("utf-16"))  # with its mark: read
    assert runner().invoke(app, ["gallery", str(src), "-o", str(out)]).exit_code == 0


def test_the_cluster_table_keeps_each_label_on_its_line(tmp_path):
    src, out = tmp_path / "t.csv", tmp_path / "m.svg"
    rows = [f'{i % 3},{i},"one\nlabel"' if i % 2 else f"{i % 3},{i},plain" for i in range(12)]
    src.write_text("a,b,label\n" + "\n".join(rows) + "\n")
    r = runner().invoke(app, ["crowd", str(src), "--label-col", "label", "-k", "2", "-o", str(out)])
    assert r.exit_code == 0, r.stderr
    table = [line for line in r.stdout.splitlines() if line.strip()[:1].isdigit() and ("plain" in line or "label" in line)]
    assert len(table) == 2 and any("one\\nlabel" in line for line in table)  # a newline in a label had split a row


def test_drawings_and_photos_that_cannot_be_faces_are_refused_in_one_line(tmp_path):
    """A coordinate of 1e300 was taken (every other point squeezed onto one spot, a flat line drawn); a drawing of
    one point became a cluster of its own; a folder given to photo read 'no such file'; a WebP or GIF photo gave
    dlib's seven lines of build instructions (Pillow reads them)."""
    from PIL import Image

    from vec2face import vec2face

    huge = tmp_path / "huge.ndjson"
    huge.write_text('{"drawing": [[[0, 10, 20], [0, 5, 0]]]}\n{"drawing": [[[0, 10, 1e300], [0, 5, 0]]]}\n')
    dot = tmp_path / "dot.ndjson"
    dot.write_text('{"drawing": [[[0, 10, 20], [0, 5, 0]]]}\n{"drawing": [[[7], [7]], [[7, 7], [7, 7]]]}\n')
    folder = tmp_path / "pictures.jpg"
    folder.mkdir()
    vec2face([1.0, 2.0]).save(tmp_path / "face.png")
    Image.open(tmp_path / "face.png").save(tmp_path / "face.webp")
    cases = [
        (["draw", "--from-strokes", str(huge), "-o", str(tmp_path / "a.svg")],
         "huge.ndjson, line 2, stroke 1, point 3: coordinate 1e+300 is out of range"),
        (["doodles", "cluster", str(dot), "-o", str(tmp_path / "b.svg")], "dot.ndjson, line 2: all its points are on one spot"),
        (["photo", str(folder), "-o", str(tmp_path / "c.svg")], "pictures.jpg: is a folder, not a file"),
    ]
    for args, message in cases:
        r = CliRunner().invoke(app, args)
        assert r.exit_code == 2 and message in r.output and len(r.output.strip().splitlines()) == 1, r.output
        assert not Path(args[-1]).exists()
    pytest.importorskip("dlib", reason="the photo command needs the [faces] extra")
    r = CliRunner().invoke(app, ["photo", str(tmp_path / "face.webp"), "-o", str(tmp_path / "d.svg")])
    assert "DLIB_WEBP_SUPPORT" not in r.output and len(r.output.strip().splitlines()) == 1, r.output
