// The application form saves a draft as the person types (htmx posts to the autosave view).
// This only tells them that a save is under way; the server's answer replaces the message.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-autosave")) {
      return;
    }
    var status = document.getElementById("autosave-status");
    if (status) {
      status.textContent = status.getAttribute("data-saving") || "…";
    }
  });
  document.addEventListener("htmx:responseError", function (event) {
    var status = document.getElementById("autosave-status");
    if (status && event.detail.elt && event.detail.elt.hasAttribute("data-autosave")) {
      status.textContent = status.getAttribute("data-failed") || "!";
    }
  });
})();
