// A link to a field (the list of a refused form's problems above the form) puts the cursor in
// that field, in the middle of the window (following the bare "#id" would only scroll there,
// and the next Tab would pass it by).
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
})();
