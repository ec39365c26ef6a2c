#!/usr/bin/env bash
# Build the one-folder app with PyInstaller, then prove that what was built starts.
#
#   PYTHON=.venv/bin/python bash packaging/build.sh      (what `make package` runs)
#   bash packaging/build.sh --check-only                 (check an existing dist/ only)
#
# The checks run the built executable, not the sources: --version, then either
# the app's own --self-check (opens a temporary library and the main window
# offscreen) or, in versions without it, a command-line round trip plus the
# window kept open offscreen for a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-.venv/bin/python}"
APP=dist/readinglist-gui/readinglist-gui

if [ "${1:-}" != "--check-only" ]; then
    "$PYTHON" -m PyInstaller --noconfirm --clean \
        --distpath dist --workpath build/pyinstaller packaging/readinglist-gui.spec
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export READINGLIST_HOME="$scratch/library" QT_QPA_PLATFORM=offscreen
export XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data"

"$APP" --version
usage="$("$APP" --help)"
if grep -q -- '--self-check' <<<"$usage"; then
    "$APP" --self-check
else
    cat > "$scratch/refs.bib" <<'BIB'
@misc{kwon2023efficient,
  title         = {{Efficient Memory Management for Large Language Model Serving with PagedAttention}},
  author        = {Kwon, Woosuk},
  year          = {2023},
  eprint        = {2309.06180},
  archivePrefix = {arXiv}
}
BIB
    "$APP" import resources/sample/sample-library.json "$scratch/refs.bib"
    "$APP" list --json > "$scratch/papers.json"
    grep -q '"title": "Attention Is All You Need"' "$scratch/papers.json"
    # The window must come up and stay up; `timeout` ending it (124) is the success case.
    status=0
    timeout 8 "$APP" > "$scratch/gui.log" 2>&1 || status=$?
    if [ "$status" != 124 ]; then
        cat "$scratch/gui.log" >&2
        echo "build.sh: the built app exited with $status instead of staying open" >&2
        exit 1
    fi
fi
du -sh dist/readinglist-gui
echo "build.sh: dist/readinglist-gui is ready"
