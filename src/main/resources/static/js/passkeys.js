// Passkeys (WebAuthn) for forms marked data-passkey="create" (add one) or data-passkey="get" (sign in or confirm with
// one). On submit: ask the server for the ceremony's options (data-options, a POST with the form's CSRF token), let
// the browser and the device do the ceremony, put the answer (JSON) in the form's hidden "credential" field, and send
// the form as usual. The server checks everything; this file only carries bytes between the server and the device.
(function () {
  'use strict';

  function fromBase64url(text) {
    var base64 = text.replace(/-/g, '+').replace(/_/g, '/');
    var binary = atob(base64 + '==='.slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function descriptors(list) {
    return (list || []).map(function (d) {
      return { type: d.type, id: fromBase64url(d.id), transports: d.transports };
    });
  }

  // The server's JSON options as the WebAuthn API takes them (what parse*OptionsFromJSON does, where it exists).
  function creationOptions(json) {
    if (PublicKeyCredential.parseCreationOptionsFromJSON) {
      return PublicKeyCredential.parseCreationOptionsFromJSON(json);
    }
    var o = Object.assign({}, json);
    o.challenge = fromBase64url(json.challenge);
    o.user = Object.assign({}, json.user, { id: fromBase64url(json.user.id) });
    o.excludeCredentials = descriptors(json.excludeCredentials);
    return o;
  }

  function requestOptions(json) {
    if (PublicKeyCredential.parseRequestOptionsFromJSON) {
      return PublicKeyCredential.parseRequestOptionsFromJSON(json);
    }
    var o = Object.assign({}, json);
    o.challenge = fromBase64url(json.challenge);
    o.allowCredentials = descriptors(json.allowCredentials);
    return o;
  }

  // The device's answer as JSON, with only the fields the server reads.
  function answer(credential) {
    var r = credential.response;
    var response = { clientDataJSON: toBase64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toBase64url(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = toBase64url(r.authenticatorData);
      response.signature = toBase64url(r.signature);
      if (r.userHandle) {
        response.userHandle = toBase64url(r.userHandle);
      }
    }
    return JSON.stringify({
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: response,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
      authenticatorAttachment: credential.authenticatorAttachment || undefined
    });
  }

  function show(form, selector, message) {
    var box = form.querySelector(selector);
    if (box) {
      box.textContent = message || '';
      box.hidden = !message;
    }
  }

  function showError(form, message) {
    show(form, '[data-passkey-error]', message);
  }

  // While the device is asked: say so (a screen reader hears it), and let the person stop waiting.
  function waiting(form, controller) {
    var cancel = form.querySelector('[data-passkey-cancel]');
    if (controller) {
      show(form, '[data-passkey-status]', 'Waiting for your device: it may ask for your fingerprint, your face or ' +
        'its PIN.');
      showError(form, '');
      if (cancel) {
        cancel.hidden = false;
        cancel.onclick = function () { controller.abort(); };
      }
    } else {
      show(form, '[data-passkey-status]', '');
      if (cancel) {
        cancel.hidden = true;
        cancel.onclick = null;
      }
    }
  }

  function start(form, event) {
    event.preventDefault();
    var kind = form.getAttribute('data-passkey');
    var button = form.querySelector('button[type=submit]');
    var csrf = form.querySelector('input[name=_csrf]');
    var body = new URLSearchParams();
    if (csrf) {
      body.set('_csrf', csrf.value);
    }
    if (button) {
      button.disabled = true;
    }
    var controller = window.AbortController ? new AbortController() : null;
    fetch(form.getAttribute('data-options'), {
      method: 'POST', body: body, credentials: 'same-origin', headers: { 'Accept': 'application/json' }
    }).then(function (response) {
      if (response.redirected) {
        // Refused for an old sign-in: the confirmation page, which returns here.
        window.location.assign(response.url);
        throw null;
      }
      if (!response.ok) {
        throw new Error(response.status === 429 ? 'Too many tries from here: wait a few minutes.'
          : 'The passkey could not be started. Reload the page and try again.');
      }
      return response.json();
    }).then(function (json) {
      waiting(form, controller);
      var signal = controller ? { signal: controller.signal } : {};
      return kind === 'create'
        ? navigator.credentials.create(Object.assign({ publicKey: creationOptions(json) }, signal))
        : navigator.credentials.get(Object.assign({ publicKey: requestOptions(json) }, signal));
    }).then(function (credential) {
      waiting(form, null);
      form.querySelector('input[name=credential]').value = answer(credential);
      form.submit();
    }).catch(function (error) {
      waiting(form, null);
      if (button) {
        button.disabled = false;
      }
      if (error === null) {
        return;
      }
      if (error && (error.name === 'NotAllowedError' || error.name === 'AbortError')) {
        showError(form, 'No passkey was used: the request was cancelled or timed out. Try again when ready.');
      } else if (error && error.name === 'InvalidStateError') {
        showError(form, 'This device already holds one of your passkeys.');
      } else {
        showError(form, (error && error.message) || 'The passkey did not work. Try again.');
      }
    });
  }

  function init() {
    var forms = document.querySelectorAll('form[data-passkey]');
    for (var i = 0; i < forms.length; i++) {
      var form = forms[i];
      if (!window.PublicKeyCredential || !navigator.credentials) {
        form.hidden = true;
        var note = document.querySelector('[data-passkey-unsupported]');
        if (note) {
          note.hidden = false;
        }
        continue;
      }
      form.addEventListener('submit', start.bind(null, form));
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
