#!/usr/bin/env bash
# The data pull request's checks, in one command: `make check` runs this script, and the
# data-PR workflow (.github/workflows/data-pr.yml) runs `make check` and nothing else, so a
# contributor's run and CI's are the same run. Every step runs whatever failed before it;
# the summary at the end lists every failed step with what to do, and the exit is 1 when
# any failed.
#   1. validate factors/ (every problem as file:line: field: reason, with "did you mean")
#   2. generated files: factors/resolved/ and docs/reference-footprints.md computed from
#      the data; a stale one is regenerated, and fails the run until it is committed (CI's
#      checkout is the commit, so CI fails the same way)
#   3. the data tests: every test that reads factors/ (DATA_TESTS below: the reference
#      expectations, the resolved tables, region mappings, licence bundles, ...)
#   4. the review report against BASE (factors and defaults moved, reference jobs)
# Steps 2 and 3 compute from the data, so after a validation failure they are listed as
# not run (their answers on a broken tree would be wrong, and step 2 would write them);
# the review still runs: it reports the problems, and CI posts it on the pull request.
# Usage: tools/data-check.sh BASE [REPORT_FILE]
set -uo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-main}
REPORT=${2:-}
BIN=${BIN:-.venv/bin}
# Tests that read factors/ (a data change can fail them); the rest of the suite runs on
# fixtures. Paths missing in a checkout are left out.
DATA_TESTS=(
    tests/reference
    tests/foundation/test_resolved.py
    tests/foundation/test_region_mappings.py
    tests/foundation/test_licence_bundles.py
    tests/foundation/test_accelerated_instances.py
    tests/foundation/test_instance_power_floor.py
    tests/foundation/test_screens.py
    tests/unit/test_hardware_names.py
    tests/unit/test_accelerator_catalog.py
    tests/unit/test_accelerator_components.py
)
failed=()
valid=1

step() { printf '\n== %s\n' "$1"; }

step "1/4 validate factors/"
if ! "$BIN/carbonfactors" validate --brief; then
    valid=0
    failed+=("validate: fix each problem listed in step 1 (all of them are listed, with 'did you mean' for typos), then run make check again")
fi

step "2/4 generated files (factors/resolved/: what a default lookup returns; docs/reference-footprints.md)"
if [ "$valid" = 0 ]; then
    echo "not run: the generated files are computed from a valid tree (step 1)"
    failed+=("generated files: not run, waiting for step 1")
else
    if ! "$BIN/carbonfactors" resolved --check; then
        if "$BIN/carbonfactors" resolved >/dev/null; then
            git --no-pager diff --stat -- factors/resolved/ 2>/dev/null
            failed+=("resolved: factors/resolved/ was stale and is now regenerated: read its diff (the defaults users get), then 'git add factors/resolved' and commit it")
        else
            failed+=("resolved: the tables could not be computed (the error is above)")
        fi
    fi
    if [ -f docs/reference-footprints.yaml ]; then
        if ! "$BIN/python" -m carbonfactors_pipeline.reference_footprints --check; then
            if "$BIN/python" -m carbonfactors_pipeline.reference_footprints >/dev/null; then
                git --no-pager diff --stat -- docs/reference-footprints.md 2>/dev/null
                failed+=("reference footprints: docs/reference-footprints.md was stale and is now regenerated: read its diff (published footprints next to ours), then commit it")
            else
                failed+=("reference footprints: the table could not be computed (the error is above)")
            fi
        fi
    fi
fi

step "3/4 data tests (the tests that read factors/)"
tests=()
for t in "${DATA_TESTS[@]}"; do [ -e "$t" ] && tests+=("$t"); done
if [ "$valid" = 0 ]; then
    echo "not run: the data tests compute from a valid tree (step 1)"
    failed+=("data tests: not run, waiting for step 1")
elif [ ${#tests[@]} -gt 0 ]; then
    "$BIN/pytest" -q -n 2 -p no:cacheprovider "${tests[@]}" ||
        failed+=("data tests: a case moved; if on purpose, update its expectation (tests/reference/hardware.yaml for a reference case: CONTRIBUTING.md, 'When a reference test fails')")
fi

step "4/4 review against $BASE"
if [ -n "$REPORT" ]; then
    "$BIN/carbonfactors" review --base "$BASE" | tee "$REPORT"
    status=${PIPESTATUS[0]}
else
    "$BIN/carbonfactors" review --base "$BASE"
    status=$?
fi
# Exit 1: the tree does not validate (already counted in step 1); 2: no report was made.
if [ "$status" = 2 ] || { [ "$status" != 0 ] && [ "$valid" = 1 ]; }; then
    failed+=("review: the report could not be made against $BASE (the error is above)")
fi

printf '\n'
if [ ${#failed[@]} -eq 0 ]; then
    echo "make check: all 4 steps passed (read the review report above before opening the PR)"
    exit 0
fi
echo "make check: ${#failed[@]} problem(s):"
for f in "${failed[@]}"; do echo "  - $f"; done
exit 1
