#!/usr/bin/env bash
# Compile requirements/*.txt (the human-edited inputs) into requirements/*.lock:
# every package, indirect ones included, pinned with the sha256 of each of its
# files on PyPI, for CPython 3.11 on Linux x86_64 (the images' and CI's platform).
#
#   scripts/lock-requirements.sh            re-lock after editing a .txt
#
# Needs uv (pip install uv==0.13.9, into a venv of your own). build.sh,
# ml_app/Dockerfile and tests/test_v2_kserve.py install from the locks with
# --require-hashes; tests/test_requirements.py fails when a .txt and its lock drift.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
UV=${UV:-uv}
command -v "$UV" >/dev/null || { echo "lock-requirements.sh: uv is missing: pip install uv==0.13.9" >&2; exit 1; }

# 3.11.7, not 3.11: uv resolves for the lowest patch release, and some packages need >= 3.11.5.
for set in serve train dev kserve-client; do
  "$UV" pip compile "requirements/$set.txt" --quiet --generate-hashes \
    --python-version 3.11.7 --python-platform x86_64-manylinux_2_28 --system-certs --no-strip-extras \
    --index-url https://pypi.org/simple --no-config \
    --custom-compile-command "scripts/lock-requirements.sh" \
    -o "requirements/$set.lock"
done
