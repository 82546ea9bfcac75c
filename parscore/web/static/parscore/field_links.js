// Where the cursor goes. A link to a field (the list of a refused form's problems above the
// form) puts the cursor in that field, in the middle of the window (following the bare "#id"
// would only scroll there, and the next Tab would pass it by). A field marked
// data-focus-on-load (the file of the upload form opened from a criterion's link) takes the
// cursor once the page has loaded, where the link's "#…" scrolled (the browser's own autofocus
// is skipped when the address names a place on the page, and that move takes the focus). A box
// of check boxes shows its first ticked one. A refused form's first field in error takes the
// cursor when nothing else took it.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-field]") : null;
    var field = link && document.getElementById(link.getAttribute("data-field"));
    if (!field) return;
    event.preventDefault();
    field.focus({ preventScroll: true });
    field.scrollIntoView({ block: "center" });
  });
  // a box of check boxes scrolled to its first ticked one (a criterion's upload link ticks it)
  document.querySelectorAll(".check-list").forEach(function (list) {
    var ticked = list.querySelector("input:checked");
    if (ticked) list.scrollTop = ticked.closest("label").offsetTop - 4;
  });
  // else the page's own autofocus (the year's list of problems, a refused deadline), which the
  // browser skips when the address names a place on the page and may make only after "load";
  // else a refused form's first field in error (a form without its own autofocus: the meeting)
  var first = document.querySelector("[data-focus-on-load]");
  var wrong = document.querySelector("[autofocus]")
    || document.querySelector("form [aria-invalid=true]");
  if (!first && !wrong) return;
  window.addEventListener("load", function () {  // after the browser's own move to the "#…"
    if (document.activeElement !== document.body && document.activeElement) return;
    if (first) {
      first.focus({ preventScroll: true });
    } else {
      wrong.focus({ preventScroll: true });
      wrong.scrollIntoView({ block: "center" });
    }
  });
})();
