#!/usr/bin/env bash
# The whole test suite: lint, types, then pytest. Called by `make test` (and so by CI).
set -uo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
set -e
.venv/bin/ruff check operator_desk tests bench
.venv/bin/mypy operator_desk/core
set +e
.venv/bin/python -m pytest -p no:cacheprovider "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
    echo "run-tests: pytest collected no tests; that is a failure here" >&2
    exit 1
fi
exit "$rc"
