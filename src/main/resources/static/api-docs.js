// Starts Swagger UI on /api/docs (a file of its own: the CSP allows no inline script).
(function () {
  'use strict';
  var root = document.getElementById('swagger-ui');
  window.ui = SwaggerUIBundle({
    url: root.getAttribute('data-document'),
    domNode: root,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    // no call to the public swagger.io validator: nothing leaves this server
    validatorUrl: null,
    // a token carries patient access: kept in this tab's memory only, never in localStorage
    persistAuthorization: false,
    tryItOutEnabled: false
  });
}());
