// The application form saves a draft as the person types (htmx posts to the autosave view).
// This file says that a save is under way, and stops a pending autosave once the form itself is
// submitted, so the two never race; the server's answer replaces the status message.
(function () {
  "use strict";

  function statusRegion() {
    return document.getElementById("autosave-status");
  }

  document.addEventListener("submit", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-autosave")) {
      event.target.setAttribute("data-submitting", "true");
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-autosave")) {
      return;
    }
    if (form.hasAttribute("data-submitting")) {
      event.preventDefault();
      return;
    }
    var status = statusRegion();
    if (status) {
      status.textContent = status.getAttribute("data-saving") || "…";
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
    var status = statusRegion();
    if (status && event.detail.elt && event.detail.elt.hasAttribute("data-autosave")) {
      status.textContent = status.getAttribute("data-failed") || "!";
    }
  });
})();
