// The menu of fields (lĩnh vực, partials/field_nav.html) marks the field being read: the one at
// the top of the window, under the menu held there (aria-current="location", drawn
// in app.css), and a phone's menu, a line scrolled sideways, brings its link into view. A field
// is its heading's section (the year's form) or the rows from its heading row to the next one
// (the council's table). Without a script (or IntersectionObserver) the menu is plain links.
// It also gives app.css the menu's height as drawn (--field-nav-height): the room a field jumped
// to is left under it, however many lines the window's width wraps the menu to.
(function () {
  "use strict";
  var nav = document.querySelector("nav.field-nav");
  if (!nav) return;
  function measure() {
    var height = Math.ceil(nav.getBoundingClientRect().height);
    document.documentElement.style.setProperty("--field-nav-height", height + "px");
  }
  measure();
  window.addEventListener("resize", measure);
  if ("ResizeObserver" in window) new ResizeObserver(measure).observe(nav);  // a live score's words
  if (!("IntersectionObserver" in window)) return;
  var list = nav.querySelector("ol");
  var parts = [];  // [element, its field's link], in the page's order
  nav.querySelectorAll("a[href^='#']").forEach(function (link) {
    var head = document.getElementById(link.getAttribute("href").slice(1));
    if (!head || head.id === "score-panel") return;
    parts.push([head, link]);
    if (head.tagName !== "TR") return;
    for (var row = head.nextElementSibling; row && !row.classList.contains("field-head");
      row = row.nextElementSibling) parts.push([row, link]);
  });
  if (!parts.length) return;
  var seen = new Set();
  var current = null;

  function mark(link) {
    if (link === current) return;
    if (current) current.removeAttribute("aria-current");
    current = link;
    if (!link) return;
    link.setAttribute("aria-current", "location");
    if (list.scrollWidth > list.clientWidth) {  // the phone's one line: the link in its middle
      var box = link.getBoundingClientRect(), line = list.getBoundingClientRect();
      list.scrollLeft += box.left - line.left - (line.width - box.width) / 2;
    }
  }

  // the band read: from under the menu held at the top (a phone's, a computer's: under a sixth
  // of the window) to two fifths down it;
  // the first part of a field crossing it names the field
  var watch = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (e.isIntersecting) seen.add(e.target); else seen.delete(e.target);
    });
    var first = parts.find(function (p) { return seen.has(p[0]); });
    mark(first ? first[1] : null);
  }, { rootMargin: "-16% 0px -60% 0px" });
  parts.forEach(function (p) { watch.observe(p[0]); });
})();
