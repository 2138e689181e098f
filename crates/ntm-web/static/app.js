// ntm — the only script: sortable tables, map figures on focus, scrolling
// tables reachable by keyboard. Pages work without it.
"use strict";
(function () {
  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var sort = cell.getAttribute("data-sort");
    if (sort !== null) return sort;
    var text = cell.textContent.trim();
    // Matrix cells: met, not met, no data.
    if (text === "\u2713") return "2";
    if (text === "\u2717") return "1";
    if (text === "?") return "0";
    return text;
  }
  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && String(x) === a && String(y) === b) return x - y;
    return a.localeCompare(b, "vi");
  }
  function sortBy(table, index, header) {
    var body = table.tBodies[0];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var c = compare(cellValue(r1, index), cellValue(r2, index));
      return ascending ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  function makeSortable(table) {
    if (!table.tHead || !table.tBodies.length) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      // Paper shows the label itself: chromium does not paint buttons in
      // header rows repeated on each printed page (overview.css).
      th.setAttribute("data-label", th.textContent);
      button.title = "Sắp xếp theo cột này";
      if (th.title) button.title = th.title + " — sắp xếp";
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, th); });
    });
  }
  // Maps: the figures of the unit focused (keyboard) or pointed at, in the
  // box under the map; the SVG's own titles show them on hover too.
  function showFigures(info, link) {
    var title = link.querySelector("title");
    if (title) info.textContent = title.textContent;
  }
  function watchMap(svg) {
    var info = document.getElementById("map-info");
    if (!info) return;
    Array.prototype.forEach.call(svg.querySelectorAll("a.area"), function (link) {
      link.addEventListener("focus", function () { showFigures(info, link); });
      link.addEventListener("mouseenter", function () { showFigures(info, link); });
    });
  }
  // A table wider than its box (on a phone) scrolls sideways: the box then
  // takes the keyboard focus, so that the arrow keys scroll it, and is named
  // after its table; when the table fits again, it is a plain box again.
  function regionName(wrap) {
    var named = wrap.querySelector("caption");
    var section = wrap.closest("[aria-labelledby]");
    if (!named && section) {
      named = document.getElementById(section.getAttribute("aria-labelledby").split(" ")[0]);
    }
    return (named ? named.textContent.trim() + ": " : "") + "bảng cuộn ngang";
  }
  function markScrolling(wrap) {
    var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    if (scrolls && !wrap.hasAttribute("data-scrolls")) {
      wrap.setAttribute("data-scrolls", "");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", regionName(wrap));
    } else if (!scrolls && wrap.hasAttribute("data-scrolls")) {
      ["data-scrolls", "tabindex", "role", "aria-label"].forEach(function (a) { wrap.removeAttribute(a); });
    }
  }
  function watchScrolling(wraps) {
    var all = function () { Array.prototype.forEach.call(wraps, markScrolling); };
    all();
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(function (entries) {
        entries.forEach(function (e) { markScrolling(e.target); });
      });
      Array.prototype.forEach.call(wraps, function (w) { observer.observe(w); });
    }
    window.addEventListener("resize", all);
  }
  // Map names keep a legible size however small the map is drawn (a phone):
  // the SVG scales its text with its width, so each name's size is set back
  // to at least 11 CSS px (group names 13).
  function fitLabels(svg) {
    var box = svg.viewBox && svg.viewBox.baseVal;
    if (!box || !box.width) return;
    var texts = svg.querySelectorAll(".labels text");
    function fit() {
      // The picture keeps its proportions: a box taller or wider than it
      // (max-height on a wide screen) draws it at the smaller of the two.
      var rect = svg.getBoundingClientRect();
      var scale = Math.min(rect.width / box.width, rect.height / box.height);
      if (!scale) return;
      Array.prototype.forEach.call(texts, function (t) {
        var base = parseFloat(t.getAttribute("data-size") || t.getAttribute("font-size"));
        if (!base) return;
        t.setAttribute("data-size", String(base));
        var least = t.classList.contains("group-label") ? 13 : 11;
        var size = Math.max(base, least / scale);
        t.style.fontSize = size + "px";
        t.style.strokeWidth = (3 * size / base) + "px";
      });
    }
    fit();
    window.addEventListener("resize", fit);
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("svg.map"), watchMap);
    watchScrolling(document.querySelectorAll(".table-wrap"));
    Array.prototype.forEach.call(document.querySelectorAll("svg.map"), fitLabels);
  });
})();

// Map names never overlap (a phone draws the map small while fitLabels
// keeps names at 11 px): each name, district names and not-met (✗) names
// first, takes its place or the nearest free one a little above, below or
// beside it; a name with no room shows only its ✓/✗ mark, and one with no
// room even for that is hidden (the area's title, the legend and the table
// under the map still say it). Runs after fitLabels, again on resize.
(function () {
  var MARKS = ["\u2713", "\u2717"];
  function meets(a, b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  }
  function rank(t) {
    if (t.classList.contains("group-label")) return 0;
    return t.getAttribute("data-text").charAt(0) === "\u2717" ? 1 : 2;
  }
  function spreadLabels(svg) {
    var view = svg.viewBox && svg.viewBox.baseVal;
    var texts = Array.prototype.slice.call(svg.querySelectorAll(".labels text"));
    if (!view || !view.width || !texts.length) return;
    texts.forEach(function (t) {
      if (!t.hasAttribute("data-text")) {
        t.setAttribute("data-text", t.textContent);
        t.setAttribute("data-x", t.getAttribute("x"));
        t.setAttribute("data-y", t.getAttribute("y"));
      }
    });
    var ordered = texts.slice().sort(function (a, b) { return rank(a) - rank(b); });
    function put(t, text, x, y) {
      t.textContent = text;
      t.setAttribute("x", String(x));
      t.setAttribute("y", String(y));
    }
    function placeOne(t, placed) {
      var full = t.getAttribute("data-text");
      var x0 = parseFloat(t.getAttribute("data-x")), y0 = parseFloat(t.getAttribute("data-y"));
      var variants = MARKS.indexOf(full.charAt(0)) >= 0 ? [full, full.charAt(0)] : [full];
      t.removeAttribute("display");
      for (var v = 0; v < variants.length; v++) {
        put(t, variants[v], x0, y0);
        var b = t.getBBox(), w = b.width, h = b.height, pad = h * 0.08;
        var offsets = [[0, 0], [0, -0.7 * h], [0, 0.7 * h], [0.35 * w, 0], [-0.35 * w, 0],
          [0, -1.2 * h], [0, 1.2 * h], [0.35 * w, -0.7 * h], [-0.35 * w, -0.7 * h],
          [0.35 * w, 0.7 * h], [-0.35 * w, 0.7 * h]];
        for (var o = 0; o < offsets.length; o++) {
          var c = { x: b.x + offsets[o][0] - pad, y: b.y + offsets[o][1] - pad, width: w + 2 * pad, height: h + 2 * pad };
          if (c.x < 0 || c.x + c.width > view.width) continue;
          if (placed.some(function (p) { return meets(p, c); })) continue;
          put(t, variants[v], x0 + offsets[o][0], y0 + offsets[o][1]);
          placed.push(c);
          return;
        }
      }
      put(t, full, x0, y0);
      t.setAttribute("display", "none");
    }
    function place() {
      var placed = [];
      ordered.forEach(function (t) { placeOne(t, placed); });
    }
    place();
    window.addEventListener("resize", place);
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("svg.map"), spreadLabels);
  });
})();

// A page's buttons fold under one line on a phone (details.page-actions,
// open in the page so that without the script they show): closed at phone
// width, open again when the screen is wide (its summary is hidden there).
(function () {
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 699px)") : null;
  if (!narrow) return;
  function fold(open) {
    Array.prototype.forEach.call(document.querySelectorAll("details.page-actions"), function (d) { d.open = open; });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (narrow.matches) fold(false);
    narrow.addEventListener("change", function () { fold(!narrow.matches); });
  });
})();

// After a refused save the error summary (#loi-nhap) takes the focus, so a
// keyboard or screen-reader user starts from the list of fields to mend.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("loi-nhap");
    if (summary) summary.focus();
  });
})();
