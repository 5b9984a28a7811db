// Refreshes the queue every 20 seconds from its HTML partial (same permission as the page), so
// the desk and the doctor see check-ins and status changes without reloading by hand.
(function () {
  'use strict';
  var region = document.getElementById('queue');
  if (!region || !window.fetch) {
    return;
  }
  var url = region.getAttribute('data-refresh');
  setInterval(function () {
    // not while the page is hidden, nor under the user's keyboard focus (a swap would drop it)
    if (document.hidden || region.contains(document.activeElement)) {
      return;
    }
    // marked as the page's own request: it must not keep an unattended screen signed in
    fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'text/html', 'X-Background-Refresh': '1' } })
      .then(function (response) {
        if (response.redirected || response.status === 401 || response.status === 403) {
          window.location.reload(); // signed out meanwhile: let the page itself go to the login
          return null;
        }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html !== null) {
          region.innerHTML = html;
        }
      })
      .catch(function () { /* offline for a moment: try again next time */ });
  }, 20000);
}());
