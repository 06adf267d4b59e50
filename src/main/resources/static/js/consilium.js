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

  // Move focus to a form's error summary so screen readers announce it.
  document.addEventListener('DOMContentLoaded', function () {
    var errors = document.getElementById('form-errors');
    if (errors) { errors.focus(); }
  });
})();
