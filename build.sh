#!/usr/bin/env bash
# One entry point for the whole project: notebook -> model -> services -> tests.
#
#   ./build.sh up          set up what is missing, build the model, run ml_app + web_app
#   ./build.sh test        set up what is missing, build, run every test
#   ./build.sh build       convert the notebook and train/export the model into build/model
#   ./build.sh serve-ml    run ml_app under gunicorn in the foreground
#   ./build.sh serve-web   run web_app in the foreground
#   ./build.sh docker [up|down|scale N|update-model]   the stack with docker compose
#   ./build.sh bench       benchmark ml_app against a naive Flask baseline
#
# Settings (environment): NOTEBOOK, MODEL_DIR, MIN_ACCURACY, ML_HOST, ML_PORT,
# WEB_HOST, WEB_PORT, ML_URL, API_TOKEN, CI.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SELF=$ROOT/$(basename "${BASH_SOURCE[0]}")  # works however we were called (bash build.sh, ../build.sh)
cd "$ROOT"

VENV=${VENV:-$ROOT/.venv}
PY=$VENV/bin/python
BUILD_DIR=$ROOT/build
NOTEBOOK=${NOTEBOOK:-notebook/iris.ipynb}
MODEL_DIR=$(realpath -m "${MODEL_DIR:-$BUILD_DIR/model}")
DEFAULT_MODEL_DIR=$(realpath -m "$BUILD_DIR/model")
export MODEL_DIR
export ML_HOST=${ML_HOST:-127.0.0.1} ML_PORT=${ML_PORT:-5000}
export WEB_HOST=${WEB_HOST:-127.0.0.1} WEB_PORT=${WEB_PORT:-3000}
CI=${CI:-false}

say() { printf '\n==> %s\n' "$*" >&2; }
die() { printf '\nbuild.sh: error: %s\n' "$*" >&2; exit 1; }
is_ci() { [[ "$CI" == "true" || "$CI" == "1" ]]; }

# --- setting up -------------------------------------------------------------

# Install Debian packages for the commands that are missing. Under CI this
# must succeed (nothing may be skipped for want of a tool CI can install);
# elsewhere it is attempted when we are root, else the caller decides.
APT_UPDATED=false
ensure_apt() {  # ensure_apt COMMAND PACKAGE [COMMAND PACKAGE ...]
  local missing=()
  while (($#)); do
    command -v "$1" >/dev/null 2>&1 || missing+=("$2")
    shift 2
  done
  ((${#missing[@]})) || return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    is_ci && die "CI needs ${missing[*]}: install them with apt-get (needs root)."
    printf 'build.sh: %s not installed; tests that need them will say so and skip.\n' "${missing[*]}" >&2
    return 0
  fi
  say "Installing system packages: ${missing[*]}"
  if [[ $APT_UPDATED == false ]]; then
    apt-get update -qq || die "apt-get update failed: check the machine's Debian sources."
    APT_UPDATED=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed."
}

# Create .venv and install requirements SET (serve, train or dev) from its lock,
# requirements/SET.lock: every package, indirect ones included, at the version and
# with the file hashes locked there (scripts/lock-requirements.sh makes the locks
# from the .txt files). A stamp holding the locks' checksum makes this a no-op
# when nothing changed.
ensure_python() {  # ensure_python SET
  local set=$1 stamp="$VENV/.requirements-$1"
  local sum
  sum=$(cat requirements/*.lock | sha256sum | cut -c1-64)
  if [[ ! -x $PY ]]; then
    say "Creating the virtualenv in $VENV"
    command -v python3 >/dev/null || die "python3 is missing: install Python 3.11 (apt-get install python3 python3-venv)."
    python3 -m venv "$VENV" || die "could not create $VENV: install python3-venv."
  fi
  if [[ ! -f $stamp || $(cat "$stamp") != "$sum" ]]; then
    say "Installing Python requirements ($set, from requirements/$set.lock)"
    "$PY" -m pip install -q --require-hashes -r "requirements/$set.lock" \
      || die "pip install --require-hashes -r requirements/$set.lock failed (see above; after editing requirements/$set.txt, run scripts/lock-requirements.sh)."
    echo "$sum" >"$stamp"
  fi
}

# npm ci in web_app when node_modules is missing or the lockfile changed.
ensure_node() {
  command -v node >/dev/null || die "node is missing: install Node.js 20 (apt-get install nodejs npm)."
  local stamp=web_app/node_modules/.lock-sha256 sum
  sum=$(sha256sum web_app/package-lock.json | cut -c1-64)
  if [[ ! -f $stamp || $(cat "$stamp") != "$sum" ]]; then
    say "Installing web_app's npm packages (npm ci)"
    (cd web_app && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in web_app (see above)."
    echo "$sum" >"$stamp"
  fi
}

# The model is stale when it is missing or older than its inputs: the notebook, the converter
# (convert.py and its conversion/ package) and the export (the model_export/ package and the
# contract/ it reads, both bundled into the script; a path that does not exist is skipped).
# Python's caches do not count.
model_is_stale() {
  local json=$MODEL_DIR/model.json
  [[ -f $json && -f $MODEL_DIR/model.joblib ]] || return 0
  [[ -n $(find "$NOTEBOOK" convert.py conversion model_export contract \
            -name __pycache__ -prune -o -newer "$json" -print 2>/dev/null) ]]
}

# build/model is built (or rebuilt) when needed. A MODEL_DIR of one's own is used as
# it is: never trained into behind the user's back, so it must hold a model.
ensure_model() {
  if [[ $MODEL_DIR != "$DEFAULT_MODEL_DIR" ]]; then
    [[ -f $MODEL_DIR/model.json && -f $MODEL_DIR/model.joblib ]] || die "MODEL_DIR=$MODEL_DIR holds no model \
(model.json and model.joblib). Build one into it with:
  MODEL_DIR=$MODEL_DIR ./build.sh build
or unset MODEL_DIR to use build/model, which is built automatically."
    return 0
  fi
  if model_is_stale; then cmd_build; fi
}

# --- subcommands ------------------------------------------------------------

cmd_build() {
  ensure_python train
  [[ -f $NOTEBOOK ]] || die "notebook $NOTEBOOK not found: set NOTEBOOK=path/to/your.ipynb."
  mkdir -p "$BUILD_DIR"
  "$PY" -m conversion.packages "$NOTEBOOK" \
    || die "a package $NOTEBOOK imports could not be installed (above); the previous model in $MODEL_DIR is untouched."
  say "Converting $NOTEBOOK -> build/output_model.py"
  "$PY" convert.py "$NOTEBOOK" -o "$BUILD_DIR/output_model.py" \
    || die "convert.py could not convert $NOTEBOOK (its message is above)."
  # Run from the notebook's folder: notebooks read their data by relative path.
  say "Training: running build/output_model.py (model goes to $MODEL_DIR)"
  (cd "$(dirname "$NOTEBOOK")" && MPLBACKEND=Agg "$PY" "$BUILD_DIR/output_model.py") \
    || die "the converted notebook failed; the previous model in $MODEL_DIR is untouched."
  say "Model ready: $MODEL_DIR"
  "$PY" - "$MODEL_DIR/model.json" <<'PY'
import json, sys
meta = json.load(open(sys.argv[1]))
print(f"  {meta['estimator']}  features={meta['feature_names']}  classes={meta['class_names']}")
print(f"  metrics={meta.get('metrics', {})}  sha256={meta['sha256'][:12]}")
PY
}

cmd_serve_ml() {
  ensure_model
  ensure_python serve
  "$PY" -m conversion.packages --model "$MODEL_DIR/model.json" \
    || die "the packages $MODEL_DIR/model.json needs could not be installed (above)."
  say "ml_app on http://$ML_HOST:$ML_PORT (model: $MODEL_DIR)"
  exec "$VENV/bin/gunicorn" --config ml_app/gunicorn.conf.py
}

cmd_serve_web() {
  ensure_node
  export ML_URL=${ML_URL:-http://$ML_HOST:$ML_PORT}
  say "web_app on http://$WEB_HOST:$WEB_PORT (ml_app: $ML_URL)"
  exec node web_app/server.js
}

# Wait until URL answers 200, or give up after SECONDS.
wait_for() {  # wait_for URL SECONDS PID
  local url=$1 deadline=$((SECONDS + $2)) pid=$3
  until "$PY" -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$url" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || return 1
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

cmd_up() {
  ensure_python train
  ensure_node
  ensure_model
  local ml_pid web_pid
  stop_all() {
    trap - INT TERM EXIT
    say "Stopping ml_app and web_app"
    kill -TERM "${web_pid:-}" "${ml_pid:-}" 2>/dev/null || true
    wait 2>/dev/null || true
  }
  trap stop_all EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  "$SELF" serve-ml & ml_pid=$!
  wait_for "http://$ML_HOST:$ML_PORT/ready" 60 "$ml_pid" || die "ml_app did not become ready (its log is above)."
  "$SELF" serve-web & web_pid=$!
  wait_for "http://$WEB_HOST:$WEB_PORT/health" 30 "$web_pid" || die "web_app did not start (its log is above)."
  say "Ready: open http://$WEB_HOST:$WEB_PORT  (ml_app: http://$ML_HOST:$ML_PORT/docs). Ctrl-C stops both."
  wait -n "$ml_pid" "$web_pid" || true
}

cmd_test() {
  if is_ci; then
    say "CI: installing the system tools the tests need"
    ensure_apt chromium chromium wrk wrk dockerd docker.io debootstrap debootstrap
  else
    ensure_apt chromium chromium wrk wrk
  fi
  ensure_python dev
  ensure_node
  cmd_build
  say "Python tests (pytest)"
  "$PY" -m pytest tests
  say "web_app tests (node --test)"
  (cd web_app && npm test)
}

cmd_docker() {
  ensure_python dev
  ensure_model
  exec bash scripts/docker-stack.sh "${@:-up}"
}

cmd_bench() {
  ensure_python dev
  ensure_apt wrk wrk
  ensure_model
  "$PY" bench/run.py "$@"
  say "One-row speed on Iris against penguins, numbers and categories (bench/compare_models.py)"
  local penguins=$BUILD_DIR/bench/penguins-model
  if [[ ! $penguins/model.json -nt notebook/penguins.ipynb ]]; then
    NOTEBOOK=notebook/penguins.ipynb MODEL_DIR=$penguins "$SELF" build
  fi
  "$PY" bench/compare_models.py "$MODEL_DIR" "$penguins" || say "bench/compare_models.py: below its target (above)."
  say "What the training recorder and the export cost a notebook (bench/recorder.py)"
  "$PY" bench/recorder.py
}

usage() {
  sed -n '2,14p' "$SELF" | sed 's/^# \{0,1\}//'
}

main() {
  local cmd=${1:-}
  shift || true
  case "$cmd" in
    build) cmd_build ;;
    up) cmd_up ;;
    serve-ml) cmd_serve_ml ;;
    serve-web) cmd_serve_web ;;
    test) cmd_test ;;
    docker) cmd_docker "$@" ;;
    bench) cmd_bench "$@" ;;
    -h | --help | help) usage ;;
    *) usage; die "unknown command '${cmd}': pick one of the commands above." ;;
  esac
}

main "$@"
