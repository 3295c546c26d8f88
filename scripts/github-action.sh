#!/usr/bin/env bash
# The steps of action.yml, one subcommand each, so that what each input turns into is plain to
# read and testable without GitHub: install | check | coverage | verdict. Inputs come as
# DOCWRIGHT_* variables (never spliced into the script text), paths split on whitespace and
# never glob-expanded.
set -euo pipefail
set -f
docwright="${RUNNER_TEMP:?}/docwright/node_modules/.bin/docwright"
read -r -a paths <<< "${DOCWRIGHT_PATHS:-.}"
[ ${#paths[@]} -gt 0 ] || paths=(.)

case "${1:-}" in
  install)
    # The npm package of the same version as the action, unless the workflow asks for another.
    version="${DOCWRIGHT_VERSION:-$(node -p "require(process.argv[1]).version" "${GITHUB_ACTION_PATH:?}/package.json")}"
    npm install --prefix "$RUNNER_TEMP/docwright" --no-save --no-audit --no-fund "docwright@$version"
    "$docwright" --version
    ;;
  check)
    args=(check "${paths[@]}" --format sarif)
    [ -z "${DOCWRIGHT_BASELINE:-}" ] || args+=(--baseline "$DOCWRIGHT_BASELINE")
    read -r -a extra <<< "${DOCWRIGHT_ARGS:-}"
    args+=("${extra[@]}")
    status=0
    "$docwright" "${args[@]}" > "${DOCWRIGHT_SARIF:?}" || status=$?
    echo "status=$status" >> "${GITHUB_OUTPUT:?}"
    # 0 clean, 1 findings (uploaded, then judged by the verdict step); anything else is an error.
    [ "$status" -le 1 ] || { echo "::error::docwright check exited with status $status"; exit "$status"; }
    ;;
  coverage)
    "$docwright" coverage "${paths[@]}" --fail-under "${DOCWRIGHT_FAIL_UNDER:?}"
    ;;
  verdict)
    if [ "${DOCWRIGHT_CHECK_STATUS:-}" = 1 ] && [ "${DOCWRIGHT_FAIL_ON_FINDINGS:-true}" = true ]; then
      echo "::error::docwright check reported findings (see the code scanning alerts or ${DOCWRIGHT_SARIF:-the SARIF file})"
      exit 1
    fi
    ;;
  *)
    echo "usage: github-action.sh install|check|coverage|verdict" >&2
    exit 2
    ;;
esac
