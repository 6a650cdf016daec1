(function (Panzoom) {
  "use strict";
  var U = "__UID__";
  // Every copy of this map on the page: a notebook that shows one object twice, or a post with one map pasted
  // twice, holds two (found by class: an id would be on both, which HTML forbids)
  Array.prototype.forEach.call(document.querySelectorAll("div." + U + "[data-vec2face]"), function (root) {
    if (!root.getAttribute("data-ready")) init(root);
  });

  function counted(n) {
    return n.toLocaleString("en") + (n === 1 ? " face" : " faces");
  }

  function init(root) {
    // A notebook's output holds its drawing as an <img> (what an untrusted notebook, which runs no script,
    // can still show): here it becomes inline SVG again, for its faces to be hovered, searched and pinned
    var img = root.querySelector("." + U + "-view > img");
    if (img) {
      var bytes = atob(img.getAttribute("src").split(",")[1]), buf = new Uint8Array(bytes.length);
      for (var b = 0; b < bytes.length; b++) buf[b] = bytes.charCodeAt(b);
      var holder = document.createElement("div");  // parsed as a page's inline SVG is (twice as fast as an
      holder.innerHTML = new TextDecoder().decode(buf);  // XML parse and an import, on 10,000 faces)
      img.parentNode.replaceChild(holder.querySelector("svg"), img);
    }
    Array.prototype.forEach.call(root.querySelectorAll("." + U + "-bar, ." + U + "-clusters"),
                                 function (el) { el.style.display = ""; });  // shown once they work
    var svg = root.querySelector("svg");
    var view = root.querySelector("." + U + "-view");
    var tip = root.querySelector("." + U + "-tip");
    var pin = root.querySelector("." + U + "-pin");
    var status = root.querySelector("." + U + "-status");
    var search = root.querySelector("." + U + "-search");
    var data = JSON.parse(root.querySelector("." + U + "-data").textContent);
    var items = data.items;
    var faces = Array.prototype.slice.call(svg.querySelectorAll("g.v2f-face"));
    var byIndex = {};
    var base = svg.viewBox.baseVal;
    var home = { x: base.x, y: base.y, w: base.width, h: base.height };

    faces.forEach(function (g) {
      var i = +g.getAttribute("data-index");
      var it = items[i] || {};
      byIndex[i] = g;
      g.setAttribute("tabindex", "-1");
      g.setAttribute("role", "img");
      g.setAttribute("aria-label", it.l || ("row " + i));
      if (it.c !== undefined) g.setAttribute("data-cluster", it.c);
      // the face's own <title> would make the browser show a second tooltip over the page's
      Array.prototype.forEach.call(g.querySelectorAll(":scope > title"), function (t) { g.removeChild(t); });
    });
    // The faces in the document as they are read, row by row, not in data order, which jumps about a map: the
    // arrow keys (below) and a screen reader go through them so. They are permuted among their own places in the
    // document (within their group, should a drawing hold several), so nothing else is drawn over or under
    // anything new
    var groups = new Map();
    faces.forEach(function (g) {
      if (!groups.has(g.parentNode)) groups.set(g.parentNode, []);
      groups.get(g.parentNode).push(g);
    });
    groups.forEach(function (list) {
      var placed = list.map(function (g) {
        var t = g.transform.baseVal.consolidate(), b = g.getBBox();
        return { g: g, y: Math.round(t ? t.matrix.f : b.y), x: t ? t.matrix.e : b.x };
      });
      var marks = list.map(function (g) {
        var m = document.createComment("");
        g.parentNode.insertBefore(m, g);
        return m;
      });
      placed.sort(function (a, b) { return a.y - b.y || a.x - b.x; });
      marks.forEach(function (m, k) { m.parentNode.replaceChild(placed[k].g, m); });
    });
    // The faces are one stop of Tab (a map of 600 had taken 622 presses to leave): the arrow keys go from face to
    // face, and Tab comes back to the face it left (a roving tabindex)
    var reading = Array.prototype.slice.call(svg.querySelectorAll("g.v2f-face"));  // in the order they are read
    var current = null;
    function rove(g) {
      if (current === g) return;
      if (current) current.setAttribute("tabindex", "-1");
      if (g) g.setAttribute("tabindex", "0");
      current = g;
    }
    function shown(g) { return !g.classList.contains(U + "-off"); }
    function firstShown() { return reading.filter(shown)[0] || null; }
    rove(firstShown());
    function nextFace(g, key) {  // the face the arrow key goes to from g, or null
      var list = reading.filter(shown), at = list.indexOf(g);
      if (key === "Home") return list[0];
      if (key === "End") return list[list.length - 1];
      if (key === "ArrowRight") return list[at + 1] || null;
      if (key === "ArrowLeft") return at > 0 ? list[at - 1] : null;
      // up and down: the nearest face in a row above or below, the same column first, and no further aside than
      // a face and a half (the nearest face above the top of a cluster could be seven columns away)
      var b = g.getBoundingClientRect(), cx = (b.left + b.right) / 2, cy = (b.top + b.bottom) / 2, best = null, score = Infinity;
      list.forEach(function (f) {
        var c = f.getBoundingClientRect(), dx = (c.left + c.right) / 2 - cx, dy = (c.top + c.bottom) / 2 - cy;
        if (key === "ArrowUp" ? dy > -b.height / 2 : dy < b.height / 2) return;
        if (Math.abs(dx) > 1.5 * b.width) return;
        var sc = Math.abs(dy) + 3 * Math.abs(dx);
        if (sc < score) { score = sc; best = f; }
      });
      return best;
    }
    if (items.some(function (it) { return it.x; })) {
      search.placeholder = "search labels and texts";
      search.setAttribute("aria-label", "search labels and texts");
    }

    // The image at its own size, shrunk (keeping its shape) only to fit the column's width and, in a page of its
    // own, 80% of the window's height: there the wheel zooms, and a taller image would leave no room to scroll.
    // In a notebook or a post a tall gallery reads at its size, and the wheel scrolls on unless Ctrl or Cmd is held
    var natural = { w: +svg.getAttribute("width") || home.w, h: +svg.getAttribute("height") || home.h };
    var page = root.getAttribute("data-fit") === "window";
    var hint = root.querySelector("." + U + "-hint"), hintTimer = null;
    var drawn = 0;  // the width the drawing was given last (CSS may have shrunk it since, before this runs)
    function fit() {
      var room = view.parentNode.getBoundingClientRect().width - 2, before = drawn;
      var k = Math.min(1, room / natural.w, page ? 0.8 * window.innerHeight / natural.h : Infinity);
      svg.style.width = natural.w * k + "px";
      svg.style.height = natural.h * k + "px";
      drawn = natural.w * k;
      if (pz && before && before !== drawn) {  // the pan is in screen pixels: the view keeps its place
        var p = pz.getPan();
        sync(pz.pan(p.x * drawn / before, p.y * drawn / before, { force: true }));
      }
    }
    fit();
    window.addEventListener("resize", fit);
    // the column can change without the window (a notebook's sidebar): refit whenever the map's box does
    // (at the next frame, and only when the width changed: refitting inside the observer's callback changes
    // the height it observes, which the browser reports as an error)
    var observed = root.getBoundingClientRect().width;
    if (window.ResizeObserver) new ResizeObserver(function () {
      var w = root.getBoundingClientRect().width;
      if (w !== observed) { observed = w; requestAnimationFrame(fit); }
    }).observe(root);

    // Pan and zoom by Panzoom (vendored, MIT: templates/panzoom.LICENSE.txt), which tracks the pointers
    // (drag, pinch, a drag released outside the map) and the wheel; its scale and pan are applied as the
    // SVG's viewBox rather than a CSS transform, so that a zoomed map is drawn afresh, sharp, at every scale.
    // Panzoom applies a change at the next frame; a key or a button applies it at once as well (sync).
    // Panzoom zooms about the point under the pointer by its own reckoning for an element it scales with CSS
    // about its middle; this drawing keeps its box and is rescaled by its viewBox, so that reckoning moved the
    // view (the middle drifted to the top left on "+"). A zoom is instead kept here about its own point,
    // `focal` (the pointer, a pinch's middle, or the view's middle for the keys and buttons), in client
    // pixels, and Panzoom is told the pan that gives.
    var vb = { x: home.x, y: home.y, w: home.w, h: home.h }, drawnScale = 1, focal = null;
    function sync(t) {
      if (!t) return;
      var r = svg.getBoundingClientRect(), wide = r.width || natural.w;
      var k = home.w / wide;  // SVG units per CSS pixel at scale 1
      if (focal && t.scale !== drawnScale) {
        var u = vb.w / wide, fx = focal.x - r.left, fy = focal.y - r.top;  // the focal point stays where it is
        var w = home.w / t.scale, h = home.h / t.scale, x = vb.x + fx * (u - w / wide), y = vb.y + fy * (u - w / wide);
        drawnScale = t.scale;
        vb = { x: x, y: y, w: w, h: h };
        pz.pan((home.x - x) / k, (home.y - y) / k, { force: true, animate: false, silent: true });
      } else {
        drawnScale = t.scale;
        vb = { x: home.x - t.x * k, y: home.y - t.y * k, w: home.w / t.scale, h: home.h / t.scale };
      }
      apply();
    }
    var pz = Panzoom(svg, {
      minScale: 0.25, maxScale: 60, step: 0.42, cursor: "grab",
      touchAction: page ? "none" : "pan-y",  // in a notebook or a post, a vertical swipe scrolls on
      setTransform: function (el, t) { sync(t); }
    });
    function apply() {
      svg.setAttribute("viewBox", vb.x + " " + vb.y + " " + vb.w + " " + vb.h);
      if (!page) {  // in a notebook or a post a finger scrolls the page over a map seen whole, and pans one zoomed in
        var touch = zoomed() ? "none" : "pan-y";
        if (svg.style.touchAction !== touch) svg.style.touchAction = view.style.touchAction = touch;
      }
      status.textContent = counted(faces.length) + ", zoom " + (home.w / vb.w).toFixed(1) + "x";
      // a tooltip follows its focused face while it stays in view, and goes when it leaves
      var f = root.querySelector("g.v2f-face:focus");
      if (f && inView(f)) { var b = f.getBoundingClientRect(); show(f, b.right, b.top); } else tip.hidden = true;
    }
    function zoomed() { return !!pz && pz.getScale() > 1.001; }  // zoomed in (a wheel in and out again may leave 1 + 2e-16)
    function inView(g) {
      var b = g.getBoundingClientRect(), r = svg.getBoundingClientRect();
      return b.left >= r.left - 1 && b.right <= r.right + 1 && b.top >= r.top - 1 && b.bottom <= r.bottom + 1;
    }
    function panBy(dx, dy) {  // CSS pixels on screen
      var p = pz.getPan(), s = pz.getScale();
      sync(pz.pan(p.x - dx / s, p.y - dy / s, { force: true }));
    }
    function bringIntoView(g) {  // a face reached by the keyboard is panned to the middle if it is out of view
      if (inView(g)) return;
      var b = g.getBoundingClientRect(), r = svg.getBoundingClientRect();
      panBy((b.left + b.right) / 2 - (r.left + r.right) / 2, (b.top + b.bottom) / 2 - (r.top + r.bottom) / 2);
    }
    function zoomAtCentre(f) {
      var r = svg.getBoundingClientRect();
      focal = { x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2 };
      sync(pz.zoom(pz.getScale() * f, { animate: false }));
    }
    function reset() { focal = null; sync(pz.reset({ animate: false })); }

    view.addEventListener("wheel", function (e) {
      if (page || e.ctrlKey || e.metaKey) {  // a trackpad's pinch sets ctrlKey
        focal = { x: e.clientX, y: e.clientY };
        sync(pz.zoomWithWheel(e));
        return;
      }
      // by the pointer: the drawing's top may be far off screen in a tall gallery
      var r = root.getBoundingClientRect();
      hint.style.top = Math.max(view.offsetTop, e.clientY - r.top - 40) + "px";
      hint.style.display = "";
      clearTimeout(hintTimer);
      hintTimer = setTimeout(function () { hint.style.display = "none"; }, 1500);
    }, { passive: false });
    // a press that moves the pointer more than a few pixels pans; one that does not is a click
    var last = null, travel = 0;  // where the pointer was last seen pressed, and how far it has gone since the press
    var pressed = new Map();  // the pointers down on the map: two or more pinch, about their middle
    function pinchMiddle() {
      if (pressed.size < 2) return;
      var x = 0, y = 0;
      pressed.forEach(function (p) { x += p.x / pressed.size; y += p.y / pressed.size; });
      focal = { x: x, y: y };
    }
    document.addEventListener("pointermove", function (e) {
      if (pressed.has(e.pointerId)) { pressed.set(e.pointerId, { x: e.clientX, y: e.clientY }); pinchMiddle(); }
      if (!last || !e.buttons) return;
      travel += Math.abs(e.clientX - last.x) + Math.abs(e.clientY - last.y);
      last = { x: e.clientX, y: e.clientY };
    }, true);
    ["pointerup", "pointercancel"].forEach(function (type) {
      document.addEventListener(type, function (e) { pressed.delete(e.pointerId); }, true);
    });
    view.addEventListener("pointerdown", function (e) {
      pressed.set(e.pointerId, { x: e.clientX, y: e.clientY });
      pinchMiddle();
      last = { x: e.clientX, y: e.clientY };
      travel = 0;
      // in a notebook or a post, a finger on a map seen whole does not pan it: the page scrolls on (a vertical
      // swipe had scrolled the page and dragged the map up with it); zoomed in, or with a mouse, it pans
      pz.setOptions({ disablePan: !page && e.pointerType === "touch" && !zoomed() });
      // Panzoom cancels the press's default, focus with it: the map takes the focus, so that keys work after
      if (!view.contains(document.activeElement)) view.focus({ preventScroll: true });
    }, true);
    function dragged(e) {  // how far the pointer went while pressed, there and back included
      return last && travel + Math.abs(e.clientX - last.x) + Math.abs(e.clientY - last.y) > 3;
    }

    view.addEventListener("keydown", function (e) {
      var step = svg.getBoundingClientRect().width / 10;
      var face = e.target.closest && e.target.closest("g.v2f-face");
      if (face && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); pinFace(face, true); return; }
      if (face && /^(Arrow(Left|Right|Up|Down)|Home|End)$/.test(e.key)) {  // on a face, the arrows go to another
        e.preventDefault();
        var to = nextFace(face, e.key);
        if (to) to.focus({ preventScroll: true });  // focusin pans it into the map's view, then the page's
        else bringIntoView(face);
        return;
      }
      if (e.key === "+" || e.key === "=") zoomAtCentre(1.25);
      else if (e.key === "-" || e.key === "_") zoomAtCentre(1 / 1.25);
      else if (e.key === "0") reset();
      else if (e.key === "ArrowLeft") panBy(-step, 0);
      else if (e.key === "ArrowRight") panBy(step, 0);
      else if (e.key === "ArrowUp") panBy(0, -step);
      else if (e.key === "ArrowDown") panBy(0, step);
      else if (e.key === "Escape") { unpin(); tip.hidden = true; }  // the tooltip goes too: it covers faces
      else return;
      e.preventDefault();
    });
    root.querySelector("." + U + "-zin").addEventListener("click", function () { zoomAtCentre(1.25); });
    root.querySelector("." + U + "-zout").addEventListener("click", function () { zoomAtCentre(1 / 1.25); });
    root.querySelector("." + U + "-reset").addEventListener("click", reset);

    function describe(i) {
      var it = items[i] || {};
      var lines = [it.l || ("row " + i), "id: " + (it.id !== undefined ? it.id : i)];
      if (it.cn) lines.push("cluster: " + it.cn);
      (it.t || []).forEach(function (s) { lines.push(s); });
      return lines;
    }
    function fill(el, lines) {
      while (el.firstChild) el.removeChild(el.firstChild);
      lines.forEach(function (s, k) {
        var d = document.createElement("div");
        d.textContent = s;  // user text only ever goes in as text
        if (k === 0) d.className = U + "-tt";
        el.appendChild(d);
      });
    }
    function show(g, x, y) {
      fill(tip, describe(+g.getAttribute("data-index")));
      var r = root.getBoundingClientRect();
      // measured where it has room (its width shrinks to what is left of the page at its place), then
      // put right of the pointer, or left of it where the window's right edge would cut or squeeze it
      tip.style.left = -r.left + "px";
      tip.style.top = (y - r.top + 14) + "px";
      tip.hidden = false;
      var w = tip.offsetWidth, room = document.documentElement.clientWidth;
      tip.style.left = (x + 14 + w <= room ? x - r.left + 14 : Math.max(-r.left, x - r.left - 14 - w)) + "px";
    }
    view.addEventListener("mouseover", function (e) {
      var g = e.target.closest && e.target.closest("g.v2f-face");
      if (g) show(g, e.clientX, e.clientY);
    });
    view.addEventListener("mouseout", function (e) {
      var g = e.target.closest && e.target.closest("g.v2f-face");
      if (g && !(e.relatedTarget && g.contains(e.relatedTarget))) tip.hidden = true;
    });
    view.addEventListener("focusin", function (e) {
      var g = e.target.closest && e.target.closest("g.v2f-face");
      if (!g) return;
      rove(g);
      bringIntoView(g);
      // then into the window, where the map is taller than it (Tab had scrolled to the face before the pan)
      var fb = g.getBoundingClientRect();
      if (fb.top < 0 || fb.bottom > window.innerHeight) {
        g.scrollIntoView({ block: "nearest", inline: "nearest" });
        view.scrollTop = view.scrollLeft = 0;  // the drawing never scrolls inside its box: it pans
      }
      var b = g.getBoundingClientRect();
      show(g, b.right, b.top);
    });
    view.addEventListener("focusout", function () { tip.hidden = true; });

    function unpin() {
      faces.forEach(function (g) { g.classList.remove(U + "-pinned", U + "-nb"); });
      while (pin.firstChild) pin.removeChild(pin.firstChild);
    }
    // Escape among the neighbours (outside the map, where Enter put the focus) unpins and returns to the face
    pin.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      var g = root.querySelector("g." + U + "-pinned");
      unpin();
      if (g) g.focus();
      e.preventDefault();
    });
    function pinFace(g, byKey) {
      unpin();
      tip.hidden = true;  // the pinned details say what the tooltip said, without covering the neighbours
      var i = +g.getAttribute("data-index");
      g.classList.add(U + "-pinned");
      var lines = describe(i);
      fill(pin, ["Pinned: " + lines[0]].concat(lines.slice(1)));
      var nbs = (items[i] || {}).n || [];
      if (nbs.length) {
        var h = document.createElement("div");
        h.textContent = "Nearest neighbours:";
        pin.appendChild(h);
      }
      nbs.forEach(function (j) {
        var f = byIndex[j];
        if (f) f.classList.add(U + "-nb");
        var b = document.createElement("button"), it = items[j] || {};
        b.type = "button";
        b.textContent = it.l || ("row " + j);
        // five neighbours of one digit read "6" five times: each button names its face's id too
        b.setAttribute("aria-label", (it.l || ("row " + j)) + ", id " + (it.id !== undefined ? it.id : j));
        b.addEventListener("click", function () { if (f) { f.focus(); pinFace(f, true); } });
        pin.appendChild(b);
      });
      // pinned from the keyboard, focus goes to the neighbours: Tab had to cross every face to reach them
      var first = pin.querySelector("button");
      if (byKey && first) first.focus();
    }
    view.addEventListener("click", function (e) {
      if (dragged(e)) return;
      var g = e.target.closest && e.target.closest("g.v2f-face");
      if (g) pinFace(g); else unpin();
    });

    search.addEventListener("input", function () {
      var q = search.value.trim().toLowerCase();
      var hits = 0, shown = 0;
      faces.forEach(function (g) {
        var it = items[+g.getAttribute("data-index")] || {};
        var hit = q !== "" && (String(it.l || "") + "\n" + String(it.x || "")).toLowerCase().indexOf(q) >= 0;
        g.classList.toggle(U + "-hit", hit);
        if (g.classList.contains(U + "-off")) return;  // a hidden cluster's faces are not counted
        shown++;
        if (hit) hits++;
      });
      root.classList.toggle(U + "-searching", q !== "");
      var of = shown === faces.length ? counted(faces.length) : counted(shown) + " shown";
      status.textContent = q ? hits.toLocaleString("en") + " of " + of + (hits === 1 ? " matches" : " match") : counted(faces.length);
    });

    Array.prototype.forEach.call(root.querySelectorAll("." + U + "-cl"), function (b) {
      b.addEventListener("click", function () {
        var on = b.getAttribute("aria-pressed") !== "true";
        b.setAttribute("aria-pressed", on ? "true" : "false");
        var c = b.getAttribute("data-cluster");
        faces.forEach(function (g) { if (g.getAttribute("data-cluster") === c) g.classList.toggle(U + "-off", !on); });
        if (!current || !shown(current)) rove(firstShown());  // Tab must still reach the faces shown
        if (search.value.trim()) search.dispatchEvent(new Event("input"));  // the count follows what is shown
      });
    });
    apply();
    root.setAttribute("data-ready", "1");
  }
})(__PANZOOM__);
