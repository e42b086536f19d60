// The API page: Swagger UI (swagger-ui-dist from npm, served under /assets) over /openapi.json.
// Nothing is fetched from elsewhere: no validator badge, no fonts or scripts from a CDN.
(function () {
  "use strict";
  const root = document.getElementById("swagger-ui");
  if (typeof SwaggerUIBundle !== "function") {
    root.textContent =
      "Swagger UI is not installed (run make assets); the OpenAPI description is at /openapi.json.";
    return;
  }
  window.payvandDocs = SwaggerUIBundle({
    url: "/openapi.json",
    domNode: root,
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
})();
