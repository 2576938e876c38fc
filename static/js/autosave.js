// Draft forms (quarterly report, invoice): save the draft a moment after the grantee stops typing, and say so
// in a polite live region. The form names its autosave URL in data-autosave-url. Without JavaScript the
// "Save draft" button does the same.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-autosave-url]");
    var status = document.getElementById("autosave-status");
    if (!form || !status || !window.htmx) {
      return;
    }
    var url = form.getAttribute("data-autosave-url");
    var timer = null;
    var dirty = false;

    function save() {
      if (!dirty) {
        return;
      }
      dirty = false;
      window.htmx.ajax("POST", url, { source: form, target: status, swap: "innerHTML", values: {} });
    }

    form.addEventListener("input", function () {
      dirty = true;
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 1500);
    });
    form.addEventListener("focusout", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 300);
    });
    form.addEventListener("submit", function () {
      window.clearTimeout(timer);
      dirty = false;
    });
  });
})();
