// Typed but not saved: a form marked data-unsaved="<question>" is watched. Sending another form
// of the page (moving the appraisal a step, uploading a file) or leaving the page would drop
// what was typed there: the browser asks first. A page showing a refused form as typed
// (data-unsaved-kept) counts as holding unsaved input from the start.
(function () {
  "use strict";
  var guarded = Array.prototype.slice.call(document.querySelectorAll("form[data-unsaved]"));
  if (!guarded.length) return;
  var sending = false;

  function changed(e) {
    if (e.disabled || e.type === "hidden" || e.type === "submit" || e.type === "button") return false;
    if (e.type === "checkbox" || e.type === "radio") return e.checked !== e.defaultChecked;
    if (e.tagName === "SELECT") {
      return Array.prototype.some.call(e.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return "defaultValue" in e && e.value !== e.defaultValue;
  }

  function unsaved(form) {
    return form.hasAttribute("data-unsaved-kept") || Array.prototype.some.call(form.elements, changed);
  }

  document.addEventListener("submit", function (event) {
    var others = guarded.filter(function (f) { return f !== event.target && unsaved(f); });
    if (others.length && !window.confirm(others[0].getAttribute("data-unsaved"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    sending = true;
  }, true);

  window.addEventListener("pageshow", function () { sending = false; });
  window.addEventListener("beforeunload", function (event) {
    if (sending || !guarded.some(unsaved)) return;
    event.preventDefault();
    event.returnValue = "";  // the browser's own "leave the page?" question
  });
})();
