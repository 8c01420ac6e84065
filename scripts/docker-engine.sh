#!/usr/bin/env bash
# A private Docker engine for tests and for machines without a running one.
#
#   scripts/docker-engine.sh start DIR   start dockerd with everything under DIR,
#                                        print `export DOCKER_HOST=unix://DIR/docker.sock`
#   scripts/docker-engine.sh stop DIR    stop that dockerd (by its pidfile's PID)
#
# The engine keeps its images, containers and sockets under DIR, so it never
# touches a system engine, and stopping it by PID never ends anyone else's.
# DIR must be a short path: dockerd puts unix sockets in it (108-byte limit).
set -euo pipefail

die() { printf 'docker-engine.sh: error: %s\n' "$*" >&2; exit 1; }

# Start dockerd in the background and wait (bounded) until it answers.
start() {
  local dir=$1 sock pid
  command -v dockerd >/dev/null || die "dockerd is missing: apt-get install docker.io"
  mkdir -p "$dir/data" "$dir/exec"
  sock=$dir/docker.sock
  if [[ -f $dir/dockerd.pid ]] && kill -0 "$(cat "$dir/dockerd.pid")" 2>/dev/null; then
    echo "export DOCKER_HOST=unix://$sock"
    return 0
  fi
  setsid dockerd --data-root "$dir/data" --exec-root "$dir/exec" -H "unix://$sock" \
    --pidfile "$dir/dockerd.pid" >"$dir/dockerd.log" 2>&1 </dev/null &
  pid=$!
  for _ in $(seq 1 120); do
    if DOCKER_HOST=unix://$sock docker version >/dev/null 2>&1; then
      echo "export DOCKER_HOST=unix://$sock"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  tail -n 20 "$dir/dockerd.log" >&2 || true
  die "dockerd did not come up (log: $dir/dockerd.log)"
}

# Stop the engine by its own PID, then wait (bounded) for it to exit so its
# data root can be removed safely.
stop() {
  local dir=$1 pid
  [[ -f $dir/dockerd.pid ]] || return 0
  pid=$(cat "$dir/dockerd.pid")
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  die "dockerd $pid did not stop within 30 s"
}

case "${1:-}" in
  start | stop)
    [[ -n ${2:-} ]] || die "usage: $0 start|stop DIR"
    "$1" "$(realpath -m "$2")"
    ;;
  *) die "usage: $0 start|stop DIR" ;;
esac
