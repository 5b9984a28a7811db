// The Print button of a printable page: shown only where it works (with JavaScript), it opens
// the browser's print dialog; without JavaScript the page says how to print.
(function () {
  'use strict';
  Array.prototype.forEach.call(document.querySelectorAll('button[data-print]'), function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
}());
