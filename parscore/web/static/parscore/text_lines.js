// Boxes of several lines (textarea.lines: a note, a reason, an answer) grow with what is typed.
// app.css does it (field-sizing: content) where the browser knows how; elsewhere (Firefox, an
// older Safari) the box is made as tall as its text here, within the CSS's min and max heights,
// once on load (a stored note of several lines) and at each keystroke. Without a script: the
// box's rows, scrolling inside, its corner dragged to make it taller.
(function () {
  "use strict";
  if (window.CSS && CSS.supports && CSS.supports("field-sizing", "content")) return;

  function fit(box) {
    box.style.height = "auto";
    var style = getComputedStyle(box);
    var border = parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
    box.style.height = box.scrollHeight + border + "px";  // box-sizing: border-box
  }

  document.querySelectorAll("textarea.lines").forEach(fit);
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (box.matches && box.matches("textarea.lines")) fit(box);
  });
})();
