// Consilium's only script: small progressive enhancements. Pages work without it except the htmx panels.
(function () {
  'use strict';

  // Times are stored and sent in UTC; show them in the viewer's own time zone.
  var format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  function localiseTimes(root) {
    root.querySelectorAll('time[datetime]').forEach(function (el) {
      if (el.dataset.localised) { return; }
      var date = new Date(el.getAttribute('datetime'));
      if (!isNaN(date)) {
        el.textContent = format.format(date);
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
})();
