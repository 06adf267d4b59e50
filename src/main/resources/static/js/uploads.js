// Resumable uploads for the records form (form[data-resumable]): many files and whole folders (dropped, or chosen),
// sent with the tus 1.0 protocol to the app's /uploads, in pieces, with a progress bar per file and overall, speed and
// time left, pause and resume. A dropped connection is retried until it comes back, from the last byte the server
// holds; after a page reload, choosing or dropping the same files again resumes them where they were. The form's own
// file field and Upload button stay the plain upload of one file of up to 50 MB, the only one without this script.
(function () {
  'use strict';

  var PIECE = 16 * 1024 * 1024;      // bytes per request: a lost request costs at most this much again
  var PARALLEL = 2;                  // files sent at once (the server allows an account three)
  var RETRIES = [1, 2, 4, 8, 15, 30]; // seconds between attempts when the connection fails; the last repeats
  var STORE = 'consilium.upload.';   // localStorage: fingerprint -> upload address, to resume after a reload,
  var STORED = 'stored ';            // or "stored <time>" once it became a record, so that adding it again skips it
  var FORGET = 30 * 24 * 3600 * 1000; // and that mark is forgotten after 30 days
  // Files that a copied CD or a computer adds and that are never records; they are left out and listed as skipped.
  var NOT_RECORDS = /^(\.ds_store|thumbs\.db|desktop\.ini|autorun\.inf|\._.*)$|\.(exe|dll|msi|bat|cmd|com|sys|app|dmg|ini|inf|lnk)$/i;

  var numbers = new Intl.NumberFormat();

  function bytesInWords(n) {
    var units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
    var unit = 0;
    while (n >= 1024 && unit < units.length - 1) { n /= 1024; unit++; }
    return (unit === 0 ? numbers.format(n) : n.toFixed(n >= 100 ? 0 : 1)) + ' ' + units[unit];
  }

  function durationInWords(seconds) {
    if (!isFinite(seconds)) { return ''; }
    if (seconds < 60) { return Math.max(1, Math.round(seconds)) + ' s'; }
    if (seconds < 3600) { return Math.round(seconds / 60) + ' min'; }
    return Math.floor(seconds / 3600) + ' h ' + Math.round((seconds % 3600) / 60) + ' min';
  }

  function base64(text) {
    return btoa(unescape(encodeURIComponent(text)));
  }

  function Uploader(form) {
    this.form = form;
    this.endpoint = form.getAttribute('data-resumable');
    this.caseId = form.getAttribute('data-case');
    this.csrf = form.querySelector('input[name=_csrf]');
    this.list = form.querySelector('[data-upload-files]');
    this.panel = form.querySelector('[data-upload-progress]');
    this.overall = form.querySelector('[data-upload-overall]');
    this.overallBar = form.querySelector('[data-upload-overall-bar]');
    this.pauseButton = form.querySelector('[data-upload-pause]');
    this.resumeButton = form.querySelector('[data-upload-resume]');
    this.announce = form.querySelector('[data-upload-announce]');
    this.files = [];
    this.paused = false;
    this.samples = [];
    this.stored = 0;
  }

  Uploader.prototype.start = function () {
    var self = this;
    var form = this.form;
    var input = form.querySelector('#record-files');
    var folder = form.querySelector('#record-folder');
    var zone = form.querySelector('[data-dropzone]');
    zone.hidden = false;

    input.addEventListener('change', function () { self.add(Array.from(input.files)); input.value = ''; });
    folder.addEventListener('change', function () { self.add(Array.from(folder.files)); folder.value = ''; });
    ['dragenter', 'dragover'].forEach(function (type) {
      zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.add('over'); });
    });
    ['dragleave', 'drop'].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove('over'); });
    });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      self.dropped(e.dataTransfer);
    });
    this.pauseButton.addEventListener('click', function () { self.pause(); });
    this.resumeButton.addEventListener('click', function () { self.resume(); });
    window.addEventListener('online', function () { self.wake(); });
    window.addEventListener('beforeunload', function (e) {
      if (self.files.some(function (f) { return f.state === 'sending' || f.state === 'waiting'; })) {
        e.preventDefault();
      }
    });
    this.interrupted();
  };

  // Tells, after a reload, that uploads were left unfinished, and how to go on with them; forgets old marks.
  Uploader.prototype.interrupted = function () {
    var count = 0;
    var old = [];
    for (var i = 0; i < localStorage.length; i++) {
      var key = localStorage.key(i);
      if (key.indexOf(STORE) !== 0) { continue; }
      var value = localStorage.getItem(key);
      if (value.indexOf(STORED) === 0) {
        if (Date.now() - parseInt(value.substring(STORED.length), 10) > FORGET) { old.push(key); }
      } else if (key.indexOf(STORE + this.caseId + '/') === 0) {
        count++;
      }
    }
    old.forEach(function (key) { localStorage.removeItem(key); });
    var note = this.form.querySelector('[data-upload-interrupted]');
    if (count > 0) {
      note.textContent = count + (count === 1 ? ' upload was' : ' uploads were') + ' interrupted. Choose or drop the '
        + 'same files or folder again: they go on from where they stopped.';
      note.hidden = false;
    }
  };

  // Walks dropped folders (as a copied CD is) into their files, keeping each file's path within the drop.
  Uploader.prototype.dropped = function (transfer) {
    var self = this;
    var entries = Array.from(transfer.items || [])
      .map(function (item) { return item.webkitGetAsEntry ? item.webkitGetAsEntry() : null; })
      .filter(Boolean);
    if (entries.length === 0) {
      this.add(Array.from(transfer.files));
      return;
    }
    var found = [];
    var waiting = 0;
    function done() {
      if (--waiting === 0) { self.add(found); }
    }
    function walk(entry, path) {
      waiting++;
      if (entry.isFile) {
        entry.file(function (file) {
          file.relativePath = path + file.name;
          found.push(file);
          done();
        }, done);
      } else if (entry.isDirectory) {
        var reader = entry.createReader();
        var read = function () {
          reader.readEntries(function (batch) {
            if (batch.length === 0) { done(); return; }
            batch.forEach(function (child) { walk(child, path + entry.name + '/'); });
            read();
          }, done);
        };
        read();
      } else {
        done();
      }
    }
    entries.forEach(function (entry) { walk(entry, ''); });
  };

  Uploader.prototype.add = function (files) {
    var category = this.form.querySelector('#record-category');
    var date = this.form.querySelector('#record-date');
    if (!category.value) {
      category.setCustomValidity('Choose a category for these records first.');
      category.reportValidity();
      category.addEventListener('change', function () { category.setCustomValidity(''); }, { once: true });
      return;
    }
    var self = this;
    files.forEach(function (file) {
      var path = file.relativePath || file.webkitRelativePath || file.name;
      var upload = {
        file: file, path: path, category: category.value, date: date.value, sent: 0, state: 'waiting',
        fingerprint: STORE + self.caseId + '/' + [path, file.size, file.lastModified].join('/'), attempt: 0
      };
      self.files.push(upload);
      self.row(upload);
      if ((localStorage.getItem(upload.fingerprint) || '').indexOf(STORED) === 0) {
        upload.skip = 'Already uploaded to this case.';
      } else if (file.size === 0 || NOT_RECORDS.test(file.name)) {
        upload.skip = file.size === 0 ? 'Skipped: the file is empty.'
          : 'Skipped: not a medical record (a program or a file the computer adds).';
      }
      if (upload.skip) { upload.state = 'skipped'; }
    });
    this.panel.hidden = false;
    // Skipped files are said so once every file of the drop is listed, so the first one skipped does not end it all.
    this.files.filter(function (f) { return f.skip && !f.said; })
      .forEach(function (f) { f.said = true; self.settle(f, 'skipped', f.skip); });
    this.pump();
  };

  Uploader.prototype.row = function (upload) {
    var item = document.createElement('li');
    var name = document.createElement('span');
    name.className = 'name';
    name.textContent = upload.path;
    var bar = document.createElement('progress');
    bar.max = upload.file.size || 1;
    bar.value = 0;
    bar.setAttribute('aria-label', 'Progress of ' + upload.path);
    var state = document.createElement('span');
    state.className = 'state';
    state.textContent = 'Waiting';
    item.append(name, bar, state);
    this.list.appendChild(item);
    upload.item = item;
    upload.bar = bar;
    upload.label = state;
  };

  Uploader.prototype.pump = function () {
    var working = this.files.some(function (f) { return ['waiting', 'sending', 'paused'].indexOf(f.state) >= 0; });
    this.pauseButton.hidden = !working || this.paused;
    this.resumeButton.hidden = !working || !this.paused;
    if (this.paused) { return; }
    var sending = this.files.filter(function (f) { return f.state === 'sending'; }).length;
    var self = this;
    this.files.filter(function (f) { return f.state === 'waiting'; }).slice(0, Math.max(0, PARALLEL - sending))
      .forEach(function (f) { self.send(f); });
    this.render();
  };

  Uploader.prototype.headers = function (xhr, more) {
    xhr.setRequestHeader('Tus-Resumable', '1.0.0');
    if (this.csrf) { xhr.setRequestHeader('X-CSRF-TOKEN', this.csrf.value); }
    Object.keys(more || {}).forEach(function (k) { xhr.setRequestHeader(k, more[k]); });
  };

  // One request; answers through callbacks with the XHR once it ends, or with null when the connection failed.
  Uploader.prototype.request = function (upload, method, url, headers, body, progress, ended) {
    var xhr = new XMLHttpRequest();
    xhr.open(method, url);
    this.headers(xhr, headers);
    if (progress) { xhr.upload.onprogress = progress; }
    xhr.onload = function () { upload.xhr = null; ended(xhr); };
    xhr.onerror = xhr.ontimeout = function () { upload.xhr = null; ended(null); };
    xhr.onabort = function () { upload.xhr = null; };
    upload.xhr = xhr;
    xhr.send(body);
  };

  Uploader.prototype.send = function (upload) {
    upload.state = 'sending';
    upload.label.textContent = 'Starting';
    var known = localStorage.getItem(upload.fingerprint);
    if (known && known.indexOf(STORED) !== 0) { this.locate(upload, known); } else { this.create(upload); }
  };

  Uploader.prototype.create = function (upload) {
    var self = this;
    var meta = [['caseId', this.caseId], ['category', upload.category], ['filename', upload.file.name],
      ['filetype', upload.file.type || 'application/octet-stream']];
    if (upload.date) { meta.push(['dateOfService', upload.date]); }
    this.request(upload, 'POST', this.endpoint, {
      'Upload-Length': String(upload.file.size),
      'Upload-Metadata': meta.map(function (m) { return m[0] + ' ' + base64(m[1]); }).join(',')
    }, null, null, function (xhr) {
      if (!xhr) { return self.retry(upload, function () { self.create(upload); }); }
      if (xhr.status === 201) {
        upload.url = xhr.getResponseHeader('Location');
        localStorage.setItem(upload.fingerprint, upload.url);
        upload.attempt = 0;
        return self.patch(upload, 0);
      }
      self.failed(upload, xhr);
    });
  };

  // Asks a known upload where it is, then goes on from there (or starts again if it is gone).
  Uploader.prototype.locate = function (upload, url) {
    var self = this;
    upload.url = url;
    this.request(upload, 'HEAD', url, {}, null, null, function (xhr) {
      if (!xhr) { return self.retry(upload, function () { self.locate(upload, url); }); }
      if (xhr.status === 200) {
        var state = xhr.getResponseHeader('Upload-State');
        var offset = parseInt(xhr.getResponseHeader('Upload-Offset'), 10);
        upload.sent = offset;
        upload.attempt = 0;
        if (state === 'stored') { return self.settle(upload, 'stored', 'Stored'); }
        if (state === 'checking' || offset >= upload.file.size) { return self.check(upload); }
        if (state === 'refused') { return self.check(upload); }
        return self.patch(upload, offset);
      }
      localStorage.removeItem(upload.fingerprint);
      if (xhr.status === 404 || xhr.status === 410) { return self.create(upload); }
      self.failed(upload, xhr);
    });
  };

  Uploader.prototype.patch = function (upload, offset) {
    var self = this;
    if (this.paused) { upload.state = 'paused'; upload.label.textContent = 'Paused'; this.render(); return; }
    var end = Math.min(upload.file.size, offset + PIECE);
    this.request(upload, 'PATCH', upload.url, {
      'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream'
    }, upload.file.slice(offset, end), function (e) {
      upload.sent = offset + e.loaded;
      self.sample();
      self.render();
    }, function (xhr) {
      if (!xhr) {
        // The connection failed mid-way: ask where the upload is, then go on from there.
        return self.retry(upload, function () { self.locate(upload, upload.url); });
      }
      if (xhr.status === 204) {
        upload.attempt = 0;
        upload.sent = parseInt(xhr.getResponseHeader('Upload-Offset'), 10);
        self.sample();
        var state = xhr.getResponseHeader('Upload-State');
        if (state === 'stored') {
          return self.settle(upload, 'stored', 'Stored');
        }
        if (state !== 'receiving' || upload.sent >= upload.file.size) {
          // Every byte is in but the answer does not say it is stored: the upload's own state will.
          return self.check(upload);
        }
        return self.patch(upload, upload.sent);
      }
      if (xhr.status === 409 || xhr.status === 423 || xhr.status === 429 || xhr.status >= 500) {
        var wait = xhr.status === 409 ? 0 : null;
        return self.retry(upload, function () { self.locate(upload, upload.url); }, wait);
      }
      self.failed(upload, xhr);
    });
    this.render();
  };

  // The last byte is in and the answer was lost: the upload's own state says what became of it.
  Uploader.prototype.check = function (upload) {
    var self = this;
    this.request(upload, 'GET', upload.url, { Accept: 'application/json' }, null, null, function (xhr) {
      if (!xhr) { return self.retry(upload, function () { self.check(upload); }); }
      var status = xhr.status === 200 ? JSON.parse(xhr.responseText) : null;
      if (status && status.state === 'STORED') { return self.settle(upload, 'stored', 'Stored'); }
      if (status && status.state === 'REFUSED') { return self.settle(upload, 'refused', 'Refused: ' + status.refusal); }
      return self.retry(upload, function () { self.check(upload); });
    });
  };

  Uploader.prototype.retry = function (upload, again, wait) {
    var self = this;
    var seconds = wait != null ? wait : RETRIES[Math.min(upload.attempt, RETRIES.length - 1)];
    upload.attempt++;
    upload.label.textContent = navigator.onLine === false ? 'Offline: will go on when the connection is back'
      : 'Connection lost: trying again in ' + seconds + ' s';
    upload.again = again;
    upload.timer = setTimeout(function () {
      upload.timer = null;
      upload.again = null;
      if (self.paused) { upload.state = 'paused'; upload.resumeWith = again; return; }
      again();
    }, seconds * 1000);
  };

  // Back online: everything waiting for a retry tries now.
  Uploader.prototype.wake = function () {
    this.files.forEach(function (f) {
      if (f.timer && f.again) {
        clearTimeout(f.timer);
        f.timer = null;
        var again = f.again;
        f.again = null;
        again();
      }
    });
  };

  Uploader.prototype.failed = function (upload, xhr) {
    var detail = '';
    try { detail = JSON.parse(xhr.responseText).detail || ''; } catch (ignored) { detail = ''; }
    if (xhr.status === 400 || xhr.status === 404 || xhr.status === 410 || xhr.status === 413) {
      localStorage.removeItem(upload.fingerprint);
    }
    this.settle(upload, 'refused', 'Not stored: ' + (detail || 'the server answered ' + xhr.status));
  };

  Uploader.prototype.settle = function (upload, state, words) {
    upload.state = state;
    upload.label.textContent = words;
    upload.item.classList.add(state);
    if (state === 'stored') {
      upload.sent = upload.file.size;
      upload.bar.value = upload.bar.max;
      localStorage.setItem(upload.fingerprint, STORED + Date.now());
      this.stored++;
    }
    if (state === 'refused') {
      localStorage.removeItem(upload.fingerprint);
    }
    this.announce.textContent = upload.path + ': ' + words;
    this.pump();
    if (!this.files.some(function (f) { return ['waiting', 'sending', 'paused'].indexOf(f.state) >= 0; })) {
      this.finished();
    }
  };

  Uploader.prototype.pause = function () {
    this.paused = true;
    this.files.forEach(function (f) {
      if (f.state === 'sending' || f.state === 'waiting') {
        if (f.xhr) { f.xhr.abort(); f.xhr = null; }
        if (f.timer) { clearTimeout(f.timer); f.timer = null; }
        if (f.state === 'sending') { f.state = 'paused'; f.label.textContent = 'Paused'; }
      }
    });
    this.pauseButton.hidden = true;
    this.resumeButton.hidden = false;
    this.resumeButton.focus();
    this.render();
  };

  Uploader.prototype.resume = function () {
    this.paused = false;
    var self = this;
    this.files.forEach(function (f) {
      if (f.state === 'paused') {
        f.state = 'sending';
        if (f.url) { self.locate(f, f.url); } else { self.create(f); }
      }
    });
    this.pauseButton.hidden = false;
    this.resumeButton.hidden = true;
    this.pauseButton.focus();
    this.pump();
  };

  // Speed from the bytes sent over the last ten seconds.
  Uploader.prototype.sample = function () {
    var now = Date.now();
    var sent = this.files.reduce(function (sum, f) { return sum + f.sent; }, 0);
    this.samples.push([now, sent]);
    while (this.samples.length > 2 && now - this.samples[0][0] > 10000) { this.samples.shift(); }
  };

  Uploader.prototype.render = function () {
    var total = 0;
    var sent = 0;
    this.files.forEach(function (f) {
      if (f.state === 'skipped') { return; }
      total += f.file.size;
      sent += f.sent;
      f.bar.value = f.sent;
      if (f.state === 'sending' && !f.timer && f.url) {
        f.label.textContent = Math.floor(100 * f.sent / f.file.size) + '%';
      }
    });
    this.overallBar.max = total || 1;
    this.overallBar.value = sent;
    var words = bytesInWords(sent) + ' of ' + bytesInWords(total);
    var first = this.samples[0];
    var last = this.samples[this.samples.length - 1];
    if (!this.paused && first && last && last[0] > first[0]) {
      var speed = (last[1] - first[1]) * 1000 / (last[0] - first[0]);
      if (speed > 0) {
        words += ' · ' + bytesInWords(speed) + '/s · ' + durationInWords((total - sent) / speed) + ' left';
      }
    }
    if (this.paused) { words += ' · paused'; }
    this.overall.textContent = words;
  };

  // Every file is settled: the records list is read again, with the new records in it.
  Uploader.prototype.finished = function () {
    this.render();
    var done = this.files.filter(function (f) { return f.state === 'stored'; }).length;
    var refused = this.files.filter(function (f) { return f.state === 'refused'; }).length;
    var skipped = this.files.filter(function (f) { return f.state === 'skipped'; }).length;
    var words = 'Done: ' + done + ' stored' + (refused ? ', ' + refused + ' not stored' : '')
      + (skipped ? ', ' + skipped + ' skipped' : '') + '.';
    this.overall.textContent = words;
    this.samples = [];
    this.announce.textContent = words;
    this.pauseButton.hidden = true;
    this.resumeButton.hidden = true;
    var note = this.form.querySelector('[data-upload-interrupted]');
    note.hidden = true;
    if (done === 0) { return; }
    fetch(window.location.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        // The list of records, and what the records checklist says is still needed.
        var page = new DOMParser().parseFromString(html, 'text/html');
        ['#records-list', '#checklist'].forEach(function (selector) {
          var fresh = page.querySelector(selector);
          var here = document.querySelector(selector);
          if (fresh && here) { here.replaceWith(fresh); }
        });
        document.dispatchEvent(new CustomEvent('htmx:afterSettle', { bubbles: true }));
      });
  };

  document.addEventListener('DOMContentLoaded', function () {
    if (!window.XMLHttpRequest || !window.localStorage) { return; }
    document.querySelectorAll('form[data-resumable]').forEach(function (form) {
      new Uploader(form).start();
    });
  });
})();
