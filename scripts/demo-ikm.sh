#!/usr/bin/env bash
# The yearly evaluation of the ULT desk on the Kaltim example office: a seeded, generated year of
# requests (some late, a few refused or extended), complaints and survey answers (a spread of
# scores, some on paper), then the Laporan Evaluasi Penerapan Standar Pelayanan with the head's
# follow-up plan: YAML, DOCX, PDF/A, the XLSX of every figure, and its pages as PNG.
# Results stay in out/demo-ikm/. NASKAH overrides the command (e.g. NASKAH="python -m naskah"),
# PYTHON the interpreter with openpyxl (the venv's); TAHUN the evaluated year (2025), BENIH the
# seed (2025).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
read -r -a naskah <<< "${NASKAH:-$root/.venv/bin/naskah}"
py="${PYTHON:-$root/.venv/bin/python}"
out="$root/out/demo-ikm"
tahun="${TAHUN:-2025}"
benih="${BENIH:-2025}"
rm -rf "$out"
mkdir -p "$out"
cd "$out"
ex="$root/examples"
step() { printf '\n== %s\n' "$*"; }

step "1. Office folder with its standards (Kaltim decree) and a public address for survey links"
"${naskah[@]}" init --contoh
cat >> naskah.toml <<TOML

[layanan]
url_publik = "https://ult.bpmpkaltim.example.go.id"

[ult]
standar = ["$ex/keputusan-bpmp-kaltim-2024.yaml"]
[ult.layanan.kerjasama]
hari_kerja_jawaban = 3
unit = "Subbag Umum"
TOML
"${naskah[@]}" ult layanan

step "2. A generated year $tahun through the library: requests, complaints, survey answers"
"${naskah[@]}" ult simulasi --tahun "$tahun" --benih "$benih"

step "3. Paper questionnaires: the template, filled, imported (all or nothing)"
"${naskah[@]}" ult survei templat survei-kertas.xlsx
"$py" - "$tahun" <<'PY'
import random, sys
from openpyxl import load_workbook
tahun = int(sys.argv[1])
acak = random.Random(7)
wb = load_workbook("survei-kertas.xlsx")
ws = wb["Jawaban"]
for i in range(2, 14):  # twelve paper forms of the facility service
    ws.cell(i, 2, "fasilitas")
    ws.cell(i, 3, f"{tahun}-{acak.randint(1, 12):02d}")
    for j in range(4, 13):
        ws.cell(i, j, max(1, min(4, round(acak.gauss(3.2, 0.6)))))
    ws.cell(i, 14, "Perempuan" if i % 2 else "Laki-laki")
wb.save("survei-kertas-terisi.xlsx")
ws.cell(5, 6, 7)  # a slip: a score of 7
wb.save("survei-kertas-salah.xlsx")
PY
if "${naskah[@]}" ult survei impor survei-kertas-salah.xlsx; then
    echo "impor berkas salah seharusnya ditolak" >&2; exit 1
fi
"${naskah[@]}" ult survei impor survei-kertas-terisi.xlsx

step "4. The head's part: follow-up plan (rencana tindak lanjut)"
cat > rencana-tindak-lanjut.yaml <<YAML
rencana_tindak_lanjut:
  - unsur: U8
    masalah: Pengaduan lewat telepon dan media sosial belum selalu dicatat dan dijawab dalam 5 hari kerja.
    kegiatan: Semua pengaduan dicatat di meja layanan; ringkasan jatuh tempo dikirim setiap pagi.
    waktu: Triwulan I $((tahun + 1))
    penanggung_jawab: Kasubbag Umum
  - unsur: U3
    masalah: Sebagian jawaban permohonan kerja sama melewati 3 hari kerja.
    kegiatan: Disposisi kepala paling lambat 1 hari kerja setelah permohonan diterima.
    waktu: Januari–Juni $((tahun + 1))
    penanggung_jawab: Ketua Pokja Kemitraan
catatan:
  - Evaluasi berikutnya dilakukan pada akhir semester I $((tahun + 1)).
tembusan:
  - Sekretaris Direktorat Jenderal PAUD, Pendidikan Dasar, dan Pendidikan Menengah
YAML

step "5. The report: YAML, DOCX, PDF/A and the XLSX of every figure"
"${naskah[@]}" ult laporan --tahun "$tahun" --rencana rencana-tindak-lanjut.yaml \
    --tanggal "$((tahun + 1))-01-12" --keluaran laporan
"${naskah[@]}" periksa "laporan/laporan-evaluasi-$tahun.yaml" || true

step "6. The pages as PNG (look at them)"
pdftoppm -r 80 -png "laporan/laporan-evaluasi-$tahun.pdf" laporan/halaman
ls laporan

step "7. Issued like any naskah: numbered, rendered, signed (the TEST certificate), archived"
NASKAH_SANDI_UJI=naskah-uji "${naskah[@]}" ult laporan --tahun "$tahun" \
    --rencana rencana-tindak-lanjut.yaml --tanggal "$((tahun + 1))-01-12" --keluaran terbit \
    --klasifikasi OT.02.02 --terbitkan --tandatangani --sandi-env NASKAH_SANDI_UJI
pdfsig terbit/terbit/laporan-evaluasi-"$tahun"-ttd.pdf | grep -E "Signer Certificate Common Name|Signature Validation"
