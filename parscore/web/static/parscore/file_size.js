// A file over the upload limit is refused as soon as it is chosen, before anything is sent: the
// server's front door answers a request far over the limit with a bare page, the title, number,
// date and criteria typed with it lost. The reason stands below the field (read out with it) and
// the browser will not send the form until another file is chosen.
(function () {
  "use strict";
  function check(input) {
    var limit = Number(input.getAttribute("data-max-bytes"));
    var file = input.files && input.files[0];
    var said = document.getElementById(input.id + "-size");
    var message = "";
    if (file && limit && file.size > limit) {
      var size = (file.size / 1048576).toFixed(1).replace(".", ",");
      message = input.getAttribute("data-too-big").replace("{name}", file.name).replace("{size}", size);
    }
    input.setCustomValidity(message);
    if (!message) {
      if (said) {  // said here, not by the server (a refused upload's file stays marked)
        said.remove();
        input.removeAttribute("aria-invalid");
      }
      return;
    }
    if (!said) {
      said = document.createElement("span");
      said.id = input.id + "-size";
      said.className = "error";
      said.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", said);
    }
    said.textContent = message;
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", said.id);
  }
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    input.addEventListener("change", function () { check(input); });
    check(input);  // a file kept by the browser on going back to the page
  });
})();
