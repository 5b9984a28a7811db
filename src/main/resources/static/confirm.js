// A button that changes something a person may not mean to change (cancel a visit, mark a
// no-show) asks first: its data-confirm text, in the browser's own dialog. Without JavaScript
// the change happens, and the page that comes back offers its undo.
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('button[data-confirm]') : null;
    if (button && !window.confirm(button.getAttribute('data-confirm'))) {
      event.preventDefault();
    }
  });
}());
