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
common=()
[ -n "${INPUT_CONFIG:-}" ] && common+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_SELECT:-}" ] && common+=(--select "$INPUT_SELECT")
[ -n "${INPUT_IGNORE:-}" ] && common+=(--ignore "$INPUT_IGNORE")
args+=(${common[@]+"${common[@]}"} --report "json:$work/findings.json" --report "markdown:$work/summary.md")

# diff-base: the input, else the pull request's base commit (from the event payload).
base="${INPUT_DIFF_BASE:-}"
if [ -z "$base" ] && [[ "${GITHUB_EVENT_NAME:-}" == pull_request* ]] && [ -f "${GITHUB_EVENT_PATH:-}" ]; then
  base="$("$venv/bin/python" -c 'import json, sys
event = json.load(open(sys.argv[1], encoding="utf-8"))
print(((event.get("pull_request") or {}).get("base") or {}).get("sha") or "")' "$GITHUB_EVENT_PATH")"
fi
[ "$base" = "none" ] && base=""
case "$base" in -*) fail "diff-base must be a commit, branch or tag, not '$base'" ;; esac
if [ -n "$base" ]; then
  # A shallow checkout (the default) lacks the base commit: fetch just that one.
  if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
    git fetch --quiet --no-tags --depth=1 origin "$base" || true
  fi
  args+=(--diff-base "$base")
  echo "sslint: reporting findings on lines changed since $base"
fi
# SARIF always holds every finding: code scanning tracks alerts against the base itself.
[ -n "${INPUT_SARIF_FILE:-}" ] && [ -z "$base" ] && args+=(--report "sarif:$INPUT_SARIF_FILE")

set -f # paths are split on white space, never globbed
read -r -d '' -a paths <<<"${INPUT_PATHS:-.}" || true
set +f
[ "${#paths[@]}" -gt 0 ] || paths=(.)

status=0
"$venv/bin/sslint" "${args[@]}" -- "${paths[@]}" || status=$?
[ "$status" -le 1 ] || exit "$status"
if [ -n "${INPUT_SARIF_FILE:-}" ] && [ -n "$base" ]; then
  "$venv/bin/sslint" ${common[@]+"${common[@]}"} --exit-zero --quiet --format sarif -o "$INPUT_SARIF_FILE" \
    -- "${paths[@]}" || exit $?
fi

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
