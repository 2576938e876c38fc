// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Buttons and links marked data-confirm ask before a destructive step; the server asks again on its own page.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-confirm]").forEach(function (element) {
      element.addEventListener("click", function (event) {
        if (!window.confirm(element.getAttribute("data-confirm"))) {
          event.preventDefault();
        }
      });
    });
  });
})();
