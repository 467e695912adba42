#!/usr/bin/env bash
# Refresh the lock files in requirements/ from pyproject.toml's ranges, reinstall from them and
# run the whole test suite. An upgrade is a deliberate commit of requirements/*.txt with a line
# in CHANGELOG.md; nothing else ever changes the versions naskah is installed with.
#
#   bash scripts/perbarui-dependensi.sh            # newest versions within the ranges
#   bash scripts/perbarui-dependensi.sh --tetap    # keep the locked versions (after a range change)
#   bash scripts/perbarui-dependensi.sh -P paket   # upgrade one package only (uv's -P)
#
# uv (in the dev extra) resolves once for every Python from 3.11 up (--universal) and records
# the SHA-256 of every file PyPI has for each version, so pip can install with --require-hashes.
set -euo pipefail
cd "$(dirname "$0")/.."

uv=.venv/bin/uv
[ -x "$uv" ] || { echo "uv belum terpasang: jalankan dulu bash scripts/install.sh --test" >&2; exit 1; }

naik=(--upgrade)
case "${1:-}" in
    --tetap) naik=(); shift ;;
    -P) naik=(--upgrade-package "$2"); shift 2 ;;
esac

umum=(--universal --python-version 3.11 --generate-hashes --quiet
      --custom-compile-command "bash scripts/perbarui-dependensi.sh")
# The test set is the superset; the main install is resolved within it, so both agree.
"$uv" pip compile pyproject.toml requirements/bangun.in --extra test --extra dev \
    "${naik[@]}" "${umum[@]}" -o requirements/uji.txt
"$uv" pip compile pyproject.toml requirements/bangun.in --extra layanan --extra postgresql \
    -c requirements/uji.txt "${umum[@]}" -o requirements/utama.txt

bash scripts/install.sh --test
.venv/bin/python -m pytest
