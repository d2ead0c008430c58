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
[ "$rc" -eq 0 ] || exit "$rc"
# The packaged build is tested too: bundle, .deb, install, the installed desk's self-test.
# (SKIP_PACKAGE=1 skips it for a quick local run.)
if [ "${SKIP_PACKAGE:-0}" != 1 ]; then
    bash scripts/package-test.sh
fi
