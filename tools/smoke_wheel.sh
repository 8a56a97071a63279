#!/usr/bin/env bash
# Smoke test of the package as users install it: build the sdist and, from it, the wheel
# (python -m build, as a release is built), install the wheel into a fresh virtual
# environment outside the checkout, and run check, score, template and batch on a shipped
# rubric given by its id, in a folder holding copies of the example files, so that nothing
# is read from the checkout. .ci/run runs it before the tests.
#
#   bash tools/smoke_wheel.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step() { echo "+ $*" >&2; }
fail() { echo "smoke_wheel: $*" >&2; exit 1; }

# the builder: the development environment's python when it has 'build' (the test extra),
# else a virtual environment of its own
builder="$root/.venv/bin/python"
if ! { [ -x "$builder" ] && "$builder" -c 'import build' 2>/dev/null; }; then
  step "python3 -m venv (the builder); pip install build"
  python3 -m venv "$work/builder"
  builder="$work/builder/bin/python"
  "$builder" -m pip install -q build >"$work/pip.log" 2>&1 \
    || { cat "$work/pip.log" >&2; fail "cannot install build"; }
fi

step "python -m build --outdir $work/dist"
"$builder" -m build --outdir "$work/dist" "$root" >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; fail "the build failed"; }
sdists=("$work"/dist/tiercert-*.tar.gz)
wheels=("$work"/dist/tiercert-*.whl)
[ -f "${sdists[0]}" ] && [ -f "${wheels[0]}" ] || fail "no sdist or no wheel in $work/dist"
tar -tzf "${sdists[0]}" >"$work/sdist.txt"  # (not piped into grep -q: pipefail)
grep -q '/rubrics/bac_giang_friendly_gov\.yaml$' "$work/sdist.txt" || fail "the sdist lacks rubrics/"

step "python3 -m venv (outside the checkout); pip install ${wheels[0]##*/}"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q "${wheels[0]}" >"$work/pip.log" 2>&1 \
  || { cat "$work/pip.log" >&2; fail "the wheel does not install"; }

mkdir "$work/run"
cp "$root/examples/bac_giang/xa_mau_a.yaml" "$root/examples/bac_giang_units.csv" "$work/run/"
cp -r "$root/examples/bac_giang" "$work/run/units"
cd "$work/run"
unset PYTHONPATH
export PATH="$work/venv/bin:$PATH"
[ "$(command -v tiercert)" = "$work/venv/bin/tiercert" ] || fail "tiercert is not the wheel's"

step "the package and its rubrics are the installed ones"
python - "$work/venv" <<'PY'
import sys
from pathlib import Path

import tiercert
from tiercert._shipped import schema_file, shipped_folder

venv = Path(sys.argv[1]).resolve()
for found in (tiercert.__file__, shipped_folder(), schema_file()):
    assert found is not None and venv in Path(found).resolve().parents, found
assert tiercert.load_rubric("bac_giang_friendly_gov").id == "bac_giang_friendly_gov"
PY

step "tiercert list"
tiercert list | tee list.txt >&2
expected=$(find "$root/rubrics" -maxdepth 1 -name '*.yaml' | wc -l)
grep -qx "$expected shipped rubrics; .*" list.txt || fail "tiercert list does not list $expected"

step "tiercert check --strict bac_giang_friendly_gov"
tiercert check --strict bac_giang_friendly_gov

step "tiercert score bac_giang_friendly_gov xa_mau_a.yaml"
tiercert score bac_giang_friendly_gov xa_mau_a.yaml >score.txt
# the rubric's language (Vietnamese) by default, English on request: both catalogs are in the wheel
grep -qx 'Tổng điểm: 85,1 / 100 (85,1%)' score.txt || { cat score.txt >&2; fail "score"; }
tiercert score bac_giang_friendly_gov xa_mau_a.yaml --lang en >score.en.txt
grep -qx 'Total: 85.1 / 100 (85.1%)' score.en.txt || { cat score.en.txt >&2; fail "score --lang en"; }

step "tiercert report bac_giang_friendly_gov xa_mau_a.yaml -o card.html (the templates are in the wheel)"
tiercert report bac_giang_friendly_gov xa_mau_a.yaml -o card.html
grep -q '<h1>Xã Mẫu A</h1>' card.html || fail "report: the scorecard page"

step "tiercert template bac_giang_friendly_gov -o blank.csv"
tiercert template bac_giang_friendly_gov -o blank.csv
grep -q '^.\{0,3\}unit_id,unit_name,' blank.csv || fail "template"

step "tiercert batch bac_giang_friendly_gov units -o results.csv"
tiercert batch bac_giang_friendly_gov units -o results.csv --summary none
[ "$(wc -l <results.csv)" -eq 7 ] || { cat results.csv >&2; fail "batch of a folder"; }

step "tiercert batch bac_giang_friendly_gov bac_giang_units.csv (4 bad rows: exit 1)"
status=0
tiercert batch bac_giang_friendly_gov bac_giang_units.csv -o sheet.csv 2>problems.txt \
  >summary.txt || status=$?
[ "$status" -eq 1 ] || fail "batch exited $status, not 1"
grep -q '^Đơn vị: 6 được chấm, 4 bị từ chối' summary.txt || { cat summary.txt >&2; fail "summary"; }

# The pre-commit hooks, as another repository runs them (pre-commit installs this repository
# into an environment of its own): a rubric kept with its assessments, then a bad answer.
step "pre-commit try-repo: tiercert-check and tiercert-score on a scratch repository"
python -m pip install -q pre-commit >"$work/pip.log" 2>&1 \
  || { cat "$work/pip.log" >&2; fail "cannot install pre-commit"; }
export PRE_COMMIT_HOME="$work/pre-commit-home"
mkdir -p "$work/repo/rubrics"
cd "$work/repo"
git init -q .
cp "$root/rubrics/bac_giang_friendly_gov.yaml" "$work/run/units/"*.yaml rubrics/
git add -A
hooks() {  # every hook of the repository: tiercert-check and tiercert-score
  pre-commit try-repo "$root" --all-files >"$work/hooks.log" 2>&1
}
hooks || { cat "$work/hooks.log" >&2; fail "the hooks fail on good files"; }
grep -q '^tiercert check\.*Passed$' "$work/hooks.log" || fail "tiercert-check did not run"
grep -q '^tiercert score (assessments)\.*Passed$' "$work/hooks.log" || fail "no tiercert-score"
sed -i 's/^  g2.1: .*/  g2.1: lots/' rubrics/xa_mau_a.yaml
git add -A
if hooks; then fail "tiercert-score let a bad answer through"; fi
grep -q "rubrics/xa_mau_a.yaml:.*\[answer.invalid\]" "$work/hooks.log" \
  || { cat "$work/hooks.log" >&2; fail "tiercert-score did not say what is wrong"; }

echo "smoke_wheel: the wheel works outside the checkout; so do the pre-commit hooks" >&2
