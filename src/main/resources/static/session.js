// Nothing a person types is lost (issue 10). On every signed-in page of a clinic:
// - a warning before the session's idle timeout, with "Stay signed in";
// - each form that names a draft (a hidden _draft field: "<page path>#<form>") is kept on the
//   server a moment after each change, for this person alone, and put back when the page opens
//   again: after another form of the page was saved, or after signing in again;
// - a warning before leaving a page whose form has changes not saved yet.
// Without JavaScript the pages work as before, and a form saved after the session ended is
// still carried through the sign-in by the server.
(function () {
  'use strict';
  var body = document.body;
  var slug = body.getAttribute('data-clinic');
  var csrf = body.getAttribute('data-csrf');
  var left = parseInt(body.getAttribute('data-session-left'), 10);
  if (!slug || !csrf || isNaN(left) || !window.fetch) {
    return;
  }
  var base = '/clinic/' + slug;
  var WARN_SECONDS = 120;
  var SAVE_AFTER_MS = 800;

  // ---- the session's idle timeout ----
  var deadline = Date.now() + left * 1000;
  var ended = false;
  var dialog = document.getElementById('session-warning');
  var countdown = document.getElementById('session-countdown');

  function post(path, fields) {
    var params = new URLSearchParams();
    params.append('_csrf', csrf);
    fields.forEach(function (pair) { params.append(pair[0], pair[1]); });
    return fetch(base + path, {
      // keepalive: a draft sent as the page is being left still arrives
      method: 'POST', credentials: 'same-origin', body: params, keepalive: true,
      headers: { 'Accept': 'application/json' }
    }).then(function (response) {
      if (response.status === 401 || response.redirected) {
        sessionEnded();
        return null;
      }
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (answer && typeof answer.idleSecondsLeft === 'number') {
        deadline = Date.now() + answer.idleSecondsLeft * 1000;
        if (dialog && dialog.open && !ended) {
          dialog.close();
        }
      }
      return answer;
    });
  }

  function sessionEnded() {
    if (ended || !dialog) {
      ended = true;
      return;
    }
    ended = true;
    document.getElementById('session-warning-text').hidden = true;
    document.getElementById('session-ended-text').hidden = false;
    document.getElementById('session-stay').hidden = true;
    document.getElementById('session-close').hidden = false;
    if (!dialog.open) {
      dialog.showModal();
    }
  }

  function tick() {
    if (ended) {
      return;
    }
    var remaining = Math.round((deadline - Date.now()) / 1000);
    if (remaining <= 0) {
      sessionEnded();
    } else if (remaining <= WARN_SECONDS && dialog) {
      countdown.textContent = Math.floor(remaining / 60) + ':' + ('0' + (remaining % 60)).slice(-2);
      if (!dialog.open) {
        dialog.showModal();
      }
    }
  }

  if (dialog) {
    document.getElementById('session-stay').addEventListener('click', function () {
      post('/session/keepalive', []);
    });
    document.getElementById('session-close').addEventListener('click', function () {
      dialog.close();
    });
    setInterval(tick, 1000);
    tick();
  }

  // ---- drafts of the page's forms ----
  var forms = [];
  Array.prototype.forEach.call(document.querySelectorAll('form'), function (form) {
    var named = form.querySelector('input[type=hidden][name=_draft]');
    if (named) {
      forms.push({ form: form, key: named.value, dirty: false, timer: null, saving: null });
    }
  });
  if (forms.length === 0) {
    return;
  }

  /** The fields a draft keeps: what the person typed or chose; never a password or a file. */
  function fieldsOf(form) {
    var pairs = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name.charAt(0) === '_' || el.type === 'password' || el.type === 'file'
          || el.type === 'submit' || el.type === 'button' || el.type === 'reset') {
        return;
      }
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) {
        return;
      }
      pairs.push([el.name, el.value]);
    });
    return pairs;
  }

  function save(entry) {
    clearTimeout(entry.timer);
    entry.timer = null;
    var fields = fieldsOf(entry.form);
    if (ended || fields.length === 0) {
      return Promise.resolve();
    }
    entry.saving = post('/drafts', [['_draft', entry.key]].concat(fields))
      .catch(function () { /* offline for a moment: the next change tries again */ });
    return entry.saving;
  }

  function restore(entry, draft) {
    var form = entry.form;
    var changed = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name.charAt(0) === '_' || el.type === 'password' || el.type === 'file'
          || el.type === 'submit' || el.type === 'button') {
        return;
      }
      var has = Object.prototype.hasOwnProperty.call(draft.fields, el.name);
      if (el.type === 'checkbox' || el.type === 'radio') {
        var checked = has && draft.fields[el.name] === el.value;
        if (el.checked !== checked) {
          el.checked = checked;
          changed = true;
        }
      } else if (has && el.value !== draft.fields[el.name]) {
        el.value = draft.fields[el.name];
        changed = true;
      }
    });
    if (!changed) {
      return;
    }
    entry.dirty = true;
    var at = new Date(draft.savedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    var notice = document.createElement('div');
    notice.className = 'notice draft-restored';
    notice.setAttribute('role', 'status');
    var text = document.createElement('p');
    text.textContent = 'Put back what you typed here at ' + at + ' and had not saved yet. '
      + 'It is saved when you press the form\'s button.';
    var discard = document.createElement('button');
    discard.type = 'button';
    discard.className = 'secondary';
    discard.textContent = 'Discard what was put back';
    discard.addEventListener('click', function () {
      post('/drafts/discard', [['_draft', entry.key]]).then(function () {
        entry.dirty = false;
        window.location.reload();
      });
    });
    notice.appendChild(text);
    notice.appendChild(discard);
    form.parentNode.insertBefore(notice, form);
  }

  var pages = {};
  forms.forEach(function (entry) {
    pages[entry.key.split('#')[0]] = true;
    entry.form.addEventListener('input', function () { changed(entry); });
    entry.form.addEventListener('change', function () { changed(entry); });
    entry.form.addEventListener('submit', function (event) { submitting(entry, event); });
  });

  function changed(entry) {
    entry.dirty = true;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(function () { save(entry); }, SAVE_AFTER_MS);
  }

  var leaving = false;

  // Before a form goes, every form with changes is kept first, so the page that comes back
  // (this one again, after a save or a refusal) can put the others' text back.
  function submitting(entry, event) {
    if (entry.form.getAttribute('data-drafts-kept') === '1') {
      leaving = true;
      return;
    }
    var pending = forms.filter(function (other) { return other.dirty; });
    if (pending.length === 0 || ended) {
      leaving = true;
      return;
    }
    event.preventDefault();
    var submitter = event.submitter;
    Promise.all(pending.map(save)).then(go, go);
    function go() {
      entry.form.setAttribute('data-drafts-kept', '1');
      if (entry.form.requestSubmit) {
        entry.form.requestSubmit(submitter || undefined);
      } else {
        leaving = true;
        entry.form.submit();
      }
    }
  }

  window.addEventListener('beforeunload', function (event) {
    var unsaved = forms.some(function (entry) { return entry.dirty; });
    if (unsaved && !leaving) {
      forms.forEach(function (entry) { if (entry.dirty) { save(entry); } });
      event.preventDefault();
      event.returnValue = '';
    }
  });

  Object.keys(pages).forEach(function (page) {
    fetch(base + '/drafts?page=' + encodeURIComponent(page), {
      credentials: 'same-origin', headers: { 'Accept': 'application/json' }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (!answer) {
        return;
      }
      answer.drafts.forEach(function (draft) {
        forms.filter(function (entry) { return entry.key === page + '#' + draft.form; })
          .forEach(function (entry) { restore(entry, draft); });
      });
    }).catch(function () { /* nothing to put back */ });
  });
}());
