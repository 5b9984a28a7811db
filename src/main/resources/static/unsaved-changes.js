// Asks before leaving a page whose form (marked data-unsaved-warning) has typed changes that
// were not sent: a click on another link, a reload or closing the tab would lose them.
(function () {
  'use strict';
  var forms = document.querySelectorAll('form[data-unsaved-warning]');
  if (!forms.length) {
    return;
  }
  var dirty = false;
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener('input', function () { dirty = true; });
    form.addEventListener('change', function () { dirty = true; });
    form.addEventListener('submit', function () { dirty = false; });
  });
  window.addEventListener('beforeunload', function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = '';
    }
  });
}());
