#!/bin/sh
# The supported CPythons (3.10 and newer) that run on this machine, oldest first, one per
# minor version: `python3.X` on PATH, else pyenv's installed versions. The Makefile runs
# the suite on the newest and the oldest of them (CI's Python matrix).
for minor in 10 11 12 13 14 15; do
  for candidate in "python3.$minor" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3."$minor".*/bin/python3."$minor"; do
    if "$candidate" -c 'import sys, venv' >/dev/null 2>&1; then
      command -v "$candidate" 2>/dev/null || echo "$candidate"
      break
    fi
  done
done
