"""HTML outputs in a real headless Chromium (Debian ``chromium``, driven by Playwright).

Skipped with a message only where Chromium or Playwright is missing on a
developer's machine; in CI (``CI`` set) a missing browser fails the run.
Screenshots are kept in ``tests/artifacts/``.
"""

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

from vec2face import Vec2Face, crowd

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _need_browser():
    problem = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "playwright is not installed (pip install -e '.[test]')"
    if problem is None and not Path(CHROMIUM).exists():
        problem = "Debian chromium is not installed (apt-get install chromium)"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {problem}")
        pytest.skip(problem)


@pytest.fixture(scope="module")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="v2f-chromium-")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=FLAGS, headless=True,
                                                   viewport={"width": 1300, "height": 900})
        yield ctx
        ctx.close()
    shutil.rmtree(profile, ignore_errors=True)


class Page:
    """A page with its console errors, network requests and dialogs recorded."""

    def __init__(self, ctx, path):
        self.page = ctx.new_page()
        self.errors, self.requests, self.dialogs = [], [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(Path(path).resolve().as_uri())
        self.page.wait_for_selector("[data-ready]")

    def network(self):
        return [u for u in self.requests if not u.startswith("file://")]

    def shot(self, name):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.fixture(scope="module")
def crowd_page(tmp_path_factory, browser):
    from typer.testing import CliRunner

    from vec2face.cli import app

    out = tmp_path_factory.mktemp("html") / "map.html"
    r = CliRunner().invoke(app, ["crowd", "--demo", "-o", str(out), "--layout", "pca"])
    assert r.exit_code == 0, r.output
    return Page(browser, out)


def test_map_loads_from_file_with_no_network_and_no_errors(crowd_page):
    assert crowd_page.errors == [] and crowd_page.network() == []
    assert crowd_page.page.locator("g.v2f-face").count() == 600
    crowd_page.shot("crowd_map")


def test_hover_and_focus_show_the_right_tooltip(crowd_page):
    page = crowd_page.page
    data = json.loads(page.locator("script[type='application/json']").text_content())["items"]
    face = page.locator("g.v2f-face").nth(42)
    face.hover()
    tip = page.locator("[role=tooltip]")
    assert tip.is_visible()
    i = int(face.get_attribute("data-index"))
    assert tip.inner_text().splitlines()[0] == data[i]["l"]
    assert f"id: {data[i]['id']}" in tip.inner_text() and "sd)" in tip.inner_text()
    page.locator("g.v2f-face[data-index='7']").focus()
    assert tip.is_visible() and tip.inner_text().splitlines()[0] == data[7]["l"]


def test_zoom_changes_the_view_with_wheel_and_keys(crowd_page):
    page = crowd_page.page
    svg = page.locator("svg").first
    before = svg.get_attribute("viewBox")
    page.mouse.move(500, 500)
    page.mouse.wheel(0, -500)
    page.wait_for_timeout(50)
    after = svg.get_attribute("viewBox")
    assert after != before and float(after.split()[2]) < float(before.split()[2])
    page.locator("[aria-label^='the map']").focus()
    page.keyboard.press("0")
    assert svg.get_attribute("viewBox").split()[2] == before.split()[2]
    page.keyboard.press("+")
    assert float(svg.get_attribute("viewBox").split()[2]) < float(before.split()[2])
    page.keyboard.press("ArrowRight")
    page.keyboard.press("0")


def test_search_highlights_matching_labels(crowd_page):
    page = crowd_page.page
    data = json.loads(page.locator("script[type='application/json']").text_content())["items"]
    page.fill("input[type=search]", "7")
    want = sum("7" in it["l"] for it in data)
    assert page.locator("g.v2f-face[class*='-hit']").count() == want > 0
    page.fill("input[type=search]", "")
    assert page.locator("g.v2f-face[class*='-hit']").count() == 0


def test_click_pins_a_face_and_shows_its_neighbours(crowd_page):
    page = crowd_page.page
    page.keyboard.press("0")
    page.locator("g.v2f-face").nth(3).click()
    pinned = page.locator("[aria-live=polite] button")
    assert pinned.count() == 5 and page.locator("g.v2f-face[class*='-nb']").count() == 5
    page.keyboard.press("Escape")


def test_cluster_list_filters_the_map(crowd_page):
    page = crowd_page.page
    first = page.locator("button[data-cluster]").first
    c = first.get_attribute("data-cluster")
    members = page.locator(f"g.v2f-face[data-cluster='{c}']")
    first.click()
    assert first.get_attribute("aria-pressed") == "false"
    assert not members.first.is_visible()
    first.click()
    assert members.first.is_visible()


def test_user_text_stays_inert(tmp_path, browser):
    evil = ["<img src=x onerror=alert(1)>", "</script><script>window.__pwned=1;alert(2)</script>", "a & b \"c\""]
    X = np.random.default_rng(0).standard_normal((9, 4))
    labels = [evil[i % 3] for i in range(9)]
    out = tmp_path / "g.html"
    Vec2Face().fit(X).gallery(X, labels=labels, title=evil[1]).save(out)
    page = Page(browser, out)
    assert page.dialogs == [] and page.errors == [] and page.network() == []
    assert page.page.evaluate("window.__pwned") is None
    assert page.page.locator("img").count() == 0
    page.page.locator("g.v2f-face").nth(1).hover()
    assert page.page.locator("[role=tooltip]").inner_text().splitlines()[0] == labels[1]
    page.shot("xss_gallery")


def test_every_character_is_well_formed_in_every_format_and_text_in_the_browser(tmp_path, browser):
    """Issue 13's acceptance: labels made of every character from U+0000 to
    U+FFFF (16 chunks of 4,096) and a title of all of them give well-formed
    SVG, PNG, PDF and HTML; Chromium shows them as text, with only the
    characters XML 1.0 forbids replaced by U+FFFD."""
    from defusedxml import ElementTree as DET

    from vec2face.render.svg import CAPTION_PX, CAPTION_ROOM
    from vec2face.render.text import clean, fit_text

    everything = "".join(map(chr, range(0x10000)))
    chunks = [everything[i : i + 4096] for i in range(0, 0x10000, 4096)]
    X = np.random.default_rng(0).standard_normal((16, 4))
    g = Vec2Face().fit(X).gallery(X, labels=chunks, title=everything, columns=4, legend=True)
    for suffix in (".svg", ".png", ".pdf", ".html"):
        g.save(tmp_path / f"all{suffix}")
    root = DET.fromstring((tmp_path / "all.svg").read_bytes())
    assert root.find("{http://www.w3.org/2000/svg}title").text == clean(everything)
    assert (tmp_path / "all.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "all.pdf").read_bytes()[:5] == b"%PDF-"
    page = Page(browser, tmp_path / "all.html")
    p = page.page
    assert page.errors == [] and page.dialogs == [] and page.network() == []
    assert p.evaluate("document.querySelector('h1').textContent") == clean(everything)
    assert p.evaluate("document.querySelector('h1').children.length") == 0
    assert p.evaluate("document.querySelector('head title').textContent") == clean(everything)
    caps = p.evaluate("[...document.querySelectorAll('text.v2f-cap')].map(t => t.textContent)")
    assert caps == [clean(fit_text(c, CAPTION_ROOM, CAPTION_PX)) for c in chunks]  # each cut to its face's width
    assert p.evaluate("document.querySelectorAll('script').length") == 2  # the data block and the map's code
    for i in (0, 7):
        p.locator("g.v2f-face").nth(i).hover()
        tip = p.evaluate("document.querySelector('[role=tooltip]').textContent")
        assert clean(chunks[i]) in tip
    page.shot("every_character")


def test_two_fragments_share_a_page_without_clashing(tmp_path, browser):
    X = np.random.default_rng(1).standard_normal((6, 3))
    a = Vec2Face().fit(X).gallery(X).html(fragment=True)
    b = Vec2Face(style="chernoff").fit(X).gallery(X).html(fragment=True)
    outside = '<svg id="blog" width="50" height="50"><path id="theirs" d="M0 0L50 50" stroke="green"/></svg>'
    page_html = f"<!DOCTYPE html><html><body>{outside}<p>post</p>{a}<p>more</p>{b}</body></html>"
    out = tmp_path / "post.html"
    out.write_text(page_html)
    page = Page(browser, out)
    assert page.errors == [] and page.network() == []
    roots = page.page.locator("[data-vec2face]")
    assert roots.count() == 2 and page.page.locator("[data-ready]").count() == 2
    ids = page.page.evaluate("Array.from(document.querySelectorAll('[id]')).map(e => e.id)")
    assert len(ids) == len(set(ids))
    stroke = page.page.evaluate("getComputedStyle(document.getElementById('theirs')).stroke")
    assert stroke in ("green", "rgb(0, 128, 0)")  # the fragments' CSS does not leak
    page.page.locator("[data-vec2face]").nth(1).locator("g.v2f-face").first.hover()
    assert page.page.locator("[data-vec2face]").nth(1).locator("[role=tooltip]").is_visible()
    assert not page.page.locator("[data-vec2face]").nth(0).locator("[role=tooltip]").is_visible()


def test_svgs_pasted_into_one_page_keep_their_own_style(tmp_path, browser):
    """A face's SVG pasted as it is into a blog post (or shown by a notebook) puts its style sheet on the whole
    page: its rules are scoped to its own document, so faces of other options and the page's drawings keep theirs
    (a bare path{stroke:...} rule had restyled every path on the page, the last face's winning)."""
    from vec2face import vec2face

    red = vec2face([1, 2, 3], stroke="red").svg
    blue = vec2face([1, 2, 3], stroke="blue", line_width=3).svg
    inline = [s.split("?>", 1)[1] for s in (red, blue)]  # as pasted: no XML declaration
    outside = '<svg width="50" height="50"><path id="theirs" d="M0 0L50 50" stroke="green"/></svg>'
    out = tmp_path / "post.html"
    out.write_text(f"<!DOCTYPE html><html><body data-ready='1'>{outside}{inline[0]}<p>and</p>{inline[1]}</body></html>")
    page = Page(browser, out)
    style = "(e) => [getComputedStyle(e).stroke, getComputedStyle(e).strokeWidth]"
    faces = page.page.locator("svg[role=img]")
    assert faces.count() == 2
    first = faces.nth(0).locator("g.v2f-face path").first.evaluate(style)
    second = faces.nth(1).locator("g.v2f-face path").first.evaluate(style)
    assert first[0] == "rgb(255, 0, 0)" and second[0] == "rgb(0, 0, 255)" and first[1] != second[1]
    assert page.page.evaluate("getComputedStyle(document.getElementById('theirs')).stroke") in ("green", "rgb(0, 128, 0)")
    assert page.page.evaluate("getComputedStyle(document.getElementById('theirs')).strokeWidth") == "1px"


def test_one_map_shown_twice_works_twice(tmp_path, browser):
    """A notebook that displays one gallery in two cells holds the same fragment twice; so does a post with one
    map pasted twice, whose two copies had the same id (which HTML forbids)."""
    X = np.random.default_rng(1).standard_normal((6, 3))
    h = Vec2Face().fit(X).gallery(X)._repr_html_()
    out = tmp_path / "twice.html"
    out.write_text(f"<!DOCTYPE html><html><body>{h}<p>the next cell</p>{h}</body></html>")
    page = Page(browser, out)
    assert page.errors == []
    assert page.page.evaluate("document.querySelectorAll('[id]').length") == 0
    roots = page.page.locator("[data-vec2face]")
    assert roots.count() == 2 and page.page.locator("[data-ready]").count() == 2
    for k in (1, 0):  # the second copy as well as the first: faces Tab reaches, its own tooltip, its own zoom
        root = roots.nth(k)
        assert root.locator("g.v2f-face[tabindex='0']").count() == 1  # one stop of Tab; arrows go face to face
        assert root.locator("g.v2f-face[tabindex='-1']").count() == 5
        root.locator("g.v2f-face").first.hover()
        assert root.locator("[role=tooltip]").is_visible()
        assert not roots.nth(1 - k).locator("[role=tooltip]").is_visible()
    before = roots.nth(0).locator("svg").get_attribute("viewBox")
    roots.nth(1).locator("button[aria-label='zoom in']").click()
    assert roots.nth(1).locator("svg").get_attribute("viewBox") != before
    assert roots.nth(0).locator("svg").get_attribute("viewBox") == before


def test_a_page_shows_faces_at_their_size_and_shrinks_only_what_is_wider_than_the_window(tmp_path, browser):
    """`vec2face draw --size 50 -o small.html` filled the whole window (966 px wide), as did a 3-face gallery;
    a lone face in a notebook showed the interactive page instead of its SVG."""
    from vec2face import vec2face

    X = np.random.default_rng(2).standard_normal((16, 4))
    for image, width in ((vec2face([1, 2], size=50), 50), (Vec2Face().fit(X).gallery(X[:3]), 300)):
        out = tmp_path / "small.html"
        image.save(out)
        page = Page(browser, out)
        assert float(page.page.locator("svg").first.get_attribute("width")) == width
        assert abs(page.page.locator("svg").first.bounding_box()["width"] - width) < 1.5
        assert page.page.locator("[class$='-view']").first.bounding_box()["width"] < width + 10
    out = tmp_path / "wide.html"
    Vec2Face().fit(X).gallery(X, columns=16).save(out)  # 1,600 px of faces in a 1,300 px window
    page = Page(browser, out)
    box = page.page.locator("svg").first.bounding_box()
    assert 1000 < box["width"] <= 1300 and box["height"] <= 0.8 * 900 + 1
    assert vec2face([1, 2])._repr_html_() is None  # a notebook shows a lone face as its SVG


def test_the_keyboard_brings_a_face_into_view_and_its_tooltip_follows_it(tmp_path, browser):
    """Zoomed in, Tab focused faces outside the view, and the tooltip stayed where the face had been,
    naming it over other faces."""
    X = np.random.default_rng(3).standard_normal((60, 4))
    out = tmp_path / "keys.html"
    Vec2Face().fit(X).gallery(X, labels=[f"flower {i}" for i in range(60)], columns=6).save(out)
    page = Page(browser, out)
    p = page.page
    faces = p.locator("g.v2f-face")
    faces.nth(0).focus()
    for _ in range(3):
        p.keyboard.press("+")
    view = p.locator("svg").first.bounding_box()
    tip = p.locator("[role=tooltip]")

    def inside(box):
        return (box["x"] >= view["x"] - 1 and box["y"] >= view["y"] - 1 and box["x"] + box["width"] <= view["x"]
                + view["width"] + 1 and box["y"] + box["height"] <= view["y"] + view["height"] + 1)

    if not inside(faces.nth(0).bounding_box()):  # zoomed about the middle: the first face left the view
        assert not tip.is_visible()
    for k in (1, 2, 30):
        faces.nth(k).focus()
        box = faces.nth(k).bounding_box()
        assert inside(box), k
        assert tip.is_visible() and tip.locator("div").first.text_content() == f"flower {k}"
        t = tip.bounding_box()
        assert abs(t["x"] - (box["x"] + box["width"] + 14)) < 3 and abs(t["y"] - (box["y"] + 14)) < 3
    assert page.errors == []


def test_a_tall_page_keeps_its_drawings_shape_and_fits_the_window(tmp_path, browser):
    """A 1000 x 1796 gallery sat in a 1000 x 720 box, drawn at 40% in a column of it (letterboxed)."""
    X = np.random.default_rng(4).standard_normal((170, 4))
    out = tmp_path / "tall.html"
    g = Vec2Face().fit(X).gallery(X)
    g.save(out)
    page = Page(browser, out)
    svg = page.page.locator("svg").first
    box = svg.bounding_box()
    w, h = float(svg.get_attribute("width")), float(svg.get_attribute("height"))
    assert h > 900 and box["height"] <= 0.8 * 900 + 1
    assert abs(box["width"] / box["height"] - w / h) < 0.01  # no letterbox: the box has the drawing's shape
    view = page.page.locator("[class$='-view']").first.bounding_box()
    assert view["width"] < box["width"] + 10


def test_a_pinned_face_shows_its_details_in_the_window(tmp_path, browser):
    """The pinned face's details and neighbours were written below the map, under the fold, and the hover
    tooltip stayed over the pinned face."""
    X = np.random.default_rng(5).standard_normal((170, 4))
    out = tmp_path / "pin.html"
    Vec2Face().fit(X).gallery(X, labels=[f"row {i}" for i in range(170)]).save(out)
    page = Page(browser, out)
    p = page.page
    face = p.locator("g.v2f-face").nth(12)
    face.hover()
    face.click()
    pin = p.locator("div[aria-live=polite]").first
    assert pin.locator("div").first.text_content() == "Pinned: row 12"
    box = pin.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 900 + 1  # in the window, not under the fold
    assert not p.locator("[role=tooltip]").first.is_visible()
    assert page.errors == []


def test_big_map_stays_responsive(tmp_path, browser):
    """10,000 faces: time a wheel zoom and a hover, each until the next frame is painted."""
    X = np.random.default_rng(2).standard_normal((10_000, 16))
    out = tmp_path / "big.html"
    t0 = time.perf_counter()
    crowd(X, layout="pca", k=8).save(out)
    build = time.perf_counter() - t0
    page = Page(browser, out)
    p = page.page
    zoom_ms = p.evaluate("""() => new Promise(done => {
        const v = document.querySelector('[aria-label^="the map"]');
        const t = performance.now();
        v.dispatchEvent(new WheelEvent('wheel', {deltaY: -300, clientX: 400, clientY: 400, bubbles: true, cancelable: true}));
        requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t)));
    })""")
    hover_ms = p.evaluate("""() => new Promise(done => {
        const g = document.querySelectorAll('g.v2f-face')[5000];
        const t = performance.now();
        g.dispatchEvent(new MouseEvent('mouseover', {bubbles: true, clientX: 300, clientY: 300}));
        requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t)));
    })""")
    print(f"\n10,000-face map: built in {build:.1f} s; wheel zoom {zoom_ms:.0f} ms, hover {hover_ms:.0f} ms to paint")
    (ARTIFACTS).mkdir(exist_ok=True)
    (ARTIFACTS / "big_map_latency.json").write_text(json.dumps({"faces": 10000, "zoom_ms": zoom_ms,
                                                                "hover_ms": hover_ms, "build_s": build}))
    assert page.errors == [] and zoom_ms < 3000 and hover_ms < 3000
    page.shot("big_map")


def test_a_doodle_shows_its_tooltip_wherever_the_pointer_is_over_it(tmp_path, browser):
    """Raw doodles are strokes with no fill: the pointer over a doodle's paper found nothing (0 of 6 tooltips)."""
    from pathlib import Path

    from vec2face.assemble.doodles import cluster_sheet
    from vec2face.assemble.faces import Gallery
    from vec2face.io import strokes as S

    drawings, _ = S.read_ndjson(Path(__file__).parents[1] / "data" / "doodles" / "quickdraw_faces.ndjson")
    drawings = drawings[:12]
    svg, _ = cluster_sheet(drawings, labels=[f"doodle {i}" for i in range(12)], method="kmeans", k=2)
    Gallery(svg, 12, items=[{"l": f"doodle {i}", "id": i} for i in range(12)]).save(tmp_path / "d.html")
    page = Page(browser, tmp_path / "d.html")
    p = page.page
    assert page.errors == []
    shown = 0
    for i in range(6):
        face = p.locator("g.v2f-face").nth(i)
        box = face.bounding_box()
        p.mouse.move(box["x"] + 0.5 * box["width"], box["y"] + 0.45 * box["height"])  # the middle: mostly paper
        tip = p.evaluate("(document.querySelector('[role=tooltip]') || {}).textContent || ''")
        shown += "doodle" in tip
    assert shown == 6


def test_a_text_map_is_searched_by_its_texts_and_names_its_topics(tmp_path, browser):
    """A text map's faces were labelled "row i": searching a word found nothing, and tooltips showed x1..xN."""
    from vec2face import crowd

    texts = (["the rocket launch was delayed by nasa", "a cheese sauce recipe for pasta",
              "stock market earnings beat investor hopes", "the puppy would not stop to bark"] * 6)
    crowd(texts=texts, layout="pca", n_topics=4).save(tmp_path / "t.html")
    page = Page(browser, tmp_path / "t.html")
    p = page.page
    p.fill("input[type=search]", "rocket")
    assert p.locator("g.v2f-face[class*='-hit']").count() == 6
    p.fill("input[type=search]", "")
    p.locator("g.v2f-face").nth(0).hover()
    tip = p.locator("[role=tooltip]").inner_text()
    assert tip.splitlines()[0] in texts and "topic " in tip and " x1 " not in tip


def _view_box(p):
    return [float(v) for v in p.locator("svg").first.get_attribute("viewBox").split()]


def test_a_drag_ends_when_the_button_is_released_outside_the_map(tmp_path, browser):
    """A drag released outside the map kept panning with the pointer, no button held, when it came back in
    (the page's own pan and zoom listened for the release on the map only; Panzoom listens on the document)."""
    X = np.random.default_rng(6).standard_normal((40, 4))
    out = tmp_path / "drag.html"
    Vec2Face().fit(X).gallery(X, columns=8).save(out)
    page = Page(browser, out)
    p = page.page
    box = p.locator("svg").first.bounding_box()
    start = _view_box(p)
    p.mouse.move(box["x"] + 100, box["y"] + 60)
    p.mouse.down()
    p.mouse.move(box["x"] + 160, box["y"] + 90, steps=5)
    p.wait_for_timeout(50)
    dragged = _view_box(p)
    assert dragged[0] < start[0] and dragged[1] < start[1]  # the map followed the pointer right and down
    p.mouse.move(box["x"] + box["width"] + 40, box["y"] + 90, steps=5)  # out past the map's right edge
    p.mouse.up()
    p.wait_for_timeout(50)
    released = _view_box(p)
    p.mouse.move(box["x"] + 50, box["y"] + 50, steps=5)  # back in, no button held
    p.wait_for_timeout(50)
    assert _view_box(p) == released
    p.keyboard.press("+")  # the map took the focus with the press: its keys work
    zoomed = _view_box(p)
    assert zoomed[2] < released[2]
    p.set_viewport_size({"width": 700, "height": 900})  # a narrower window shrinks the map: the view stays
    p.wait_for_timeout(100)
    assert p.locator("svg").first.bounding_box()["width"] < box["width"]
    p.keyboard.press("ArrowRight")  # there and back: the pan, kept in screen pixels, was read at the old size
    p.keyboard.press("ArrowLeft")
    assert np.allclose(_view_box(p), zoomed, rtol=1e-3)
    p.set_viewport_size({"width": 1300, "height": 900})
    assert page.errors == []


def test_the_map_works_beside_a_notebooks_module_loader(tmp_path, browser):
    """A classic Jupyter notebook has RequireJS: a UMD library that finds define.amd hands itself to it as an
    anonymous module (an error there) instead of running. The vendored Panzoom runs in a scope of its own."""
    X = np.random.default_rng(7).standard_normal((6, 3))
    h = Vec2Face().fit(X).gallery(X)._repr_html_()
    loader = ("<script>window.define = function () { throw new Error('Mismatched anonymous define()'); };"
              "window.define.amd = {};</script>")
    out = tmp_path / "notebook.html"
    out.write_text(f"<!DOCTYPE html><html><body>{loader}{h}</body></html>")
    page = Page(browser, out)
    p = page.page
    before = _view_box(p)
    p.locator("button[aria-label='zoom in']").click()
    assert _view_box(p)[2] < before[2]
    assert page.errors == [] and p.evaluate("typeof window.Panzoom") == "undefined"  # no global left behind


def test_a_page_fits_a_phone_and_long_text_stays_in_its_tooltip(tmp_path, browser):
    """At 390 px the curves of k (788 px) made the page scroll sideways; an unbroken 300-character label ran out
    of its 320 px tooltip and off the screen; a tooltip at the right edge shrank to a column of single words."""
    from vec2face import crowd

    X, y = _digits(120)
    labels = [("y" * 300 if i == 0 else f"digit {v} " + "word " * 12) for i, v in enumerate(y)]
    crowd(X, labels=labels, layout="pca", k=4).save(tmp_path / "phone.html")
    p = browser.new_page()
    p.set_viewport_size({"width": 390, "height": 844})
    try:
        p.goto((tmp_path / "phone.html").resolve().as_uri())
        p.wait_for_selector("[data-ready]")
        assert p.evaluate("document.documentElement.scrollWidth") <= 390
        tip = p.locator("[role=tooltip]")
        faces = p.locator("g.v2f-face")
        right = max(range(faces.count()), key=lambda i: faces.nth(i).bounding_box()["x"])
        for i in (int(np.flatnonzero(np.asarray(labels) == labels[0])[0]), right):
            b = faces.nth(i).bounding_box()
            p.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)
            t = tip.bounding_box()
            assert tip.is_visible() and t["x"] >= 0 and t["x"] + t["width"] <= 390 + 1, i
            assert p.evaluate("(e => e.scrollWidth <= e.clientWidth + 1)(document.querySelector('[role=tooltip]'))")
            assert t["width"] > 150  # whole lines, not a column of single words
    finally:
        p.close()


def _digits(n):
    from sklearn.datasets import load_digits

    d = load_digits()
    return d.data[:n], d.target[:n]


def test_search_counts_what_is_shown_and_reads_a_labelled_maps_texts(tmp_path, browser):
    """The count took in faces of hidden clusters ('27 of 78 faces match' with 19 in view), and a text map
    with labels was searched by its labels only."""
    from vec2face import crowd

    texts = (["the rocket launch was delayed by nasa", "a cheese sauce recipe for pasta",
              "stock market earnings beat investor hopes", "the puppy would not stop to bark"] * 6)
    labels = [f"item {i}" for i in range(len(texts))]
    m = crowd(texts=texts, labels=labels, layout="pca", n_topics=4, k=4)
    m.save(tmp_path / "t.html")
    page = Page(browser, tmp_path / "t.html")
    p = page.page
    assert p.locator("input[type=search]").get_attribute("placeholder") == "search labels and texts"
    p.fill("input[type=search]", "rocket")
    hits = p.locator("g.v2f-face[class*='-hit']")
    assert hits.count() == 6
    status = p.locator("[class$='-status']")
    assert status.text_content() == "6 of 24 faces match"
    c = hits.first.get_attribute("data-cluster")
    button = p.locator(f"button[data-cluster='{c}']")
    assert button.text_content().startswith(f"#{int(c) + 1} \u00b7 ")  # named as the map names it
    button.click()
    shown = p.locator(f"g.v2f-face:not([data-cluster='{c}'])").count()
    hidden_hits = p.locator(f"g.v2f-face[data-cluster='{c}'][class*='-hit']").count()
    assert status.text_content() == f"{6 - hidden_hits} of {shown} faces shown match"
    assert page.errors == []


def test_the_keyboard_reaches_a_pinned_faces_neighbours_and_one_tooltip_shows(tmp_path, browser):
    """Pinned with Enter, a face's neighbours were 600 Tabs away, all five buttons named '6'; each face kept
    its SVG <title>, so a desktop browser showed its own tooltip over the page's."""
    X, y = _digits(60)
    out = tmp_path / "keys.html"
    Vec2Face().fit(X).gallery(X, labels=[str(v) for v in y]).save(out)
    page = Page(browser, out)
    p = page.page
    assert p.locator("g.v2f-face > title").count() == 0
    p.locator("g.v2f-face").nth(0).focus()
    p.keyboard.press("Enter")
    focused = p.evaluate("document.activeElement.tagName")
    assert focused == "BUTTON"
    names = [p.locator("[aria-live=polite] button").nth(i).get_attribute("aria-label") for i in range(5)]
    assert len(set(names)) == 5 and all(", id " in s for s in names)
    p.keyboard.press("Enter")  # the neighbour is pinned in turn, and focus moves to its neighbours
    assert p.evaluate("document.activeElement.tagName") == "BUTTON"
    assert page.errors == []


def test_in_a_notebook_a_tall_gallery_reads_at_its_size_and_the_wheel_scrolls_the_page(tmp_path, browser):
    """In a notebook a 178-face gallery was shrunk to 80% of the window's height (337 px wide in a 1,138 px
    column: 33 px faces, 3 px captions), and the wheel over it zoomed instead of scrolling the notebook."""
    X = np.random.default_rng(8).standard_normal((178, 4))
    h = Vec2Face().fit(X).gallery(X, labels=[f"wine {i}" for i in range(178)], legend=True)._repr_html_()
    out = tmp_path / "notebook.html"
    out.write_text(f"<!DOCTYPE html><html><body><div style='width:1100px'><p>In [3]:</p>{h}"
                   f"<p style='height:1500px'>the next cell</p></div></body></html>")
    page = Page(browser, out)
    p = page.page
    svg = p.locator("svg").first
    box = svg.bounding_box()
    assert abs(box["width"] - float(svg.get_attribute("width"))) < 1.5 and box["height"] > 900  # its own size
    before = _view_box(p)
    p.mouse.move(box["x"] + 200, 400)
    p.mouse.wheel(0, 300)
    p.wait_for_timeout(100)
    assert p.evaluate("window.scrollY") > 0 and _view_box(p) == before  # the page scrolled; no zoom
    hint = p.locator("[class$='-hint']")
    assert hint.is_visible() and 0 <= hint.bounding_box()["y"] <= 900  # by the pointer, not at the far-off top
    p.evaluate("document.querySelector('body > div').style.width = '700px'")  # a sidebar opens: no window resize
    p.wait_for_timeout(100)
    assert abs(svg.bounding_box()["width"] - 698) < 3
    p.keyboard.down("Control")
    p.mouse.wheel(0, -300)
    p.keyboard.up("Control")
    p.wait_for_timeout(100)
    assert _view_box(p)[2] < before[2]  # Ctrl and the wheel (a trackpad's pinch) zoom
    assert page.errors == []


def test_a_notebook_that_is_not_trusted_shows_the_picture(tmp_path, browser):
    """An untrusted notebook (JupyterLab sanitises its HTML: no script, no inline SVG) showed a gallery as a wall
    of loose caption and legend text with dead buttons. A notebook's output holds the drawing as an <img>; run,
    its script makes it inline SVG again, styled as the page's is (a search hit's head drawn red)."""
    import re

    X = np.random.default_rng(9).standard_normal((12, 4))
    h = Vec2Face().fit(X).gallery(X, labels=[f"row {i}" for i in range(12)], legend=True)._repr_html_()
    # what JupyterLab's sanitiser leaves: no script, no <style>, no hidden attribute (style attributes stay)
    stripped = re.sub(r"<script.*?</script>|<style>.*?</style>| hidden(?=[ >])", "", h, flags=re.S)
    out = tmp_path / "untrusted.html"
    out.write_text(f"<!DOCTYPE html><html><body>{stripped}</body></html>")
    p = browser.new_page()
    try:
        p.goto(out.resolve().as_uri())
        img = p.locator("img").first
        assert p.evaluate("(i => i.complete && i.naturalWidth)(document.querySelector('img'))") == 1000  # drawn
        assert img.bounding_box()["width"] > 500
        assert not p.locator("input[type=search]").is_visible() and not p.locator("button").first.is_visible()
        assert p.evaluate("document.body.innerText.trim()") == ""  # no loose text: no hint, no dead controls
    finally:
        p.close()
    out = tmp_path / "trusted.html"
    out.write_text(f"<!DOCTYPE html><html><body>{h}</body></html>")
    page = Page(browser, out)
    q = page.page
    assert q.locator("img").count() == 0 and q.locator("svg g.v2f-face").count() == 12
    q.fill("input[type=search]", "row 3")
    head = q.locator("g.v2f-face[class*='-hit'] path.v2f-head").first
    assert head.evaluate("e => getComputedStyle(e).stroke") == "rgb(214, 39, 40)"
    assert page.errors == []


def test_tab_goes_through_a_maps_faces_as_they_are_read(crowd_page):
    """Tab went through a map's faces in data order: face 0 bottom left, face 3 top middle, focus jumping about."""
    p = crowd_page.page
    order = p.evaluate("""() => Array.from(document.querySelectorAll('g.v2f-face')).map(g => {
        const m = g.transform.baseVal.consolidate().matrix;
        return [g.parentNode === document.querySelector('g.v2f-face').parentNode ? 0 : 1, m.f, m.e]; })""")
    first = [(y, x) for k, y, x in order if k == 0]
    assert len(first) > 10 and first == sorted(first)  # row by row, left to right, within a group
    assert crowd_page.errors == []


def test_a_drag_there_and_back_is_no_click_and_escape_leaves_the_neighbours(tmp_path, browser):
    """A drag of 150 px that came back to where it began pinned the face under it (only the two ends were
    compared); after Enter put the focus on the neighbours, Escape did nothing; a column resize raised the
    browser's ResizeObserver loop error."""
    X = np.random.default_rng(10).standard_normal((40, 4))
    h = Vec2Face().fit(X).gallery(X, labels=[f"row {i}" for i in range(40)], columns=8)._repr_html_()
    out = tmp_path / "there.html"
    out.write_text(f"<!DOCTYPE html><html><body><div style='width:1100px'>{h}</div></body></html>")
    page = Page(browser, out)
    p = page.page
    p.evaluate("window.__errors = []; window.addEventListener('error', e => window.__errors.push(e.message))")
    face = p.locator("g.v2f-face").nth(9)
    b = face.bounding_box()
    x, y = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2
    p.mouse.move(x, y)
    p.mouse.down()
    p.mouse.move(x + 150, y, steps=6)
    p.mouse.move(x, y, steps=6)
    p.mouse.up()
    assert p.locator("g.v2f-face[class*='-pinned']").count() == 0
    face.focus()
    p.keyboard.press("Enter")
    assert p.evaluate("document.activeElement.tagName") == "BUTTON"
    p.keyboard.press("Escape")
    assert p.locator("g.v2f-face[class*='-pinned']").count() == 0
    assert p.evaluate("document.activeElement.getAttribute('data-index')") == face.get_attribute("data-index")
    for w in (800, 1000, 700):
        p.evaluate(f"document.querySelector('body > div').style.width = '{w}px'")
        p.wait_for_timeout(80)
    assert p.evaluate("window.__errors") == [] and page.errors == []


def _svg_point(p, x, y):
    """The drawing's point (SVG units) under the client point (x, y)."""
    vb, box = _view_box(p), p.locator("svg").first.bounding_box()
    return (vb[0] + (x - box["x"]) * vb[2] / box["width"], vb[1] + (y - box["y"]) * vb[3] / box["height"])


def _blog_page(tmp_path, fragment, name="post.html"):
    """A fragment pasted into a dark blog theme whose buttons shout."""
    out = tmp_path / name
    out.write_text("<!DOCTYPE html><html><head><style>body{background:#111;color:#eee;font-family:serif}"
                   "button{text-transform:uppercase;letter-spacing:3px} svg{max-width:100%;height:auto}</style>"
                   f"</head><body><p>Before.</p><div style='width:900px'>{fragment}</div>"
                   + "<p>After.</p>" * 80 + "</body></html>")
    return out


def test_zoom_keeps_the_middle_or_the_point_under_the_pointer(tmp_path, browser):
    """'+' moved the view's middle to the top left, and the wheel zoomed away from the pointer: Panzoom reckons
    the focal point for an element it scales with CSS about its middle; the map is rescaled by its viewBox."""
    X = np.random.default_rng(11).standard_normal((48, 4))
    out = _blog_page(tmp_path, Vec2Face().fit(X).gallery(X, columns=8)._repr_html_())
    page = Page(browser, out)
    p = page.page
    box = p.locator("svg").first.bounding_box()
    mid = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    before = _svg_point(p, *mid)
    for _ in range(2):
        p.locator("button[aria-label='zoom in']").click()
    p.wait_for_timeout(50)
    assert _view_box(p)[2] < 0.7 * box["width"] and np.allclose(_svg_point(p, *mid), before, atol=0.5)
    p.locator("button", has_text="reset").click()
    corner = (box["x"] + 0.8 * box["width"], box["y"] + 0.75 * box["height"])
    aim = _svg_point(p, *corner)
    p.mouse.move(*corner)
    p.keyboard.down("Control")
    for _ in range(3):
        p.mouse.wheel(0, -100)
        p.wait_for_timeout(30)
    p.keyboard.up("Control")
    p.wait_for_timeout(50)
    assert _view_box(p)[2] < 0.8 * box["width"] and np.allclose(_svg_point(p, *corner), aim, atol=0.5)
    # a pinch (two pointers moving apart) keeps the point between the fingers
    p.locator("button", has_text="reset").click()
    c = (box["x"] + 0.3 * box["width"], box["y"] + 0.4 * box["height"])
    aim = _svg_point(p, *c)
    p.evaluate("""([x, y]) => {
        const svg = document.querySelector('svg');
        const ev = (type, id, dx, target) => (target || document).dispatchEvent(new PointerEvent(type, {
            pointerId: id, pointerType: 'touch', isPrimary: id === 1, clientX: x + dx, clientY: y, buttons: 1,
            bubbles: true, cancelable: true}));
        ev('pointerdown', 1, -30, svg); ev('pointerdown', 2, 30, svg);
        for (let k = 1; k <= 10; k++) { ev('pointermove', 1, -30 - 6 * k); ev('pointermove', 2, 30 + 6 * k); }
    }""", list(c))
    p.wait_for_timeout(100)
    p.evaluate("""() => { for (const id of [1, 2]) document.dispatchEvent(new PointerEvent('pointerup',
        {pointerId: id, pointerType: 'touch', bubbles: true})); }""")
    assert _view_box(p)[2] < 0.9 * box["width"] and np.allclose(_svg_point(p, *c), aim, atol=1.0)
    assert page.errors == []


def test_a_finger_on_a_map_seen_whole_scrolls_the_page_and_leaves_the_map(tmp_path, browser):
    """On a phone a vertical swipe over a fragment scrolled the page and dragged the map up with it."""
    X = np.random.default_rng(12).standard_normal((24, 4))
    out = _blog_page(tmp_path, Vec2Face().fit(X).gallery(X, columns=6)._repr_html_())
    page = Page(browser, out)
    p = page.page
    start = _view_box(p)
    box = p.locator("svg").first.bounding_box()
    swipe = """([x, y, kind]) => {
        const svg = document.querySelector('svg');
        const ev = (type, dy, target) => (target || document).dispatchEvent(new PointerEvent(type, {pointerId: 7,
            pointerType: kind, isPrimary: true, clientX: x, clientY: y + dy, buttons: 1, bubbles: true, cancelable: true}));
        ev('pointerdown', 0, svg);
        for (let k = 1; k <= 10; k++) ev('pointermove', -20 * k);
        document.dispatchEvent(new PointerEvent('pointerup', {pointerId: 7, pointerType: kind, bubbles: true}));
    }"""
    at = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
    p.evaluate(swipe, at + ["touch"])
    p.wait_for_timeout(80)
    assert _view_box(p) == start
    p.locator("button[aria-label='zoom in']").click()  # zoomed in, a finger pans
    zoomed = _view_box(p)
    p.evaluate(swipe, at + ["touch"])
    p.wait_for_timeout(80)
    assert _view_box(p)[1] > zoomed[1]
    # a wheel in and out again leaves the scale a hair over 1: the map is seen whole, and a finger scrolls on
    p.locator("button", has_text="reset").click()
    p.mouse.move(*at)
    p.keyboard.down("Control")
    for dy in (-100, 100, -100, 100):
        p.mouse.wheel(0, dy)
        p.wait_for_timeout(30)
    p.keyboard.up("Control")
    p.wait_for_timeout(50)
    assert p.evaluate("getComputedStyle(document.querySelector('svg')).touchAction") == "pan-y"
    start = _view_box(p)
    p.evaluate(swipe, at + ["touch"])
    p.wait_for_timeout(80)
    assert np.allclose(_view_box(p), start)
    assert page.errors == []


def test_the_faces_are_one_stop_of_tab_and_the_arrows_go_between_them(tmp_path, browser):
    """Tab had to cross every face to leave a map (622 presses for 600 faces); Escape left a face's tooltip
    over its neighbours."""
    X = np.random.default_rng(13).standard_normal((34, 4))  # four rows of 8 and a short last row of 2
    labels = [f"flower {i}" for i in range(34)]
    out = _blog_page(tmp_path, Vec2Face().fit(X).gallery(X, labels=labels, columns=8)._repr_html_())
    page = Page(browser, out)
    p = page.page
    p.locator("input[type=search]").focus()
    stops = []
    for _ in range(12):
        p.keyboard.press("Tab")
        stops.append(p.evaluate("document.activeElement.getAttribute('aria-label') || document.activeElement.tagName"))
        if stops[-1] == "BODY":
            break
    assert stops[-1] == "BODY" and len(stops) <= 6, stops  # zoom in, out, reset, the map, one face, out
    p.locator("g.v2f-face").first.focus()
    focused = "document.activeElement.getAttribute('aria-label')"
    assert p.evaluate(focused) == "flower 0"
    p.keyboard.press("ArrowRight")
    assert p.evaluate(focused) == "flower 1"
    p.keyboard.press("ArrowDown")  # the gallery has 8 a row
    assert p.evaluate(focused) == "flower 9"
    p.keyboard.press("ArrowUp")
    p.keyboard.press("ArrowLeft")
    assert p.evaluate(focused) == "flower 0"
    p.keyboard.press("End")
    assert p.evaluate(focused) == "flower 33"
    p.locator("g.v2f-face").nth(31).focus()  # the last full row's end: nothing below it, so Down stays
    p.keyboard.press("ArrowDown")  # (it went to the nearest face of a short last row, seven columns aside)
    assert p.evaluate(focused) == "flower 31"
    p.locator("g.v2f-face").nth(33).focus()
    tip = p.locator("[role=tooltip]")
    assert tip.is_visible()
    p.keyboard.press("Escape")
    assert not tip.is_visible()
    # Tab leaves the map and Shift+Tab comes back to the face it left
    p.keyboard.press("Tab")
    p.keyboard.press("Shift+Tab")
    assert p.evaluate(focused) == "flower 33"
    assert page.errors == []


def test_a_blogs_dark_theme_and_button_styles_leave_the_fragment_legible(tmp_path, browser):
    """In a dark theme the status text was #555 on the blog's #111; a blog's uppercase, spaced-out buttons
    reached the map's controls."""
    X = np.random.default_rng(14).standard_normal((12, 4))
    out = _blog_page(tmp_path, Vec2Face().fit(X).gallery(X)._repr_html_())
    page = Page(browser, out)
    p = page.page
    assert p.evaluate("getComputedStyle(document.querySelector('[data-vec2face]')).backgroundColor") == "rgb(255, 255, 255)"
    style = p.evaluate("""() => { const s = getComputedStyle(document.querySelector('button[aria-label="zoom in"]'));
        return [s.textTransform, s.letterSpacing]; }""")
    assert style == ["none", "normal"]
    assert p.evaluate("getComputedStyle(document.querySelector('p')).fontFamily") == "serif"  # the blog keeps its own
    assert page.errors == []


def test_a_map_taller_than_the_window_keeps_the_page_still_and_its_faces_in_sight(tmp_path, browser):
    """With the map's top above the window, a zoom and a drag scrolled the page too (the browser anchored its
    scroll to a face, which the new viewBox moved): the point under the pointer moved by as much. The arrow
    keys left the focused face outside the window; zoomed in, a finger swipe scrolled the page, not the map."""
    from sklearn.datasets import load_digits

    from vec2face import crowd

    d = load_digits()
    out = _blog_page(tmp_path, crowd(d.data[:300], labels=d.target[:300], layout="pca")._repr_html_(), "crowd.html")
    page = Page(browser, out)
    p = page.page
    box = p.locator("svg").first.bounding_box()
    p.evaluate(f"window.scrollTo(0, {box['y'] + 200})")
    y0 = p.evaluate("window.scrollY")
    at = (500, 450)
    p.mouse.move(*at)
    p.keyboard.down("Control")
    p.mouse.wheel(0, -100)
    p.keyboard.up("Control")
    p.wait_for_timeout(80)
    assert p.evaluate("window.scrollY") == y0
    p.mouse.down()
    p.mouse.move(at[0] - 100, at[1] + 80, steps=5)
    p.mouse.up()
    p.wait_for_timeout(80)
    assert p.evaluate("window.scrollY") == y0
    assert page.errors == []

    X = np.random.default_rng(15).standard_normal((160, 4))
    out = _blog_page(tmp_path, Vec2Face().fit(X).gallery(X, labels=[f"f{i}" for i in range(160)], columns=8)._repr_html_())
    page = Page(browser, out)
    p = page.page
    assert p.locator("svg").first.bounding_box()["height"] > 1.5 * 900
    p.locator("button[aria-label='zoom in']").click()
    assert p.evaluate("getComputedStyle(document.querySelector('svg')).touchAction") == "none"  # zoomed in
    p.locator("g.v2f-face").nth(40).focus()
    for key in ("End", "Home", "ArrowDown"):
        p.keyboard.press(key)
        p.wait_for_timeout(50)
        b = p.evaluate("(() => { const r = document.activeElement.getBoundingClientRect(); return [r.top, r.bottom]; })()")
        assert -1 <= b[0] and b[1] <= 901, (key, b)
    p.locator("button", has_text="reset").click()
    assert p.evaluate("getComputedStyle(document.querySelector('svg')).touchAction") == "pan-y"
    assert page.errors == []
