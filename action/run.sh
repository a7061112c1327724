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
# true or false, else the step fails: `boolean NAME VALUE`.
boolean() {
  case "$2" in
    true | false) ;;
    *) fail "$1 must be true or false, not '$2'" ;;
  esac
}
config_from_base="${INPUT_CONFIG_FROM_BASE:-false}"
inline_ignores="${INPUT_INLINE_IGNORES:-true}"
allow_incomplete="${INPUT_ALLOW_INCOMPLETE:-false}"
allow_empty="${INPUT_ALLOW_EMPTY:-false}"
boolean config-from-base "$config_from_base"
boolean inline-ignores "$inline_ignores"
boolean allow-incomplete "$allow_incomplete"
boolean allow-empty "$allow_empty"

# Set `base` to the pull request's base commit: the input, else the event's base SHA.
find_base_commit() {
  base="${INPUT_BASE_REF:-}"
  if [ -z "$base" ] && [ -f "${GITHUB_EVENT_PATH:-}" ]; then
    base="$("$venv/bin/python" -c '
import json, sys
event = json.load(open(sys.argv[1], encoding="utf-8"))
print(((event.get("pull_request") or {}).get("base") or {}).get("sha", ""))
' "$GITHUB_EVENT_PATH")"
  fi
  [ -n "$base" ] || fail "config-from-base: no base commit (set base-ref, or run on pull_request)"
  case "$base" in -*) fail "config-from-base: '$base' is not a commit" ;; esac
  if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
    git fetch --quiet --no-tags --depth=1 origin "$base" ||
      fail "config-from-base: cannot fetch the base commit $base"
  fi
  base="$(git rev-parse --verify --quiet "$base^{commit}")" ||
    fail "config-from-base: ${INPUT_BASE_REF:-the base} is not a commit"
}

# The baseline a configuration copied from the base names, copied from the base too.
copy_base_baseline() {
  local config="$1" name="$2" wanted folder
  wanted="$("$venv/bin/python" -c '
import sys
from pathlib import Path
from sslint.linter.config import ConfigError, load_config
try:
    baseline = load_config(Path(sys.argv[1])).baseline
except ConfigError:
    baseline = None  # sslint itself reports the error
if baseline is not None:
    print(baseline.relative_to(Path(sys.argv[1]).parent.resolve()).as_posix())
' "$config")"
  [ -n "$wanted" ] || return 0
  folder="$(dirname -- "${name#./}")"
  [ "$folder" = . ] && folder="" || folder="$folder/"
  mkdir -p "$(dirname -- "$work/base/$wanted")"
  git show "$base:$folder$wanted" >"$work/base/$wanted" 2>/dev/null ||
    fail "config-from-base: the baseline $folder$wanted is not in the base commit ${base:0:12}"
}

# Configuration, suppressions, select and ignore: shared with the SARIF run below.
common=()
# --config from the base commit (never the checkout), and --isolated in any case.
config_description="the nearest sslint.toml, .sslint.toml or pyproject.toml in the checkout"
if [ "$config_from_base" = true ]; then
  find_base_commit
  names=(sslint.toml .sslint.toml pyproject.toml)
  [ -n "${INPUT_CONFIG:-}" ] && names=("$INPUT_CONFIG")
  mkdir -p "$work/base"
  common+=(--isolated)
  config_description="none: the base commit ${base:0:12} has none (defaults)"
  for name in "${names[@]}"; do
    copy="$work/base/$(basename -- "$name")"
    if git show "$base:${name#./}" >"$copy" 2>/dev/null; then
      copy_base_baseline "$copy" "$name"
      common+=(--config "$copy")
      config_description="$name from the base commit ${base:0:12}"
      break
    fi
  done
elif [ -n "${INPUT_CONFIG:-}" ]; then
  common+=(--config "$INPUT_CONFIG")
  config_description="$INPUT_CONFIG"
fi
echo "sslint configuration: $config_description"
[ "$inline_ignores" = false ] && common+=(--no-inline-ignores)
[ "$allow_incomplete" = true ] && args+=(--allow-incomplete)
[ "$allow_empty" = true ] && args+=(--allow-empty)
[ -n "${INPUT_SELECT:-}" ] && common+=(--select "$INPUT_SELECT")
[ -n "${INPUT_IGNORE:-}" ] && common+=(--ignore "$INPUT_IGNORE")
args+=(${common[@]+"${common[@]}"} --report "json:$work/findings.json" --report "markdown:$work/summary.md")

# diff-base: the input, else the pull request's base commit (from the event payload).
diff_base="${INPUT_DIFF_BASE:-}"
if [ -z "$diff_base" ] && [[ "${GITHUB_EVENT_NAME:-}" == pull_request* ]] && [ -f "${GITHUB_EVENT_PATH:-}" ]; then
  diff_base="$("$venv/bin/python" -c 'import json, sys
event = json.load(open(sys.argv[1], encoding="utf-8"))
print(((event.get("pull_request") or {}).get("base") or {}).get("sha") or "")' "$GITHUB_EVENT_PATH")"
fi
[ "$diff_base" = "none" ] && diff_base=""
case "$diff_base" in -*) fail "diff-base must be a commit, branch or tag, not '$diff_base'" ;; esac
if [ -n "$diff_base" ]; then
  # A shallow checkout (the default) lacks the base commit: fetch just that one.
  if ! git rev-parse --verify --quiet "$diff_base^{commit}" >/dev/null; then
    git fetch --quiet --no-tags --depth=1 origin "$diff_base" || true
  fi
  args+=(--diff-base "$diff_base")
  echo "sslint: reporting findings on lines changed since $diff_base"
fi
# SARIF always holds every finding: code scanning tracks alerts against the base itself.
[ -n "${INPUT_SARIF_FILE:-}" ] && [ -z "$diff_base" ] && args+=(--report "sarif:$INPUT_SARIF_FILE")

set -f # paths are split on white space, never globbed
read -r -d '' -a paths <<<"${INPUT_PATHS:-.}" || true
set +f
[ "${#paths[@]}" -gt 0 ] || paths=(.)

status=0
"$venv/bin/sslint" "${args[@]}" -- "${paths[@]}" || status=$?
case "$status" in
  0 | 1 | 3) ;; # 3: the scan is incomplete; its report is written and summarised
  *)
    echo "::error title=sslint::sslint exited with status $status (a usage or configuration error, a path that is not there, or no file scanned); see the log"
    exit "$status"
    ;;
esac
if [ -n "${INPUT_SARIF_FILE:-}" ] && [ -n "$diff_base" ]; then
  "$venv/bin/sslint" ${common[@]+"${common[@]}"} --exit-zero --quiet --allow-empty --allow-incomplete \
    --format sarif -o "$INPUT_SARIF_FILE" -- "${paths[@]}" || exit $?
fi

findings="$("$venv/bin/python" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$work/findings.json")"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    cat "$work/summary.md"
    echo
    echo "Configuration: $config_description."
  } >>"$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "findings=$findings"
    echo "sarif-file=${INPUT_SARIF_FILE:-}"
  } >>"$GITHUB_OUTPUT"
fi
rm -rf "$work"
exit "$status"
