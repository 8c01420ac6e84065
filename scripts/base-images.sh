#!/usr/bin/env bash
# Base images made offline, for engines that cannot pull from an image registry.
#
#   scripts/base-images.sh [CACHE_DIR]
#
# Makes three Debian bookworm images in the engine that DOCKER_HOST names:
#   localhost/base-python-build:bookworm  python3 + venv + pip   (build stage)
#   localhost/base-python:bookworm        python3 only           (runtime stage)
#   localhost/base-node:bookworm          Node 20 (the host's) + npm
# and prints the build arguments that select them (NAME=IMAGE, one a line).
# Root filesystems come from debootstrap once, then are kept as tarballs under
# CACHE_DIR (default build/base-images) so later runs only `docker import`.
#
# The build images carry this machine's CA bundle and pip/npm configuration so
# that `pip install` / `npm ci` inside a build reach the registries the host
# reaches. That is local test plumbing: the project's Dockerfiles never do it,
# and their default bases are the official python / node images.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=$(realpath -m "${1:-$ROOT/build/base-images}")
SUITE=bookworm
PY_BUILD=localhost/base-python-build:$SUITE
PY_RUN=localhost/base-python:$SUITE
NODE=localhost/base-node:$SUITE

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'base-images.sh: error: %s\n' "$*" >&2; exit 1; }

# The Debian mirror this machine's apt already uses (DEBIAN_MIRROR overrides).
mirror() {
  if [[ -n ${DEBIAN_MIRROR:-} ]]; then echo "$DEBIAN_MIRROR"; return; fi
  local uri
  uri=$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list \
    | grep -oE 'https?://[^ ]*/debian/?( |$)' | head -n 1 | tr -d ' ')
  echo "${uri:-http://deb.debian.org/debian}"
}

# Copy the host's CA bundle and pip/npm settings into a build root filesystem.
trust_host_registries() {
  local rootfs=$1 npmrc
  install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  [[ -f /etc/pip.conf ]] && install -m 0644 /etc/pip.conf "$rootfs/etc/pip.conf"
  npmrc=$(npm config get globalconfig 2>/dev/null || true)
  if [[ -n $npmrc && -f $npmrc ]]; then
    # npm in /usr/local (see make_node_tarball) reads /usr/local/etc/npmrc.
    install -D -m 0644 "$npmrc" "$rootfs/usr/local/etc/npmrc"
  fi
  return 0
}

# debootstrap a minimal root filesystem with PACKAGES, cleaned of apt's caches.
bootstrap() {  # bootstrap ROOTFS PACKAGES
  local rootfs=$1 packages=$2
  command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install debootstrap"
  rm -rf "$rootfs"
  say "debootstrap $SUITE ($packages) — about a minute, once"
  debootstrap --variant=minbase --include="$packages" "$SUITE" "$rootfs" "$(mirror)" >"$rootfs.log" 2>&1 \
    || { tail -n 20 "$rootfs.log" >&2; die "debootstrap failed (log: $rootfs.log)"; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
}

pack() {  # pack ROOTFS TARBALL
  tar -C "$1" --numeric-owner -cf "$2.tmp" . && mv "$2.tmp" "$2"
}

# Make the two Python tarballs from one debootstrap: the runtime one is the
# build one with pip and venv purged (the runtime stage only needs python3).
make_python_tarballs() {
  local rootfs=$CACHE/rootfs-python
  bootstrap "$rootfs" python3,python3-venv,python3-pip
  trust_host_registries "$rootfs"
  pack "$rootfs" "$CACHE/python-build.tar"
  rm -f "$rootfs/etc/pip.conf"
  chroot "$rootfs" dpkg --purge python3-pip python3-venv python3.11-venv python3-pip-whl \
    python3-setuptools-whl python3-setuptools python3-wheel python3-pkg-resources \
    python3-distutils python3-lib2to3 >/dev/null
  rm -rf "$rootfs"/var/cache/apt/*.bin "$rootfs"/usr/share/locale/* "$rootfs"/usr/share/info/*
  pack "$rootfs" "$CACHE/python.tar"
  rm -rf "$rootfs"
}

# Node: Debian bookworm ships Node 18, but web_app needs Node >= 20, so the
# host's own Node 20 (node binary + npm, which build.sh already requires) is
# copied into a minimal Debian root filesystem.
make_node_tarball() {
  local rootfs=$CACHE/rootfs-node node npm_dir
  node=$(readlink -f "$(command -v node)") || die "node is missing on this machine"
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  [[ $("$node" -p 'process.versions.node.split(".")[0]') -ge 20 ]] || die "the host's node is older than 20"
  bootstrap "$rootfs" ca-certificates
  install -D -m 0755 "$node" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  trust_host_registries "$rootfs"
  pack "$rootfs" "$CACHE/node.tar"
  rm -rf "$rootfs"
}

# Import TARBALL as IMAGE unless the engine already has it.
import() {  # import TARBALL IMAGE
  if docker image inspect "$2" >/dev/null 2>&1; then return 0; fi
  say "docker import $2"
  docker import "$1" "$2" >/dev/null
}

main() {
  mkdir -p "$CACHE"
  if [[ ! -f $CACHE/python-build.tar || ! -f $CACHE/python.tar ]]; then make_python_tarballs; fi
  if [[ ! -f $CACHE/node.tar ]]; then make_node_tarball; fi
  import "$CACHE/python-build.tar" "$PY_BUILD"
  import "$CACHE/python.tar" "$PY_RUN"
  import "$CACHE/node.tar" "$NODE"
  echo "PYTHON_BUILD_IMAGE=$PY_BUILD"
  echo "PYTHON_IMAGE=$PY_RUN"
  echo "NODE_IMAGE=$NODE"
}

main
