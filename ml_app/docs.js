// Starts Swagger UI on /openapi.json. A file of its own, not an inline script, so the page's
// Content-Security-Policy can allow scripts from this server only.
window.ui = SwaggerUIBundle({
  url: new URL("openapi.json", document.baseURI).href,
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,             // never send the document to a public validator
  tryItOutEnabled: true,
  displayRequestDuration: true,
  persistAuthorization: false,    // the bearer token stays in this page's memory only
});
