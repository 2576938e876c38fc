// Starts Swagger UI on the API documentation page (no inline script: the portal's CSP forbids it).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("swagger-ui");
    if (!element || !window.SwaggerUIBundle) {
      return;
    }
    window.SwaggerUIBundle({
      url: element.getAttribute("data-schema-url"),
      dom_id: "#swagger-ui",
      deepLinking: true,
      supportedSubmitMethods: ["get"],
      validatorUrl: null,
    });
  });
})();
