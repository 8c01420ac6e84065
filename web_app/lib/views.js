'use strict';
/**
 * The pages, as functions from data to SafeHtml.
 *
 * The same markup serves both ways of using the app: without JavaScript the
 * server renders the result or the errors into it; with JavaScript public/app.js
 * fills the same elements in place. Every value goes through `html`, which
 * escapes it.
 */
const { html } = require('./escape');
const { FIELDS, PRESETS } = require('./fields');

/** The whole document around a main section. */
function layout({ title, body }) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/style.css">
<script src="/static/app.js" defer></script>
</head>
<body>
<a class="skip-link" href="#measurements">Skip to the form</a>
<header class="site-header">
  <div class="wrap">
    <h1><span class="logo" aria-hidden="true">✿</span> Iris species predictor</h1>
    <p class="lede">Measure a flower's sepals and petals, and a trained model tells you which of three Iris species it most likely is.</p>
  </div>
</header>
<main class="wrap">
${body}
</main>
<footer class="site-footer wrap">
  <p>Trained on Fisher's Iris data set (150 flowers, 3 species). Predictions are a model's best guess, not a botanist's.</p>
</footer>
</body>
</html>`;
}

/** One labelled number input with its hint and, when there is one, its error. */
function fieldView(field, value, error) {
  const hintId = `${field.name}-hint`;
  const errorId = `${field.name}-error`;
  return html`<div class="field${error ? ' has-error' : ''}">
  <label for="${field.name}">${field.label} <span class="unit">(cm)</span></label>
  <input id="${field.name}" name="${field.name}" type="number" inputmode="decimal"
    min="${field.min}" max="${field.max}" step="${field.step}" placeholder="${field.placeholder}"
    value="${value}" required aria-describedby="${hintId} ${errorId}"${error ? html` aria-invalid="true"` : ''}>
  <p class="hint" id="${hintId}">From ${field.min} to ${field.max} cm</p>
  <p class="error" id="${errorId}">${error}</p>
</div>`;
}

/** The example flowers: links that prefill the form, even without JavaScript. */
function presetsView() {
  return html`<div class="presets">
  <p class="presets-title" id="presets-title">Try an example flower</p>
  <ul aria-labelledby="presets-title">
    ${PRESETS.map((preset) => html`<li><a class="preset" href="/?preset=${preset.id}#measurements"
      data-values="${JSON.stringify(preset.values)}">${preset.label}
      <span class="preset-values">${Object.values(preset.values).map(oneDecimal).join(' · ')}</span></a></li>`)}
  </ul>
</div>`;
}

/** The form: what was typed stays, errors sit next to their field. */
function formView({ raw = {}, errors = {} }) {
  return html`<section class="card form-card" aria-labelledby="measurements-title">
  <h2 id="measurements-title">Measurements</h2>
  <form id="measurements" class="measurements" method="post" action="/predict">
    <div class="fields">
      ${FIELDS.map((field) => fieldView(field, raw[field.name] ?? '', errors[field.name]))}
    </div>
    <div class="actions">
      <button type="submit" class="primary" id="predict-button">Predict species</button>
      <a class="secondary" href="/" id="clear-button">Clear</a>
    </div>
  </form>
  ${presetsView()}
</section>`;
}

/** One class's probability as a labelled bar with its percentage. */
function barView(name, probability, isPredicted) {
  const percent = toPercent(probability);
  const id = `bar-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return html`<li class="bar-row${isPredicted ? ' is-predicted' : ''}">
  <span class="bar-label" id="${id}">${name}</span>
  <progress class="bar" max="100" value="${percent}" aria-labelledby="${id}">${percent}%</progress>
  <span class="bar-value">${percent}%</span>
</li>`;
}

/** ml_app's warnings in plain words, beside the prediction (which stays shown). */
function noticeView(notes) {
  if (!notes || !notes.length) return '';
  return html`<div class="notice" id="result-notice">
  <p class="notice-title"><span aria-hidden="true">⚠ </span>Check the measurements</p>
  <ul class="notice-list">${notes.map((note) => html`<li>${note}</li>`)}</ul>
</div>`;
}

/** The prediction: the class in large type, any warning, every class's bar, the model version. */
function resultContent(result) {
  const entries = Object.entries(result.probabilities);
  const probability = result.probability ?? result.probabilities[result.prediction];
  return html`<p class="result-kicker">Predicted species</p>
<p class="result-class" id="result-class">Iris ${result.prediction}</p>
<p class="result-confidence">${toPercent(probability)}% probability</p>
${noticeView(result.notes)}
<h3 class="bars-title">Probability of each species</h3>
<ul class="bars">
  ${entries.map(([name, p]) => barView(name, p, name === result.prediction))}
</ul>
<p class="model-version">Model version <code>${result.model_version ?? 'unknown'}</code></p>`;
}

/** The message shown when ml_app could not answer. */
function serviceErrorContent(message) {
  return html`<div class="alert" role="alert"><p class="alert-title">Prediction failed</p><p class="alert-message">${message}</p></div>`;
}

/** Before any prediction: say what will appear here. */
function emptyContent() {
  return html`<p class="placeholder">Enter the four measurements, or pick an example flower, then press <strong>Predict species</strong>. The result appears here.</p>`;
}

/** The result panel, whichever of its three states it is in. */
function resultPanel({ result, serviceError }) {
  let content = emptyContent();
  if (result) content = resultContent(result);
  else if (serviceError) content = serviceErrorContent(serviceError);
  return html`<section class="card result-card" aria-labelledby="result-title">
  <h2 id="result-title">Result</h2>
  <div id="result" class="result" aria-live="polite">${content}</div>
</section>`;
}

/** The one page of the app, in any state. */
function page({ raw, errors, result, serviceError } = {}) {
  const title = result ? `Iris ${result.prediction} · Iris species predictor` : 'Iris species predictor';
  return layout({
    title,
    body: html`<div class="grid">${formView({ raw, errors })}${resultPanel({ result, serviceError })}</div>`,
  });
}

/** A small page for 404 and unexpected errors, in the site's style. */
function messagePage(title, message) {
  return layout({ title, body: html`<section class="card"><h2>${title}</h2><p>${message}</p><p><a href="/">Back to the form</a></p></section>` });
}

/** A measurement as a person writes it, in cm to the millimetre: 6 -> "6.0". */
function oneDecimal(value) {
  return Number(value).toFixed(1);
}

/** Probability 0..1 as a whole percentage, clamped. */
function toPercent(probability) {
  return Math.max(0, Math.min(100, Math.round(Number(probability) * 100)));
}

module.exports = { page, messagePage, oneDecimal };
