// Typed but not saved: a form marked data-unsaved="<question>" is watched. Sending another form
// of the page (moving the appraisal a step, uploading a file) or leaving the page would drop
// what was typed there: the browser asks first. A page showing a refused form as typed
// (data-unsaved-kept) counts as holding unsaved input from the start.
// A button's own question (data-confirm="<question>": submitting the year, settling a round…)
// is asked here too, after the one about unsaved input: what would be lost is said first, and
// a "no" to it asks nothing more.
(function () {
  "use strict";
  var guarded = Array.prototype.slice.call(document.querySelectorAll("form[data-unsaved]"));
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

  function agreed(question) {
    return !question || window.confirm(question);
  }

  document.addEventListener("submit", function (event) {
    var others = guarded.filter(function (f) { return f !== event.target && unsaved(f); });
    var button = event.submitter || event.target.querySelector("[data-confirm]");
    if (!agreed(others.length && others[0].getAttribute("data-unsaved")) ||
        !agreed(button && button.getAttribute("data-confirm"))) {
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
