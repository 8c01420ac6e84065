'use strict';
/**
 * ml_app's input contract (GET /model, artifact format 2: docs/model-artifact.md) read
 * into what the form needs: one field per input, the example rows as presets, the
 * target, and the page's words.
 *
 * Nothing here knows a model: every name, kind, range and example comes from ml_app
 * at run time, so a new model needs no web_app rebuild. The one exception is words:
 * when ml_app serves the Iris model (model_name "iris"), the page keeps the curated
 * Iris wording of contract/iris.json ("page"); any other model gets words made from
 * its own contract.
 */
const IRIS = require('../../contract/iris.json');

const KINDS = new Set(['number', 'integer', 'category', 'boolean']);
const TASKS = new Set(['classification', 'regression']);

/** A contract this app cannot draw a form from; `detail` goes to the log. */
class ContractError extends Error {}

/** `snake_case` or `kebab-case` as words: "bill_length_mm" -> "bill length mm". */
function humanize(name) {
  return String(name).replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** First letter upper case. */
function capitalize(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/** A URL-safe id for an example: "Chinstrap" -> "chinstrap"; unique within `taken`. */
function presetId(label, index, taken) {
  const base = String(label).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || `example-${index + 1}`;
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** A finite number or undefined. */
function finite(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The checks and the widget of one number or integer input. */
function numberField(input) {
  const form = input.form ?? {};
  const accept = input.accept ?? {};
  const integer = input.kind === 'integer';
  const quantiles = input.quantiles ?? {};
  const median = finite(quantiles['0.5']);
  return {
    min: finite(form.min) ?? finite(accept.minimum),
    exclusiveMin: finite(form.min) === undefined ? finite(accept.exclusive_minimum) : undefined,
    max: finite(form.max) ?? finite(accept.maximum),
    step: finite(form.step) ?? (integer ? 1 : undefined),
    placeholder: form.placeholder !== undefined ? String(form.placeholder) : (median !== undefined ? String(median) : ''),
    formRange: finite(form.min) !== undefined && finite(form.max) !== undefined,
    training: finite(input.min) !== undefined && finite(input.max) !== undefined ? { min: input.min, max: input.max } : null,
  };
}

/** The choices of a category or boolean input: [{value, text}], value as the data writes it. */
function options(input) {
  if (input.kind === 'boolean') return [{ value: true, text: 'Yes' }, { value: false, text: 'No' }];
  if (!Array.isArray(input.values) || input.values.length === 0) {
    throw new ContractError(`input ${input.name}: a category without values`);
  }
  return input.values.map((value) => ({ value, text: String(value) }));
}

/** One input of the contract as a form field. */
function asField(input) {
  if (!input || typeof input.name !== 'string' || !input.name) throw new ContractError('an input without a name');
  if (!KINDS.has(input.kind)) throw new ContractError(`input ${input.name}: unknown kind ${JSON.stringify(input.kind)}`);
  const field = {
    name: input.name,
    kind: input.kind,
    label: typeof input.label === 'string' && input.label ? input.label : capitalize(humanize(input.name)),
    unit: typeof input.unit === 'string' && input.unit ? input.unit : null,
    description: typeof input.description === 'string' && input.description ? input.description : null,
    required: input.missing !== true,
  };
  if (input.kind === 'number' || input.kind === 'integer') return Object.freeze({ ...field, ...numberField(input) });
  return Object.freeze({ ...field, options: options(input), unknown: input.unknown === 'warn' ? 'warn' : 'error' });
}

/** The target: its words and, for a regressor, its training range. */
function asTarget(task, target, classNames) {
  const name = target && typeof target.name === 'string' ? target.name : 'prediction';
  const out = { name, label: humanize(name) };
  if (task === 'classification') out.classes = (target?.classes ?? classNames ?? []).map(String);
  else {
    out.min = finite(target?.min);
    out.max = finite(target?.max);
    out.median = finite(target?.quantiles?.['0.5']) ?? finite(target?.mean);
  }
  return Object.freeze(out);
}

/** The example rows as preset links (only those that give every field). */
function asPresets(examples, fields) {
  const taken = new Set();
  return (Array.isArray(examples) ? examples : [])
    .filter((example) => example && example.values && fields.every((field) => field.name in example.values))
    .map((example, index) => Object.freeze({
      id: presetId(example.label ?? '', index, taken),
      label: String(example.label ?? `Example ${index + 1}`),
      values: Object.fromEntries(fields.map((field) => [field.name, example.values[field.name]])),
    }));
}

/** The page's words: Iris's curated ones, or words made from the contract. */
function asCopy(modelName, task, target, fields) {
  if (modelName === 'iris') {
    const { $comment, ...iris } = IRIS.page;
    return Object.freeze({ ...iris, button: `Predict ${iris.target}` });
  }
  const what = target.label;
  const model = capitalize(humanize(modelName));
  const lede = task === 'classification'
    ? `Fill in the ${fields.length} inputs, and a model trained on the ${humanize(modelName)} data tells you which ${what} `
      + `it most likely is, out of ${target.classes.length}.`
    : `Fill in the ${fields.length} inputs, and a model trained on the ${humanize(modelName)} data predicts the ${what}.`;
  return Object.freeze({
    title: `${model}: ${what} predictor`,
    logo: null,
    lede,
    footer: 'Predictions are a model\'s best guess from the data it was trained on; check the warnings beside them.',
    form_title: 'Inputs',
    presets_title: 'Try an example from the training data',
    empty: 'Fill in the inputs, or pick an example, then press',
    check_title: 'Check the inputs',
    target: what,
    class_prefix: '',
    button: `Predict ${what}`,
  });
}

/**
 * ml_app's GET /model answer as the form: {modelVersion, modelName, task, target,
 * fields, presets, copy}. Throws ContractError when it holds no usable contract.
 */
function asForm(info) {
  const model = info && typeof info === 'object' ? info : {};
  if (!TASKS.has(model.task)) throw new ContractError(`unknown task ${JSON.stringify(model.task)}`);
  if (!Array.isArray(model.inputs) || model.inputs.length === 0) throw new ContractError('no inputs');
  const fields = model.inputs.map(asField);
  const modelName = typeof model.model_name === 'string' && model.model_name ? model.model_name : 'model';
  const target = asTarget(model.task, model.target, model.class_names);
  return Object.freeze({
    modelVersion: typeof model.model_version === 'string' ? model.model_version : null,
    modelName,
    task: model.task,
    target,
    fields: Object.freeze(fields),
    presets: Object.freeze(asPresets(model.examples, fields)),
    copy: asCopy(modelName, model.task, target, fields),
  });
}

module.exports = { asForm, ContractError, humanize };
