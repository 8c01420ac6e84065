'use strict';
/**
 * The pages, as functions from data to SafeHtml.
 *
 * The same markup serves both ways of using the app: without JavaScript the
 * server renders the result or the errors into it; with JavaScript public/app.js
 * fills the same elements in place. Every value goes through `html`, which
 * escapes it. The fields, presets and words come from the form ml_app's contract
 * describes (lib/contract.js).
 */
const { html } = require('./escape');
const { formatValue, messages } = require('./fields');

/** The words of a page drawn before any model is known (ml_app not reachable yet). */
const NO_MODEL_COPY = Object.freeze({
  title: 'Prediction service', logo: null, lede: 'A form for the model the prediction service serves.',
  footer: 'Predictions are a model\'s best guess from the data it was trained on.',
});

/** The whole document around a main section; the skip link goes to the form when there is one. */
function layout({ title, copy = NO_MODEL_COPY, body, hasForm = false }) {
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
${hasForm ? html`<a class="skip-link" href="#measurements">Skip to the form</a>` : html`<a class="skip-link" href="#main">Skip to the content</a>`}
<header class="site-header">
  <div class="wrap">
    <h1>${copy.logo ? html`<span class="logo" aria-hidden="true">${copy.logo}</span> ` : ''}${copy.title}</h1>
    <p class="lede">${copy.lede}</p>
  </div>
</header>
<main class="wrap" id="main">
${body}
</main>
<footer class="site-footer wrap">
  <p>${copy.footer}</p>
</footer>
</body>
</html>`;
}

/** The messages of a field as data attributes, so the browser script words its checks as the server does. */
function messageAttributes(field) {
  return Object.entries(messages(field)).map(([key, text]) => html` data-msg-${key}="${text}"`);
}

/**
 * The hint under a field: a curated form range says it all (Iris: "From 1 to 100 cm");
 * otherwise the field's description and the range it had in training.
 */
function hintText(field) {
  const unit = field.unit ? ` ${field.unit}` : '';
  if (field.formRange) return `From ${field.min} to ${field.max}${unit}`;
  const parts = [];
  if (field.description) parts.push(field.description.replace(/\.$/, ''));
  if (field.training) parts.push(`In the training data: ${field.training.min} to ${field.training.max}${unit}`);
  if (!field.required) parts.push('Optional: leave it empty if not known');
  return parts.join('. ');
}

/** The label's text and unit. */
function labelText(field) {
  return html`${field.label}${field.unit ? html` <span class="unit">(${field.unit})</span>` : ''}`;
}

/** A number input with the field's limits. */
function numberInput(field, value, error, describedBy) {
  const step = field.step ?? 'any';
  const min = field.min ?? field.exclusiveMin;
  return html`<input id="${field.name}" name="${field.name}" type="number" inputmode="${field.kind === 'integer' ? 'numeric' : 'decimal'}"
    ${min !== undefined ? html`min="${min}" ` : ''}${field.max !== undefined ? html`max="${field.max}" ` : ''}step="${step}" placeholder="${field.placeholder}"
    value="${value}"${field.required ? html` required` : ''} aria-describedby="${describedBy}"${error ? html` aria-invalid="true"` : ''}${messageAttributes(field)}>`;
}

/** A select of a category's values, as the data writes them. */
function selectInput(field, value, error, describedBy) {
  const empty = field.required ? 'Choose…' : 'Not known';
  const known = field.options.some((option) => String(option.value) === value);
  return html`<select id="${field.name}" name="${field.name}"${field.required ? html` required` : ''} aria-describedby="${describedBy}"${error ? html` aria-invalid="true"` : ''}${messageAttributes(field)}>
    <option value=""${known ? '' : html` selected`}>${empty}</option>
    ${field.options.map((option) => html`<option value="${String(option.value)}"${String(option.value) === value ? html` selected` : ''}>${option.text}</option>`)}
  </select>`;
}

/** One labelled input with its hint and, when there is one, its error. */
function fieldView(field, value, error) {
  const hint = hintText(field);
  const hintId = `${field.name}-hint`;
  const errorId = `${field.name}-error`;
  const describedBy = hint ? `${hintId} ${errorId}` : errorId;
  if (field.kind === 'boolean') return booleanView(field, value, error, hint);
  const control = field.kind === 'category' ? selectInput(field, value, error, describedBy) : numberInput(field, value, error, describedBy);
  return html`<div class="field${error ? ' has-error' : ''}" data-name="${field.name}">
  <label for="${field.name}">${labelText(field)}</label>
  ${control}
  ${hint ? html`<p class="hint" id="${hintId}">${hint}</p>` : ''}
  <p class="error" id="${errorId}">${error}</p>
</div>`;
}

/** Yes or no (and "not known" when the model imputes it): radio buttons in a fieldset named by its legend. */
function booleanView(field, value, error, hint) {
  const choices = field.options.map((option) => ({ value: String(option.value), text: option.text }));
  if (!field.required) choices.push({ value: '', text: 'Not known' });
  const describedBy = hint ? `${field.name}-hint ${field.name}-error` : `${field.name}-error`;
  return html`<fieldset class="field choice${error ? ' has-error' : ''}" data-name="${field.name}" aria-describedby="${describedBy}"${messageAttributes(field)}>
  <legend>${labelText(field)}</legend>
  ${choices.map((choice, i) => html`<label class="choice-option"><input type="radio" id="${field.name}-${i}" name="${field.name}" value="${choice.value}"${choice.value === value ? html` checked` : ''}${field.required ? html` required` : ''}> ${choice.text}</label>`)}
  ${hint ? html`<p class="hint" id="${field.name}-hint">${hint}</p>` : ''}
  <p class="error" id="${field.name}-error">${error}</p>
</fieldset>`;
}

/** A preset's value as people read it: a yes/no as its choice's words ("Yes"), others as the form shows them. */
function shownValue(field, value) {
  const option = field.kind === 'boolean' && field.options.find((o) => o.value === value);
  return option ? option.text : formatValue(field, value);
}

/** The example rows: links that prefill the form, even without JavaScript. */
function presetsView(form) {
  if (!form.presets.length) return '';
  const byName = Object.fromEntries(form.fields.map((field) => [field.name, field]));
  return html`<div class="presets">
  <p class="presets-title" id="presets-title">${form.copy.presets_title}</p>
  <ul aria-labelledby="presets-title">
    ${form.presets.map((preset) => html`<li><a class="preset" href="/?preset=${encodeURIComponent(preset.id)}#measurements"
      data-values="${JSON.stringify(preset.values)}">${preset.label}
      <span class="preset-values">${Object.entries(preset.values).map(([name, v]) => shownValue(byName[name], v)).join(' · ')}</span></a></li>`)}
  </ul>
</div>`;
}

/** The form: what was typed stays, errors sit next to their field. */
function formView(form, { raw = {}, errors = {} }) {
  return html`<section class="card form-card" aria-labelledby="measurements-title">
  <h2 id="measurements-title">${form.copy.form_title}</h2>
  <form id="measurements" class="measurements" method="post" action="/predict">
    <div class="fields">
      ${form.fields.map((field) => fieldView(field, raw[field.name] ?? '', errors[field.name]))}
    </div>
    <div class="actions">
      <button type="submit" class="primary" id="predict-button">${form.copy.button}</button>
      <a class="secondary" href="/" id="clear-button">Clear</a>
    </div>
  </form>
  ${presetsView(form)}
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
function noticeView(notes, copy) {
  if (!notes || !notes.length) return '';
  return html`<div class="notice" id="result-notice">
  <p class="notice-title"><span aria-hidden="true">⚠ </span>${copy.check_title}</p>
  <ul class="notice-list">${notes.map((note) => html`<li>${note}</li>`)}</ul>
</div>`;
}

/** A classifier's answer: the class in large type, any warning, every class's bar. */
function classContent(result, form) {
  const { copy } = form;
  const entries = Object.entries(result.probabilities);
  const predicted = String(result.prediction);
  const probability = result.probability ?? result.probabilities[predicted];
  return html`<p class="result-kicker">Predicted ${copy.target}</p>
<p class="result-class" id="result-class">${copy.class_prefix}${predicted}</p>
<p class="result-confidence">${toPercent(probability)}% probability</p>
${noticeView(result.notes, copy)}
<h3 class="bars-title">Probability of each ${copy.target}</h3>
<ul class="bars">
  ${entries.map(([name, p]) => barView(name, p, name === predicted))}
</ul>`;
}

/** Where a regressor's number lies against the target's training range, in words. */
function rangeText(value, target) {
  const span = `In the training data the ${target.label} ran from ${formatNumber(target.min)} to ${formatNumber(target.max)}`;
  if (value < target.min) return `${span}; this prediction is below that range.`;
  if (value > target.max) return `${span}; this prediction is above that range.`;
  return `${span}.`;
}

/** A regressor's answer: the number in large type, any warning, and where it lies in the target's training range. */
function numberContent(result, form) {
  const { copy, target } = form;
  const value = result.prediction;
  const hasRange = target.min !== undefined && target.max !== undefined && target.max > target.min;
  return html`<p class="result-kicker">Predicted ${copy.target}</p>
<p class="result-value" id="result-value">${formatNumber(value)}</p>
${noticeView(result.notes, copy)}
${hasRange ? html`<h3 class="bars-title" id="range-title">Against the training data</h3>
<div class="range-row">
  <span class="range-end">${formatNumber(target.min)}</span>
  <meter class="range" id="result-meter" min="${target.min}" max="${target.max}" value="${value}" aria-labelledby="range-title" aria-describedby="range-text">${formatNumber(value)}</meter>
  <span class="range-end">${formatNumber(target.max)}</span>
</div>
<p class="range-text" id="range-text">${rangeText(value, target)}</p>` : ''}`;
}

/** The prediction, a classifier's or a regressor's, and the model version. */
function resultContent(result, form) {
  const content = result.probabilities ? classContent(result, form) : numberContent(result, form);
  return html`${content}
<p class="model-version">Model version <code>${result.model_version ?? 'unknown'}</code></p>`;
}

/** The message shown when ml_app could not answer. */
function serviceErrorContent(message) {
  return html`<div class="alert" role="alert"><p class="alert-title">Prediction failed</p><p class="alert-message">${message}</p></div>`;
}

/** Before any prediction: say what will appear here. */
function emptyContent(copy) {
  return html`<p class="placeholder">${copy.empty} <strong>${copy.button}</strong>. The result appears here.</p>`;
}

/** The result panel, whichever of its three states it is in; its data attributes carry the words the browser script needs. */
function resultPanel(form, { result, serviceError }) {
  const { copy, target } = form;
  let content = emptyContent(copy);
  if (result) content = resultContent(result, form);
  else if (serviceError) content = serviceErrorContent(serviceError);
  const words = { target: copy.target, class_prefix: copy.class_prefix, check_title: copy.check_title, title: copy.title,
    target_label: target.label, min: target.min, max: target.max };
  return html`<section class="card result-card" aria-labelledby="result-title">
  <h2 id="result-title">Result</h2>
  <div id="result" class="result" aria-live="polite" data-words="${JSON.stringify(words)}">${content}</div>
</section>`;
}

/** The title of the page: the prediction first when there is one. */
function pageTitle(form, result) {
  if (!result) return form.copy.title;
  const shown = result.probabilities ? `${form.copy.class_prefix}${result.prediction}` : `${form.copy.target} ${formatNumber(result.prediction)}`;
  return `${shown} · ${form.copy.title}`;
}

/** The one page of the app, in any state. */
function page(form, { raw, errors, result, serviceError } = {}) {
  return layout({
    title: pageTitle(form, result),
    copy: form.copy,
    hasForm: true,
    body: html`<div class="grid">${formView(form, { raw, errors })}${resultPanel(form, { result, serviceError })}</div>`,
  });
}

/** The page when no form can be drawn yet: ml_app has not answered since this app started. */
function serviceDownPage(message) {
  return layout({
    title: 'Prediction service unavailable',
    body: html`<section class="card" id="service-down" aria-labelledby="service-down-title">
  <h2 id="service-down-title">The form is not available yet</h2>
  <div class="alert" role="alert"><p class="alert-title">No answer from the prediction service</p><p class="alert-message">${message}</p></div>
  <p>This page asks the service which inputs its model takes. <a href="/">Try again</a>; with JavaScript on, it reloads by itself when the service is back.</p>
</section>`,
  });
}

/** A small page for 404 and unexpected errors, in the site's style. */
function messagePage(title, message, copy) {
  return layout({ title, copy, body: html`<section class="card"><h2>${title}</h2><p>${message}</p><p><a href="/">Back to the form</a></p></section>` });
}

/** A predicted number as people read it: 27.3, 4,206, 0.0123. */
function formatNumber(value) {
  const number = Number(value);
  const abs = Math.abs(number);
  const digits = abs >= 1000 ? 0 : abs >= 1 ? 2 : 4;
  return number.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** Probability 0..1 as a whole percentage, clamped. */
function toPercent(probability) {
  return Math.max(0, Math.min(100, Math.round(Number(probability) * 100)));
}

module.exports = { page, messagePage, serviceDownPage, formatNumber };
