// Consilium's only script: small progressive enhancements. Pages work without it except the htmx panels.
(function () {
  'use strict';

  // Times are stored and sent in UTC; show them in the viewer's own time zone.
  var format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  var timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
  function localiseTimes(root) {
    root.querySelectorAll('time[datetime]').forEach(function (el) {
      if (el.dataset.localised) { return; }
      var date = new Date(el.getAttribute('datetime'));
      if (!isNaN(date)) {
        el.textContent = (el.dataset.format === 'time' ? timeOnly : format).format(date);
        el.title = el.getAttribute('datetime');
        el.dataset.localised = 'true';
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () { localiseTimes(document); });
  document.addEventListener('htmx:afterSettle', function (e) { localiseTimes(e.target); });

  // "Add another question" asks for the next row by how many rows there are now.
  document.addEventListener('htmx:configRequest', function (e) {
    if (e.detail.elt && e.detail.elt.id === 'add-question') {
      e.detail.parameters.index = document.querySelectorAll('#questions .question').length;
    }
  });

  // Length limits. A text field with a limit says it and counts as you type. The browser's own maxlength would cut a
  // pasted text at the limit without a word, so it is lifted here: the count says how much is too much instead, and
  // the server refuses over-long text with the limit in its message, keeping the text. Without this script,
  // maxlength stays and typing simply stops at the limit.
  var numbers = new Intl.NumberFormat();
  var countStatus;
  function characters(field) {
    // A form sends each line break as CR LF, and the server counts both.
    return field.value.replace(/\r?\n/g, '\r\n').length;
  }
  function describe(field, id) {
    var ids = (field.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    if (ids.indexOf(id) < 0) { ids.push(id); }
    field.setAttribute('aria-describedby', ids.join(' '));
  }
  function countLengths(root) {
    if (!countStatus) {
      countStatus = document.createElement('p');
      countStatus.className = 'visually-hidden';
      countStatus.setAttribute('aria-live', 'polite');
      document.body.appendChild(countStatus);
    }
    root.querySelectorAll('form[method=post] textarea[maxlength], form[method=post] input[maxlength]')
      .forEach(function (field) {
        if (field.type === 'password' || field.type === 'email' || field.dataset.limit) { return; }
        var limit = parseInt(field.getAttribute('maxlength'), 10);
        field.dataset.limit = String(limit);
        field.removeAttribute('maxlength');
        var count = document.createElement('p');
        count.className = 'count';
        count.id = (field.id || field.name).replace(/[^A-Za-z0-9_-]/g, '-') + '-count';
        field.insertAdjacentElement('afterend', count);
        describe(field, count.id);
        var state = '';
        function update() {
          var used = characters(field);
          var over = used - limit;
          count.textContent = used === 0 ? 'Up to ' + numbers.format(limit) + ' characters'
            : numbers.format(used) + ' of ' + numbers.format(limit) + ' characters'
              + (over > 0 ? ': ' + numbers.format(over) + ' too many' : '');
          count.classList.toggle('over', over > 0);
          // Announce only when the text comes near the limit or passes it, not on every key.
          var now = over > 0 ? 'over' : used >= limit * 0.9 ? 'near' : '';
          if (now !== state && now !== '') { countStatus.textContent = count.textContent; }
          state = now;
        }
        field.addEventListener('input', update);
        update();
      });
  }
  document.addEventListener('DOMContentLoaded', function () { countLengths(document); });
  document.addEventListener('htmx:afterSettle', function (e) { countLengths(e.target); });

  // Who a new case is for: the patient's name, birth date and relationship are asked only when the case is for
  // someone else. Without this script they are always shown, with a note saying so.
  document.addEventListener('DOMContentLoaded', function () {
    var proxyFields = document.getElementById('proxy-fields');
    var someoneElse = document.getElementById('forWhom-other');
    if (!proxyFields || !someoneElse) { return; }
    function toggle() { proxyFields.hidden = !someoneElse.checked; }
    document.querySelectorAll('input[name=forWhom]').forEach(function (choice) {
      choice.addEventListener('change', toggle);
    });
    toggle();
  });

  // Move focus to a form's error summary so screen readers announce it.
  document.addEventListener('DOMContentLoaded', function () {
    var errors = document.getElementById('form-errors');
    if (errors) { errors.focus(); }
  });

  function meta(name) {
    var el = document.querySelector('meta[name="' + name + '"]');
    return el ? el.getAttribute('content') : null;
  }

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  // ---- Unsaved text, kept in this browser -------------------------------------------------------------------------
  // A form with data-autosave keeps what is typed in localStorage, under the signed-in account and the form's key,
  // until the server confirms a save of exactly that text. A crash, a closed tab or an ended session loses nothing;
  // the next visit of the form offers the kept text back. Sign-out removes the account's kept text.

  var account = meta('consilium-account');
  var UNSAVED = 'consilium.unsaved.';
  var NOT_TEXT = ['_csrf', '_for', 'version', 'action', 'confirm'];

  function unsavedKey(formKey) { return UNSAVED + account + '.' + formKey; }

  function fieldsOf(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === 'string' && NOT_TEXT.indexOf(name) < 0) { fields.push([name, value]); }
    });
    return fields;
  }

  function versionOf(form) {
    var version = form.querySelector('[name="version"]');
    return version ? version.value : null;
  }

  function keep(form) {
    var s = storage();
    if (!s || !account) { return; }
    try {
      s.setItem(unsavedKey(form.dataset.autosave), JSON.stringify(
        { at: Date.now(), version: versionOf(form), fields: fieldsOf(form) }));
    } catch (e) { /* full or forbidden: the autosave still runs */ }
  }

  function kept(formKey) {
    var s = storage();
    if (!s || !account) { return null; }
    try { return JSON.parse(s.getItem(unsavedKey(formKey))); } catch (e) { return null; }
  }

  function forget(formKey) {
    var s = storage();
    if (s && account) { s.removeItem(unsavedKey(formKey)); }
  }

  function forgetAll() {
    var s = storage();
    if (!s || !account) { return; }
    for (var i = s.length - 1; i >= 0; i--) {
      var key = s.key(i);
      if (key && key.indexOf(UNSAVED + account + '.') === 0) { s.removeItem(key); }
    }
  }

  function sameFields(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function fill(form, fields) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || NOT_TEXT.indexOf(el.name) >= 0 || el.type === 'file') { return; }
      var values = fields.filter(function (f) { return f[0] === el.name; }).map(function (f) { return f[1]; });
      if (el.type === 'radio' || el.type === 'checkbox') {
        el.checked = values.indexOf(el.value) >= 0;
      } else if (values.length > 0) {
        el.value = values[0];
      }
    });
  }

  // Kept text may have more question rows than the form shows: add rows, one htmx request at a time, then fill.
  function addRowsFor(form, fields, done) {
    var missing = fields.filter(function (f) { return !form.elements.namedItem(f[0]); }).length;
    var add = form.querySelector('#add-question');
    if (!add || missing === 0) { done(); return; }
    document.addEventListener('htmx:afterSettle', function settled() {
      document.removeEventListener('htmx:afterSettle', settled);
      var still = fields.filter(function (f) { return !form.elements.namedItem(f[0]); }).length;
      if (still < missing) { addRowsFor(form, fields, done); } else { done(); }
    });
    add.click();
  }

  function button(text, className) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    if (className) { b.className = className; }
    return b;
  }

  function offerRestore(form, saved, restore) {
    var box = document.createElement('div');
    box.className = 'restore';
    box.id = 'restore-offer';
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', 'Text that was not saved');
    var text = document.createElement('p');
    text.textContent = 'This browser kept text you typed here (' + format.format(new Date(saved.at))
      + ') that was not saved' + (saved.version !== versionOf(form)
        ? ', and the draft has been saved from elsewhere since' : '') + '. Do you want it back?';
    var buttons = document.createElement('div');
    buttons.className = 'buttons';
    var yes = button('Restore my text');
    var no = button('Discard it', 'secondary');
    yes.addEventListener('click', function () {
      box.remove();
      addRowsFor(form, saved.fields, function () { fill(form, saved.fields); restore(); });
    });
    no.addEventListener('click', function () {
      box.remove();
      forget(form.dataset.autosave);
    });
    buttons.appendChild(yes);
    buttons.appendChild(no);
    box.appendChild(text);
    box.appendChild(buttons);
    form.parentNode.insertBefore(box, form);
  }

  // ---- Autosave ---------------------------------------------------------------------------------------------------
  // A few seconds after typing stops, and when a field loses focus, the form sends itself through htmx (hx-trigger
  // "autosave") with the version it last saw. The server answers "Saved at …" and the next version, or why it did
  // not save; a version that is no longer current never overwrites, and autosave then stops, keeping the text.

  var AUTOSAVE_DELAY = 3000;
  var SWAPPED = [400, 403, 404, 409, 412, 428];
  var autosaves = [];

  function setUpAutosave(form) {
    var key = form.dataset.autosave;
    var timer = null;
    var edits = 0;
    var saved = 0;
    var sent = 0;
    var inFlight = false;
    var stopped = false;
    var afterSave = [];

    function dirty() { return edits !== saved; }
    function schedule(delay) { clearTimeout(timer); timer = setTimeout(save, delay); }
    function save() {
      if (stopped || inFlight || !dirty()) { return; }
      sent = edits;
      htmx.trigger(form, 'autosave');
    }
    function edited() { edits++; keep(form); schedule(AUTOSAVE_DELAY); }

    form.addEventListener('input', edited);
    form.addEventListener('change', edited);
    form.addEventListener('focusout', function () { if (dirty()) { schedule(0); } });
    form.addEventListener('htmx:beforeRequest', function (e) { if (e.detail.elt === form) { inFlight = true; } });
    form.addEventListener('htmx:afterRequest', function (e) {
      if (e.detail.elt !== form) { return; }
      inFlight = false;
      var status = e.detail.xhr ? e.detail.xhr.status : 0;
      if (status === 200) {
        saved = sent;
        if (!dirty()) { forget(key); } else { schedule(AUTOSAVE_DELAY); }
      } else if (status === 401) {
        stopped = true;
        session.ended();
      } else if (status !== 400) {
        // A newer version elsewhere, or a draft that can no longer be edited: saving again would not help.
        stopped = true;
      }
      var waiting = afterSave;
      afterSave = [];
      waiting.forEach(function (next) { next(); });
    });

    // The form's own buttons post it normally; wait for an autosave on its way, so both do not cross.
    form.addEventListener('submit', function (e) {
      if (inFlight) {
        e.preventDefault();
        var submitter = e.submitter || null;
        afterSave.push(function () { form.requestSubmit(submitter); });
        return;
      }
      clearTimeout(timer);
      stopped = true;
    });

    var controller = {
      flush: function (next) {
        if (stopped || !dirty()) { next(); return; }
        afterSave.push(next);
        clearTimeout(timer);
        if (!inFlight) { save(); }
      }
    };
    autosaves.push(controller);

    if (form.hasAttribute('data-restored')) {
      // The server put back what was typed before the session ended: not saved yet, so keep it and treat it as edited.
      edits++;
      keep(form);
      return;
    }
    var earlier = kept(key);
    if (earlier && Array.isArray(earlier.fields)) {
      if (sameFields(earlier.fields, fieldsOf(form))) {
        forget(key);
      } else {
        offerRestore(form, earlier, function () { edited(); schedule(0); });
      }
    }
  }

  // Refusals of an autosave are shown in its status line, like its success.
  document.addEventListener('htmx:beforeSwap', function (e) {
    var elt = e.detail.requestConfig ? e.detail.requestConfig.elt : null;
    if (elt && elt.dataset && elt.dataset.autosave && SWAPPED.indexOf(e.detail.xhr.status) >= 0) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });

  // ---- Session ----------------------------------------------------------------------------------------------------
  // The page knows how long the session lasts without activity (a meta tag). Every request this page or another tab
  // makes restarts the count (shared through localStorage). Two minutes before the end a dialog offers to stay signed
  // in, which asks the server for a small authenticated answer; at the end it says the person was signed out and
  // that what they typed is kept.

  var ACTIVITY = 'consilium.session.activity';
  var session = { ended: function () { } };

  function setUpSession(seconds, keepAliveUrl) {
    var dialog = document.getElementById('session-dialog');
    if (!dialog || typeof dialog.showModal !== 'function') { return; }
    var warning = document.getElementById('session-warning');
    var over = document.getElementById('session-ended');
    var left = document.getElementById('session-left');
    var stay = document.getElementById('session-stay');
    var leave = document.getElementById('session-leave');
    var again = document.getElementById('session-sign-in');
    var lifetime = seconds * 1000;
    // Two minutes before the end; a session of two minutes or less, half way.
    var warnAt = lifetime > 120000 ? 120000 : lifetime / 2;
    var lastActivity = Date.now();
    var finished = false;
    var returnFocus = null;

    function touch() {
      lastActivity = Date.now();
      var s = storage();
      if (s) { try { s.setItem(ACTIVITY, String(lastActivity)); } catch (e) { /* the count stays per tab */ } }
    }

    function open() {
      if (!dialog.open) {
        returnFocus = document.activeElement;
        dialog.showModal();
      }
    }

    function close() {
      if (dialog.open) { dialog.close(); }
      if (returnFocus && typeof returnFocus.focus === 'function') { returnFocus.focus(); }
      returnFocus = null;
    }

    function ended() {
      if (finished) { return; }
      finished = true;
      warning.hidden = true;
      over.hidden = false;
      dialog.setAttribute('aria-labelledby', 'session-ended-title');
      dialog.setAttribute('aria-describedby', 'session-ended-text');
      open();
      again.focus();
    }
    session.ended = ended;

    function tick() {
      if (finished) { return; }
      var remaining = lastActivity + lifetime - Date.now();
      if (remaining <= 0) {
        ended();
      } else if (remaining <= warnAt) {
        var secs = Math.ceil(remaining / 1000);
        left.textContent = Math.floor(secs / 60) + ':' + String(secs % 60).padStart(2, '0');
        if (!dialog.open) {
          open();
          stay.focus();
        }
      } else if (dialog.open) {
        close();
      }
    }

    function stayIn() {
      fetch(keepAliveUrl, { credentials: 'same-origin', redirect: 'manual', cache: 'no-store' })
        .then(function (response) {
          if (response.ok) { touch(); close(); } else { ended(); }
        })
        .catch(function () { /* offline: try again from the dialog */ });
    }

    stay.addEventListener('click', stayIn);
    leave.addEventListener('click', signOut);
    again.addEventListener('click', function () { window.location.assign(window.location.href); });
    dialog.addEventListener('cancel', function (e) {
      e.preventDefault();
      if (!finished) { stayIn(); }
    });
    window.addEventListener('storage', function (e) {
      if (e.key === ACTIVITY && e.newValue) { lastActivity = Math.max(lastActivity, Number(e.newValue)); }
    });
    document.addEventListener('htmx:afterRequest', function (e) {
      var status = e.detail.xhr ? e.detail.xhr.status : 0;
      if (status === 401) { ended(); } else if (status > 0) { touch(); }
    });
    touch();
    setInterval(tick, 1000);
  }

  // Signing out saves what autosave has not sent yet, then forgets the account's kept text on this browser.
  function signOut() {
    var form = document.getElementById('sign-out');
    if (!form) { return; }
    var pending = autosaves.length;
    var done = false;
    function go() {
      if (done) { return; }
      done = true;
      forgetAll();
      form.submit();
    }
    if (pending === 0) { go(); return; }
    autosaves.forEach(function (a) { a.flush(function () { if (--pending === 0) { go(); } }); });
    setTimeout(go, 3000);
  }

  document.addEventListener('DOMContentLoaded', function () {
    var confirmed = meta('consilium-saved-form');
    if (confirmed) { forget(confirmed); }
    document.querySelectorAll('form[data-autosave]').forEach(setUpAutosave);
    var signOutForm = document.getElementById('sign-out');
    if (signOutForm) {
      signOutForm.addEventListener('submit', function (e) { e.preventDefault(); signOut(); });
    }
    var seconds = Number(meta('consilium-session-seconds'));
    var keepAlive = meta('consilium-keep-alive');
    if (account && seconds > 0 && keepAlive) { setUpSession(seconds, keepAlive); }
  });
})();
