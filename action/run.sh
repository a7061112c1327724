#!/usr/bin/env bash
# The GitHub Action's step: install sslint from the action's own checkout into
# an isolated virtualenv, scan, annotate, summarise, and set the outputs.
# Inputs arrive as INPUT_* environment variables (never spliced into code).
set -euo pipefail

fail() {
  echo "::error title=sslint action::$*"
  exit 2
}

temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
# One virtualenv per action checkout and job: a second use in the same job reuses it.
venv="$temp/sslint-action-venv-$(printf '%s' "$GITHUB_ACTION_PATH" | cksum | cut -d' ' -f1)"
work="$(mktemp -d "$temp/sslint-action.XXXXXX")"

echo "::group::Install sslint"
if [ ! -x "$venv/bin/sslint" ]; then
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$GITHUB_ACTION_PATH"
fi
version="$("$venv/bin/sslint" --version)"
echo "$version"
echo "::endgroup::"

if [ -n "${INPUT_VERSION_CHECK:-}" ] && [ "$version" != "sslint $INPUT_VERSION_CHECK" ]; then
  fail "version-check: expected sslint $INPUT_VERSION_CHECK, the action installed $version"
fi

args=()
case "${INPUT_ANNOTATIONS:-true}" in
  true) args+=(--format github) ;;
  false) args+=(--format text --no-color) ;;
  *) fail "annotations must be true or false, not '$INPUT_ANNOTATIONS'" ;;
esac
case "${INPUT_FAIL_ON:-error}" in
  error | warning | note) args+=(--fail-on "$INPUT_FAIL_ON") ;;
  never) args+=(--exit-zero) ;;
  *) fail "fail-on must be error, warning, note or never, not '$INPUT_FAIL_ON'" ;;
esac
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_SELECT:-}" ] && args+=(--select "$INPUT_SELECT")
[ -n "${INPUT_IGNORE:-}" ] && args+=(--ignore "$INPUT_IGNORE")
args+=(--report "json:$work/findings.json" --report "markdown:$work/summary.md")
[ -n "${INPUT_SARIF_FILE:-}" ] && args+=(--report "sarif:$INPUT_SARIF_FILE")

set -f # paths are split on white space, never globbed
read -r -d '' -a paths <<<"${INPUT_PATHS:-.}" || true
set +f
[ "${#paths[@]}" -gt 0 ] || paths=(.)

status=0
"$venv/bin/sslint" "${args[@]}" -- "${paths[@]}" || status=$?
[ "$status" -le 1 ] || exit "$status"

findings="$("$venv/bin/python" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$work/findings.json")"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$work/summary.md" >>"$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "findings=$findings"
    echo "sarif-file=${INPUT_SARIF_FILE:-}"
  } >>"$GITHUB_OUTPUT"
fi
rm -rf "$work"
exit "$status"
