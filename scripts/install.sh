#!/usr/bin/env bash
# Install everything naskah needs on a fresh Debian machine with Python 3.11+:
# the system tools (LibreOffice, Graphviz, poppler, qpdf, fonts), then naskah itself in .venv.
# With --test, also the tools the test suite runs for real (SoftHSM2, PostgreSQL, chromium), the
# Python test dependencies and the developer tools (ruff, mypy, uv). Python packages are
# installed from the lock files in requirements/ only.
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=0
[ "${1:-}" = "--test" ] && with_tests=1

packages=(libreoffice-writer-nogui graphviz poppler-utils qpdf fontconfig fonts-texgyre
          fonts-liberation2 hyphen-id)
if [ "$with_tests" = 1 ]; then
    # chromium: the web service tests drive it headless (Playwright, no browser download)
    packages+=(softhsm2 postgresql fonts-dejavu-core zbar-tools chromium)
fi
# Debian's python3 needs python3-venv to create a virtual environment.
if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
    packages+=(python3-venv)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
fi
# PostgreSQL is only a test dependency: the suite starts its own server, so the packaged
# cluster service is not needed.

[ -x .venv/bin/python ] || python3 -m venv .venv
# Every Python package comes from the lock (exact versions, SHA-256 checked): an upstream
# release never changes what is installed. scripts/perbarui-dependensi.sh refreshes the lock.
lock=requirements/utama.txt
[ "$with_tests" = 1 ] && lock=requirements/uji.txt
.venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r "$lock"
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
echo "naskah is installed: $(.venv/bin/naskah --version)"
