/*
 * Progressive enhancement for the prediction form.
 *
 * Without this script the form posts to /predict and the server renders the
 * whole page. With it, the same form is checked as you type (with the server's
 * own messages, from each field's data-msg-* attributes), predictions come from
 * /api/predict and are drawn in place, examples fill the fields without a reload,
 * and when the prediction service is down the page waits for it and retries on
 * its own. The fields are whatever the server rendered from ml_app's contract:
 * number inputs, selects and yes/no radio groups.
 */
(function () {
  'use strict';

  var RECOVERY_POLL_MS = 2000;
  var RECOVERY_MAX_POLLS = 150;

  /** Poll /ready and reload once the service answers: `onReady` runs instead of the reload when given. */
  function pollReady(onReady) {
    var polls = 0;
    var timer = setInterval(function () {
      polls += 1;
      if (polls > RECOVERY_MAX_POLLS) return clearInterval(timer);
      fetch('/ready', { headers: { Accept: 'application/json' } }).then(function (res) {
        if (res.ok && timer) {
          clearInterval(timer);
          timer = null;
          onReady();
        }
      }, function () { /* still down: keep polling */ });
    }, RECOVERY_POLL_MS);
    return function stop() { clearInterval(timer); timer = null; };
  }

  if (document.getElementById('service-down')) {
    pollReady(function () { window.location.reload(); });
    return;
  }

  var form = document.getElementById('measurements');
  var result = document.getElementById('result');
  var button = document.getElementById('predict-button');
  if (!form || !result || !button) return;
  var words = JSON.parse(result.getAttribute('data-words') || '{}');
  var fields = Array.prototype.slice.call(form.querySelectorAll('.field[data-name]'));
  var buttonText = button.textContent;
  var stopRecovery = null;

  /** Create an element with attributes and children (text is always set as text, never as markup). */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  /** The controls of a field: one input or select, or a group's radio buttons. */
  function controls(field) {
    return Array.prototype.slice.call(field.querySelectorAll('input, select'));
  }

  /** The element carrying a field's messages: the fieldset of a radio group, else its one control. */
  function messageHolder(field) {
    return field.tagName === 'FIELDSET' ? field : controls(field)[0];
  }

  /** A field's value as typed or chosen ('' when empty). */
  function valueOf(field) {
    var inputs = controls(field);
    if (inputs[0].type === 'radio') {
      var checked = inputs.filter(function (i) { return i.checked; })[0];
      return checked ? checked.value : '';
    }
    return inputs[0].value;
  }

  /** Why a field's value is not acceptable, worded as the server words it; null when it is fine. */
  function problemWith(field) {
    var holder = messageHolder(field);
    var say = function (key) { return holder.getAttribute('data-msg-' + key); };
    var input = controls(field)[0];
    if (input.type === 'radio') return input.required && valueOf(field) === '' ? say('missing') : null;
    var v = input.validity;
    if (v.badInput) return say('bad');
    if (v.valueMissing) return say('missing');
    if (v.rangeUnderflow) return say('under');
    if (v.rangeOverflow) return say('over');
    if (v.stepMismatch) return say('step');
    return null;
  }

  /** Show (or clear, with null) the message next to one field. */
  function setFieldError(field, message) {
    document.getElementById(field.getAttribute('data-name') + '-error').textContent = message || '';
    field.classList.toggle('has-error', Boolean(message));
    controls(field).forEach(function (input) {
      if (input.type === 'radio') return;
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    });
  }

  /** Check every field; focus the first bad one. Returns true when all are fine. */
  function validateAll() {
    var firstBad = null;
    fields.forEach(function (field) {
      var problem = problemWith(field);
      setFieldError(field, problem);
      if (problem && !firstBad) firstBad = field;
    });
    if (firstBad) controls(firstBad)[0].focus();
    return !firstBad;
  }

  /** A probability 0..1 as a whole percentage. */
  function percent(p) {
    return Math.max(0, Math.min(100, Math.round(Number(p) * 100)));
  }

  /** A predicted number as people read it: the server's formatNumber. */
  function formatNumber(value) {
    var number = Number(value);
    var abs = Math.abs(number);
    var digits = abs >= 1000 ? 0 : abs >= 1 ? 2 : 4;
    return number.toLocaleString('en-US', { maximumFractionDigits: digits });
  }

  /** A classifier's answer: the same markup the server renders. */
  function classParts(data) {
    var predicted = String(data.prediction);
    var rows = Object.keys(data.probabilities).map(function (name) {
      var id = 'bar-' + name.replace(/[^A-Za-z0-9_-]/g, '_');
      var value = percent(data.probabilities[name]);
      return el('li', { class: 'bar-row' + (name === predicted ? ' is-predicted' : '') }, [
        el('span', { class: 'bar-label', id: id }, [name]),
        el('progress', { class: 'bar', max: '100', value: String(value), 'aria-labelledby': id }, [value + '%']),
        el('span', { class: 'bar-value' }, [value + '%']),
      ]);
    });
    var probability = data.probability != null ? data.probability : data.probabilities[predicted];
    var parts = [
      el('p', { class: 'result-kicker' }, ['Predicted ' + words.target]),
      el('p', { class: 'result-class', id: 'result-class' }, [words.class_prefix + predicted]),
      el('p', { class: 'result-confidence' }, [percent(probability) + '% probability']),
    ];
    if (data.notes && data.notes.length) parts.push(noticeView(data.notes));
    return parts.concat([
      el('h3', { class: 'bars-title' }, ['Probability of each ' + words.target]),
      el('ul', { class: 'bars' }, rows),
    ]);
  }

  /** A regressor's answer against the target's training range: the same markup the server renders. */
  function numberParts(data) {
    var value = Number(data.prediction);
    var parts = [
      el('p', { class: 'result-kicker' }, ['Predicted ' + words.target]),
      el('p', { class: 'result-value', id: 'result-value' }, [formatNumber(value)]),
    ];
    if (data.notes && data.notes.length) parts.push(noticeView(data.notes));
    if (words.min == null || words.max == null || !(words.max > words.min)) return parts;
    var span = 'In the training data the ' + words.target_label + ' ran from ' + formatNumber(words.min) + ' to ' + formatNumber(words.max);
    var where = value < words.min ? '; this prediction is below that range.' : value > words.max ? '; this prediction is above that range.' : '.';
    return parts.concat([
      el('h3', { class: 'bars-title', id: 'range-title' }, ['Against the training data']),
      el('div', { class: 'range-row' }, [
        el('span', { class: 'range-end' }, [formatNumber(words.min)]),
        el('meter', { class: 'range', id: 'result-meter', min: String(words.min), max: String(words.max), value: String(value),
          'aria-labelledby': 'range-title', 'aria-describedby': 'range-text' }, [formatNumber(value)]),
        el('span', { class: 'range-end' }, [formatNumber(words.max)]),
      ]),
      el('p', { class: 'range-text', id: 'range-text' }, [span + where]),
    ]);
  }

  /** Draw a prediction into the result panel. */
  function showResult(data) {
    var isClass = data.probabilities != null;
    var parts = isClass ? classParts(data) : numberParts(data);
    parts.push(el('p', { class: 'model-version' }, ['Model version ', el('code', {}, [String(data.model_version || 'unknown')])]));
    result.replaceChildren.apply(result, parts);
    var shown = isClass ? words.class_prefix + data.prediction : words.target + ' ' + formatNumber(data.prediction);
    document.title = shown + ' · ' + words.title;
    revealResult();
  }

  /** The server's plain-words warnings, beside the prediction: the markup the server renders. */
  function noticeView(notes) {
    return el('div', { class: 'notice', id: 'result-notice' }, [
      el('p', { class: 'notice-title' }, [el('span', { 'aria-hidden': 'true' }, ['⚠ ']), words.check_title]),
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
    if (stopRecovery) return;
    stopRecovery = pollReady(function () {
      stopRecovery = null;
      submit();
    });
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
    // ml_app serves another model now: post the form as without JavaScript, and the server
    // answers with the new model's form, what was typed kept where the fields agree.
    if (status === 409) return form.submit();
    var error = (body && body.error) || {};
    var details = error.details || [];
    var bad = details.map(function (d) {
      var field = fields.filter(function (f) { return f.getAttribute('data-name') === d.field; })[0];
      if (field) setFieldError(field, d.problem);
      return field;
    }).filter(Boolean);
    if (status === 400 && bad.length) return controls(bad[0])[0].focus();
    var retryable = status === 502 || status === 503 || status === 504;
    showServiceError(error.message || 'The prediction service is unavailable, try again in a moment.', retryable);
    if (retryable) waitForRecovery();
  }

  /** Validate, then ask /api/predict and update the page in place. */
  function submit() {
    if (!validateAll()) return;
    var values = {};
    fields.forEach(function (field) {
      var value = valueOf(field);
      var isNumber = controls(field)[0].type === 'number';
      values[field.getAttribute('data-name')] = value === '' ? null : isNumber ? Number(value) : value;
    });
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

  /** A preset's value as the field shows it: a number to the input's step (6 -> "6.0" for 0.1), others as written. */
  function shown(input, value) {
    if (value === null || value === undefined) return '';
    var step = Number(input.getAttribute('step'));
    if (input.type === 'number' && step > 0 && typeof value === 'number') {
      return value.toFixed(Math.max(0, Math.round(-Math.log10(step))));
    }
    return String(value);
  }

  /** Fill the fields from an example row. */
  function applyPreset(link) {
    var values = JSON.parse(link.getAttribute('data-values'));
    fields.forEach(function (field) {
      var value = values[field.getAttribute('data-name')];
      controls(field).forEach(function (input) {
        if (input.type === 'radio') input.checked = input.value === shown(input, value);
        else input.value = shown(input, value);
      });
      setFieldError(field, null);
    });
    button.focus();
  }

  form.noValidate = true;
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (stopRecovery) {
      stopRecovery();
      stopRecovery = null;
    }
    submit();
  });
  fields.forEach(function (field) {
    controls(field).forEach(function (input) {
      input.addEventListener('blur', function () { if (valueOf(field) !== '') setFieldError(field, problemWith(field)); });
      input.addEventListener(input.tagName === 'SELECT' || input.type === 'radio' ? 'change' : 'input', function () {
        if (!problemWith(field)) setFieldError(field, null);
      });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('a.preset'), function (link) {
    link.addEventListener('click', function (event) {
      event.preventDefault();
      applyPreset(link);
    });
  });
})();
