/*
 * Progressive enhancement for the prediction form.
 *
 * Without this script the form posts to /predict and the server renders the
 * whole page. With it, the same form is checked as you type, predictions come
 * from /api/predict and are drawn in place, example flowers fill the fields
 * without a reload, and when the prediction service is down the page waits
 * for it and retries on its own.
 */
(function () {
  'use strict';

  var RECOVERY_POLL_MS = 2000;
  var RECOVERY_MAX_POLLS = 150;

  var form = document.getElementById('measurements');
  var result = document.getElementById('result');
  var button = document.getElementById('predict-button');
  if (!form || !result || !button) return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll('input[type=number]'));
  var buttonText = button.textContent;
  var recovery = null;

  /** Create an element with attributes and children (text is always set as text, never as markup). */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  /** The label text of an input without its unit, e.g. "sepal length". */
  function fieldName(input) {
    var label = form.querySelector('label[for="' + input.id + '"]');
    return label.firstChild.textContent.trim().toLowerCase();
  }

  /** Why an input's value is not acceptable, worded as the server words it; null when it is fine. */
  function problemWith(input) {
    var v = input.validity;
    if (v.badInput) return 'Enter a number, for example ' + input.placeholder + '.';
    if (v.valueMissing) return 'Enter the ' + fieldName(input) + ' in cm.';
    if (v.rangeUnderflow) return 'Must be at least ' + input.min + ' cm.';
    if (v.rangeOverflow) return 'Must be at most ' + input.max + ' cm.';
    if (v.stepMismatch) return 'Use at most one decimal place (millimetres), for example ' + input.placeholder + '.';
    return null;
  }

  /** Show (or clear, with null) the message next to one field. */
  function setFieldError(input, message) {
    document.getElementById(input.id + '-error').textContent = message || '';
    input.parentNode.classList.toggle('has-error', Boolean(message));
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  /** Check every field; focus the first bad one. Returns true when all are fine. */
  function validateAll() {
    var firstBad = null;
    inputs.forEach(function (input) {
      var problem = problemWith(input);
      setFieldError(input, problem);
      if (problem && !firstBad) firstBad = input;
    });
    if (firstBad) firstBad.focus();
    return !firstBad;
  }

  /** A probability 0..1 as a whole percentage. */
  function percent(p) {
    return Math.max(0, Math.min(100, Math.round(Number(p) * 100)));
  }

  /** Draw a prediction into the result panel: the same markup the server renders. */
  function showResult(data) {
    var rows = Object.keys(data.probabilities).map(function (name) {
      var id = 'bar-' + name.replace(/[^A-Za-z0-9_-]/g, '_');
      var value = percent(data.probabilities[name]);
      return el('li', { class: 'bar-row' + (name === data.prediction ? ' is-predicted' : '') }, [
        el('span', { class: 'bar-label', id: id }, [name]),
        el('progress', { class: 'bar', max: '100', value: String(value), 'aria-labelledby': id }, [value + '%']),
        el('span', { class: 'bar-value' }, [value + '%']),
      ]);
    });
    var probability = data.probability != null ? data.probability : data.probabilities[data.prediction];
    var parts = [
      el('p', { class: 'result-kicker' }, ['Predicted species']),
      el('p', { class: 'result-class', id: 'result-class' }, ['Iris ' + data.prediction]),
      el('p', { class: 'result-confidence' }, [percent(probability) + '% probability']),
    ];
    if (data.notes && data.notes.length) parts.push(noticeView(data.notes));
    result.replaceChildren.apply(result, parts.concat([
      el('h3', { class: 'bars-title' }, ['Probability of each species']),
      el('ul', { class: 'bars' }, rows),
      el('p', { class: 'model-version' }, ['Model version ', el('code', {}, [String(data.model_version || 'unknown')])]),
    ]));
    document.title = 'Iris ' + data.prediction + ' · Iris species predictor';
    revealResult();
  }

  /** The server's plain-words warnings, beside the prediction: the markup the server renders. */
  function noticeView(notes) {
    return el('div', { class: 'notice', id: 'result-notice' }, [
      el('p', { class: 'notice-title' }, [el('span', { 'aria-hidden': 'true' }, ['⚠ ']), 'Check the measurements']),
      el('ul', { class: 'notice-list' }, notes.map(function (note) { return el('li', {}, [String(note)]); })),
    ]);
  }

  /** On a narrow screen the result is below the form: bring it into view. */
  function revealResult() {
    var panel = result.parentNode;
    if (panel.getBoundingClientRect().top > window.innerHeight) panel.scrollIntoView({ block: 'nearest' });
  }

  /** Show a failure in the result panel; `waiting` adds that the page retries by itself. */
  function showServiceError(message, waiting) {
    var children = [el('p', { class: 'alert-title' }, ['Prediction failed']), el('p', { class: 'alert-message' }, [message])];
    if (waiting) children.push(el('p', { class: 'alert-note' }, ['This page will try again as soon as the service is back.']));
    result.replaceChildren(el('div', { class: 'alert', role: 'alert' }, children));
    revealResult();
  }

  /** Poll /ready after a service failure and resubmit once it answers again. */
  function waitForRecovery() {
    if (recovery) return;
    var polls = 0;
    recovery = setInterval(function () {
      polls += 1;
      if (polls > RECOVERY_MAX_POLLS) return stopRecovery();
      fetch('/ready', { headers: { Accept: 'application/json' } }).then(function (res) {
        if (res.ok && recovery) {
          stopRecovery();
          submit();
        }
      }, function () { /* still down: keep polling */ });
    }, RECOVERY_POLL_MS);
  }

  function stopRecovery() {
    clearInterval(recovery);
    recovery = null;
  }

  /** Mark the form busy while a prediction is on its way. */
  function setBusy(busy) {
    button.disabled = busy;
    button.textContent = busy ? 'Predicting…' : buttonText;
    result.setAttribute('aria-busy', busy ? 'true' : 'false');
  }

  /** Handle the web app's answer: a result, field errors, or a service failure. */
  function handleAnswer(status, body) {
    if (status === 200) return showResult(body);
    var error = (body && body.error) || {};
    var details = error.details || [];
    var fieldInputs = details.map(function (d) {
      var input = inputs.filter(function (i) { return i.name === d.field; })[0];
      if (input) setFieldError(input, d.problem);
      return input;
    }).filter(Boolean);
    if (status === 400 && fieldInputs.length) return fieldInputs[0].focus();
    var retryable = status === 502 || status === 503 || status === 504;
    showServiceError(error.message || 'The prediction service is unavailable, try again in a moment.', retryable);
    if (retryable) waitForRecovery();
  }

  /** Validate, then ask /api/predict and update the page in place. */
  function submit() {
    if (!validateAll()) return;
    var values = {};
    inputs.forEach(function (input) { values[input.name] = Number(input.value); });
    setBusy(true);
    fetch('/api/predict', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(values),
    }).then(function (res) {
      return res.json().then(function (body) { handleAnswer(res.status, body); }, function () { handleAnswer(res.status, null); });
    }, function () {
      showServiceError('The web app could not be reached. Check your connection and try again.', false);
    }).then(function () { setBusy(false); });
  }

  /** Fill the fields from an example flower. */
  function applyPreset(link) {
    var values = JSON.parse(link.getAttribute('data-values'));
    inputs.forEach(function (input) {
      input.value = Number(values[input.name]).toFixed(1);
      setFieldError(input, null);
    });
    button.focus();
  }

  form.noValidate = true;
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    stopRecovery();
    submit();
  });
  inputs.forEach(function (input) {
    input.addEventListener('blur', function () { if (input.value !== '') setFieldError(input, problemWith(input)); });
    input.addEventListener('input', function () { if (!problemWith(input)) setFieldError(input, null); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('a.preset'), function (link) {
    link.addEventListener('click', function (event) {
      event.preventDefault();
      applyPreset(link);
    });
  });
})();
