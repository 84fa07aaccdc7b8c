#!/usr/bin/env bash
# Creates .venv-uno: the Python that runs unoserver next to LibreOffice.
# unoserver's server needs LibreOffice's `uno` module, which Debian ships for /usr/bin/python3 only
# (package python3-uno), so this environment is built from that interpreter with its system packages.
set -euo pipefail
cd "$(dirname "$0")/.."

UNO_VENV=.venv-uno
UNOSERVER_VERSION=3.7
SYSTEM_PYTHON=${UNO_PYTHON:-/usr/bin/python3}

if ! "$SYSTEM_PYTHON" -c 'import uno' 2>/dev/null; then
    echo "setup-uno: $SYSTEM_PYTHON cannot import 'uno'. Install the Debian packages" >&2
    echo "           libreoffice-writer-nogui and python3-uno (run 'make' as root to do it)." >&2
    exit 1
fi
if [ ! -x "$UNO_VENV/bin/python" ]; then
    "$SYSTEM_PYTHON" -m venv --system-site-packages "$UNO_VENV"
fi
"$UNO_VENV/bin/python" -m pip install --quiet "unoserver==$UNOSERVER_VERSION"
"$UNO_VENV/bin/python" -c 'import uno, unoserver.server' >/dev/null
echo "setup-uno: $UNO_VENV ready (unoserver $UNOSERVER_VERSION)"
