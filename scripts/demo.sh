#!/usr/bin/env bash
# The main job on the examples, as an office would do it: set up the office folder, check every
# example, take numbers from the register, render the documents to DOCX and PDF/A, sign the two
# seed decrees with the demo TEST certificate and verify them. Results stay in out/demo/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
naskah="$root/.venv/bin/naskah"
[ -x "$naskah" ] || { echo "Run 'bash scripts/install.sh' first." >&2; exit 1; }
out="$root/out/demo"
rm -rf "$out"
mkdir -p "$out"
cd "$out"
ex="$root/examples"

step() { printf '\n== %s\n' "$*"; }

step "1. Office folder with the example settings (naskah init --contoh)"
"$naskah" init --contoh

step "2. Check every example against the tata naskah rules"
"$naskah" periksa "$ex"/*.yaml

step "3. Take numbers from the register for the documents that have none yet"
"$naskah" nomor ambil -s naskah -k KP.04.05 -t 2024-06-05 -j "Surat Tugas" \
    -p "Penugasan narasumber Disdikbud Kota Bontang"
"$naskah" nomor pesan 3 -s naskah -k HK.03.01 -t 2024-06-05 -a "Cadangan SK bulan Juni"
"$naskah" nomor ambil -s naskah -k HK.03.01 -t 2024-08-01 -j "SK Kerja Sama" \
    -p "Kerja sama peningkatan mutu pendidikan dengan Dinas Pendidikan Kutai Kartanegara"
"$naskah" nomor daftar --ekspor buku-agenda.xlsx

step "4. Render every example to DOCX and PDF/A"
"$naskah" render "$ex"/keputusan-bpmp-kaltim-2024.yaml "$ex"/keputusan-bpmp-kalteng-2025.yaml \
    "$ex"/sk-kerja-sama-contoh.yaml "$ex"/surat-tugas-narasumber.yaml \
    "$ex"/sertifikat-kegiatan.yaml --format semua --keluaran render

step "5. Sign both seed decrees with the demo TEST certificate, visibly, and verify them"
NASKAH_SANDI=naskah-uji "$naskah" tte tandatangani render/keputusan-bpmp-*.pdf \
    --sandi-env NASKAH_SANDI --tampak --keluaran ditandatangani
"$naskah" tte verifikasi ditandatangani/*.pdf

step "Done. Everything is in $out"
ls -1 "$out"/render "$out"/ditandatangani
