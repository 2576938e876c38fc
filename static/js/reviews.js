// Score sheet autosave (templates/grants/reviewer/review.html): htmx posts the form on change; this keeps
// the live status region honest while a save is under way or when it fails. Without JS, Save still works.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("score-form");
    var status = document.getElementById("autosave-status");
    if (!form || !status) {
      return;
    }
    form.addEventListener("htmx:beforeRequest", function () {
      status.textContent = status.getAttribute("data-saving") || "…";
    });
    form.addEventListener("htmx:responseError", function () {
      status.textContent = status.getAttribute("data-failed") || "!";
    });
    form.addEventListener("htmx:sendError", function () {
      status.textContent = status.getAttribute("data-failed") || "!";
    });
  });
})();
