/* The document viewer of the pages: "Xem" beside a PDF or an image of the commune's evidence
   opens it in a dialog (an image as an <img>, a PDF in the browser's viewer in an <iframe>).
   Without this script, or without <dialog>, the link opens the document in a new tab. The
   document itself is served sandboxed: it can never run script in the app's origin. */
(function () {
  "use strict";

  function part(id) {
    return document.getElementById(id);
  }

  function open(link) {
    var dialog = part("xem-tai-lieu");
    var body = part("xem-noi-dung");
    var title = link.getAttribute("data-title") || "Tài liệu";
    var shown;
    if (link.getAttribute("data-viewer") === "image") {
      shown = document.createElement("img");
      shown.alt = title;
    } else {
      shown = document.createElement("iframe");
      shown.title = title;
    }
    shown.src = link.href;
    body.textContent = "";
    body.appendChild(shown);
    part("xem-tieu-de").textContent = title;
    part("xem-the-moi").href = link.href;
    part("xem-tai-ve").href = link.getAttribute("data-download");
    dialog.showModal();
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var dialog = part("xem-tai-lieu");
    if (!dialog || typeof dialog.showModal !== "function" || !target.closest) {
      return;
    }
    var link = target.closest("a.view-doc");
    if (link) {
      event.preventDefault();
      open(link);
    } else if (target.id === "xem-dong" || target === dialog) {
      dialog.close(); // the button, or a click on the backdrop
    }
  });

  // a closed viewer keeps nothing loaded
  document.addEventListener(
    "close",
    function (event) {
      if (event.target && event.target.id === "xem-tai-lieu") {
        part("xem-noi-dung").textContent = "";
      }
    },
    true
  );
})();
