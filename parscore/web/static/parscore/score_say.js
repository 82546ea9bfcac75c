// The live score read out: the score panel is drawn anew at every change (htmx), and a region
// drawn anew is not read by screen readers. After each new panel, its one-sentence summary
// (total, band, goal) is put into a status region that stays on the page, which they read.
(function () {
  "use strict";
  var say = document.getElementById("diem-doc");
  if (!say) return;
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var panel = event.detail && event.detail.target;
    if (!panel || panel.id !== "score-panel") return;
    var sentence = panel.querySelector(".say");
    if (sentence) say.textContent = sentence.textContent.replace(/\s+/g, " ").trim();
  });
})();
