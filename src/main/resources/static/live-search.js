// Search as you type (issue 10): a search form marked data-live-search shows its results while
// the receptionist types, by fetching the search page itself and taking its #results. Without
// JavaScript the form works as a plain search; the server renders every result either way.
(function () {
  'use strict';
  if (!window.fetch || !window.DOMParser || !window.AbortController) {
    return;
  }
  Array.prototype.forEach.call(document.querySelectorAll('form[data-live-search]'), function (form) {
    var input = form.querySelector('input[type=search]');
    var results = document.getElementById('results');
    if (!input || !results) {
      return;
    }
    var timer = null;
    var last = input.value.trim();
    var pending = null;
    var onSearchPage = form.getAttribute('data-live-search') === 'page';
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(search, 300);
    });

    function search() {
      var q = input.value.trim();
      // a name or a phone needs two characters to mean anything; fewer keep what is shown
      if (q === last || (q.length > 0 && q.length < 2)) {
        return;
      }
      last = q;
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      var url = form.action + (q ? '?q=' + encodeURIComponent(q) : '');
      fetch(url, { credentials: 'same-origin', signal: pending.signal, headers: { 'Accept': 'text/html' } })
        .then(function (response) {
          if (response.redirected || response.status === 401) {
            window.location.reload(); // signed out meanwhile: let the page go to the sign-in
            return null;
          }
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html === null) {
            return;
          }
          var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('results');
          if (fresh) {
            results.innerHTML = fresh.innerHTML;
          }
          if (onSearchPage && window.history.replaceState) {
            window.history.replaceState(null, '', url); // Back and reload show the same search
          }
        })
        .catch(function () { /* a newer search replaced this one, or the network blinked */ });
    }
  });
}());
