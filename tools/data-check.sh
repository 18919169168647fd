#!/usr/bin/env bash
# The data pull request's checks, in one command (`make check`; CI's data-pr workflow runs
# this very script). The validator lists every problem of the tree at once; once the tree
# is valid, every other step runs even when an earlier one failed, and the summary at the
# end names the failed steps and what to do.
#   1. validate factors/ (every problem as file:line: field: reason, with "did you mean")
#   2. check factors/resolved/ against the data: a stale table is regenerated, and fails
#      the run until it is committed (CI's checkout is the commit, so CI fails the same way)
#   3. the reference tests (tests/reference/): expectations held by hand, with sources
#   4. the review report against BASE (factors and defaults moved, reference jobs)
# Usage: tools/data-check.sh BASE [REPORT_FILE]
set -uo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-main}
REPORT=${2:-}
BIN=${BIN:-.venv/bin}
failed=()

step() { printf '\n== %s\n' "$1"; }

step "1/4 validate factors/"
if ! "$BIN/carbonfactors" validate; then
    echo
    echo "make check: validation failed; steps 2-4 read a valid tree, so they wait for it:"
    echo "  - validate: fix each problem listed above (all of them are listed), then run make check again"
    exit 1
fi

step "2/4 factors/resolved/ (what a default lookup returns; regenerated when stale)"
if ! "$BIN/carbonfactors" resolved --check; then
    if "$BIN/carbonfactors" resolved >/dev/null; then
        git --no-pager diff --stat -- factors/resolved/ 2>/dev/null
        failed+=("resolved: factors/resolved/ was stale and is now regenerated: read its diff (the defaults users get), then 'git add factors/resolved' and commit it")
    else
        failed+=("resolved: the tables could not be computed (fix validation first)")
    fi
fi

step "3/4 reference tests (tests/reference/)"
"$BIN/pytest" -q -p no:cacheprovider tests/reference ||
    failed+=("reference tests: a case moved; if on purpose, update tests/reference/hardware.yaml (CONTRIBUTING.md, 'When a reference test fails')")

step "4/4 review against $BASE"
if [ -n "$REPORT" ]; then
    "$BIN/carbonfactors" review --base "$BASE" | tee "$REPORT"
    status=${PIPESTATUS[0]}
else
    "$BIN/carbonfactors" review --base "$BASE"
    status=$?
fi
[ "$status" = 0 ] || failed+=("review: the report could not be made against $BASE")

printf '\n'
if [ ${#failed[@]} -eq 0 ]; then
    echo "make check: all 4 steps passed (read the review report above before opening the PR)"
    exit 0
fi
echo "make check: ${#failed[@]} step(s) failed:"
for f in "${failed[@]}"; do echo "  - $f"; done
exit 1
