// The Generate form shows only the fields of the chosen kind of report. Without this file every field is
// shown (or only one kind's, from the links in <noscript>), and the server ignores the other kinds' fields.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector(".generate-form");
    if (!form) { return; }
    var kind = form.querySelector("select[name=kind]");
    if (!kind) { return; }
    function update() {
      form.querySelectorAll("[data-kinds]").forEach(function (row) {
        var kinds = row.getAttribute("data-kinds").split(" ");
        row.hidden = kind.value !== "" && kinds.indexOf(kind.value) === -1;
      });
    }
    kind.addEventListener("change", update);
    update();
  });
})();
