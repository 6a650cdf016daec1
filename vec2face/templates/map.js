(function () {
  "use strict";
  var U = "__UID__";
  // Every copy of this map on the page: a notebook that shows one object twice holds two, with one id
  Array.prototype.forEach.call(document.querySelectorAll('[id="' + U + '"]'), function (root) {
    if (!root.getAttribute("data-ready")) init(root);
  });

  function counted(n) {
    return n.toLocaleString("en") + (n === 1 ? " face" : " faces");
  }

  function init(root) {
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
    var vb = { x: home.x, y: home.y, w: home.w, h: home.h };

    faces.forEach(function (g) {
      var i = +g.getAttribute("data-index");
      var it = items[i] || {};
      byIndex[i] = g;
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "img");
      g.setAttribute("aria-label", it.l || ("row " + i));
      if (it.c !== undefined) g.setAttribute("data-cluster", it.c);
    });

    // The image at its own size, shrunk (keeping its shape) only to fit the page's width and 80% of the
    // window's height: a tall page would leave no room to scroll past it, as the wheel zooms over it
    var natural = { w: +svg.getAttribute("width") || home.w, h: +svg.getAttribute("height") || home.h };
    function fit() {
      var room = view.parentNode.getBoundingClientRect().width - 2;
      var k = Math.min(1, room / natural.w, 0.8 * window.innerHeight / natural.h);
      svg.style.width = natural.w * k + "px";
      svg.style.height = natural.h * k + "px";
    }
    fit();
    window.addEventListener("resize", fit);

    function apply() {
      svg.setAttribute("viewBox", vb.x + " " + vb.y + " " + vb.w + " " + vb.h);
      status.textContent = counted(faces.length) + ", zoom " + (home.w / vb.w).toFixed(1) + "x";
      // a tooltip follows its focused face while it stays in view, and goes when it leaves
      var f = root.querySelector("g.v2f-face:focus");
      if (f && inView(f)) { var b = f.getBoundingClientRect(); show(f, b.right, b.top); } else tip.hidden = true;
    }
    function inView(g) {
      var b = g.getBoundingClientRect(), r = svg.getBoundingClientRect();
      return b.left >= r.left - 1 && b.right <= r.right + 1 && b.top >= r.top - 1 && b.bottom <= r.bottom + 1;
    }
    function bringIntoView(g) {  // a face reached by the keyboard is panned to the middle if it is out of view
      if (inView(g)) return;
      var b = g.getBoundingClientRect(), p = toSvg((b.left + b.right) / 2, (b.top + b.bottom) / 2), c = centre();
      vb.x += p.x - c.x;
      vb.y += p.y - c.y;
      apply();
    }
    function zoom(f, cx, cy) {
      var w = vb.w * f;
      if (w < home.w / 60 || w > home.w * 4) return;
      vb.x = cx - (cx - vb.x) * f;
      vb.y = cy - (cy - vb.y) * f;
      vb.w = w;
      vb.h *= f;
      apply();
    }
    function centre() { return { x: vb.x + vb.w / 2, y: vb.y + vb.h / 2 }; }
    function toSvg(x, y) {
      var r = svg.getBoundingClientRect();
      return { x: vb.x + (x - r.left) / r.width * vb.w, y: vb.y + (y - r.top) / r.height * vb.h };
    }
    function reset() { vb = { x: home.x, y: home.y, w: home.w, h: home.h }; apply(); }

    view.addEventListener("wheel", function (e) {
      e.preventDefault();
      var p = toSvg(e.clientX, e.clientY);
      zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
    }, { passive: false });

    var pointers = {}, last = null, pinch = null, moved = 0;
    view.addEventListener("pointerdown", function (e) {
      pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
      last = { x: e.clientX, y: e.clientY };
      moved = 0;
      var ids = Object.keys(pointers);
      if (ids.length === 2) {
        var a = pointers[ids[0]], b = pointers[ids[1]];
        pinch = Math.hypot(a.x - b.x, a.y - b.y);
      }
    });
    view.addEventListener("pointermove", function (e) {
      if (!pointers[e.pointerId]) return;
      pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
      var ids = Object.keys(pointers);
      var r = svg.getBoundingClientRect();
      if (ids.length === 2 && pinch) {
        var a = pointers[ids[0]], b = pointers[ids[1]];
        var d = Math.hypot(a.x - b.x, a.y - b.y);
        var m = toSvg((a.x + b.x) / 2, (a.y + b.y) / 2);
        zoom(pinch / d, m.x, m.y);
        pinch = d;
      } else if (ids.length === 1 && last) {
        var dx = (e.clientX - last.x) / r.width * vb.w, dy = (e.clientY - last.y) / r.height * vb.h;
        moved += Math.abs(e.clientX - last.x) + Math.abs(e.clientY - last.y);
        if (moved > 3) { vb.x -= dx; vb.y -= dy; apply(); }
        last = { x: e.clientX, y: e.clientY };
      }
    });
    function up(e) { delete pointers[e.pointerId]; if (Object.keys(pointers).length < 2) pinch = null; }
    view.addEventListener("pointerup", up);
    view.addEventListener("pointercancel", up);

    view.addEventListener("keydown", function (e) {
      var c = centre(), step = vb.w / 10;
      var face = e.target.closest && e.target.closest("g.v2f-face");
      if (face && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); pinFace(face); return; }
      if (e.key === "+" || e.key === "=") zoom(1 / 1.25, c.x, c.y);
      else if (e.key === "-" || e.key === "_") zoom(1.25, c.x, c.y);
      else if (e.key === "0") reset();
      else if (e.key === "ArrowLeft") { vb.x -= step; apply(); }
      else if (e.key === "ArrowRight") { vb.x += step; apply(); }
      else if (e.key === "ArrowUp") { vb.y -= step; apply(); }
      else if (e.key === "ArrowDown") { vb.y += step; apply(); }
      else if (e.key === "Escape") unpin();
      else return;
      e.preventDefault();
    });
    root.querySelector("." + U + "-zin").addEventListener("click", function () { var c = centre(); zoom(1 / 1.25, c.x, c.y); });
    root.querySelector("." + U + "-zout").addEventListener("click", function () { var c = centre(); zoom(1.25, c.x, c.y); });
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
      tip.style.left = (x - r.left + 14) + "px";
      tip.style.top = (y - r.top + 14) + "px";
      tip.hidden = false;
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
      bringIntoView(g);
      var b = g.getBoundingClientRect();
      show(g, b.right, b.top);
    });
    view.addEventListener("focusout", function () { tip.hidden = true; });

    function unpin() {
      faces.forEach(function (g) { g.classList.remove(U + "-pinned", U + "-nb"); });
      while (pin.firstChild) pin.removeChild(pin.firstChild);
    }
    function pinFace(g) {
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
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = (items[j] || {}).l || ("row " + j);
        b.addEventListener("click", function () { if (f) { f.focus(); pinFace(f); } });
        pin.appendChild(b);
      });
    }
    view.addEventListener("click", function (e) {
      if (moved > 3) return;
      var g = e.target.closest && e.target.closest("g.v2f-face");
      if (g) pinFace(g); else unpin();
    });

    search.addEventListener("input", function () {
      var q = search.value.trim().toLowerCase();
      var hits = 0;
      faces.forEach(function (g) {
        var it = items[+g.getAttribute("data-index")] || {};
        var hit = q !== "" && String(it.l || "").toLowerCase().indexOf(q) >= 0;
        g.classList.toggle(U + "-hit", hit);
        if (hit) hits++;
      });
      root.classList.toggle(U + "-searching", q !== "");
      status.textContent = q ? hits.toLocaleString("en") + " of " + counted(faces.length) + (hits === 1 ? " matches" : " match") : counted(faces.length);
    });

    Array.prototype.forEach.call(root.querySelectorAll("." + U + "-cl"), function (b) {
      b.addEventListener("click", function () {
        var on = b.getAttribute("aria-pressed") !== "true";
        b.setAttribute("aria-pressed", on ? "true" : "false");
        var c = b.getAttribute("data-cluster");
        faces.forEach(function (g) { if (g.getAttribute("data-cluster") === c) g.classList.toggle(U + "-off", !on); });
      });
    });
    apply();
    root.setAttribute("data-ready", "1");
  }
})();
