#!/usr/bin/env bash
# Issue 22, as an office would do it: keep a decree of another office (the Directorate-General
# of Higher Education's 38/E/KPT/2021, a PDF made here with LibreOffice from its text) without
# touching naskah.toml or the office's numbering, find it with naskah cari, see its signature
# said honestly; then issue the Standar Pelayanan booklet, back-dated, along the one path the
# refusal spells out (an inserted number written in its YAML).
# Results stay in out/demo-arsip/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
naskah="${NASKAH:-$root/.venv/bin/naskah}"
python="${PYTHON:-$root/.venv/bin/python}"
[ -x "$naskah" ] || { echo "Run 'bash scripts/install.sh' first." >&2; exit 1; }
out="$root/out/demo-arsip"
rm -rf "$out"
mkdir -p "$out"
cd "$out"
ex="$root/examples"

step() { printf '\n== %s\n' "$*"; }

step "1. Office folder with the example settings (naskah init --contoh)"
"$naskah" init --contoh
sha256sum naskah.toml > naskah.toml.sha256

step "2. A decree of another office arrives as a PDF"
mkdir -p masuk
cat > masuk/sk-dirjen-dikti-38-E-KPT-2021.txt <<'EOF'
KEMENTERIAN PENDIDIKAN, KEBUDAYAAN,
RISET, DAN TEKNOLOGI
DIREKTORAT JENDERAL PENDIDIKAN TINGGI
Jalan Jenderal Sudirman Pintu Satu, Senayan, Jakarta 10270

KEPUTUSAN DIREKTUR JENDERAL PENDIDIKAN TINGGI
NOMOR 38/E/KPT/2021
TENTANG
PEDOMAN PENYELENGGARAAN PROGRAM STUDI
DI LUAR KAMPUS UTAMA

DIREKTUR JENDERAL PENDIDIKAN TINGGI,
Menimbang : bahwa untuk meningkatkan akses pendidikan tinggi di daerah perlu menetapkan pedoman;
MEMUTUSKAN:
Menetapkan : KEPUTUSAN DIREKTUR JENDERAL PENDIDIKAN TINGGI TENTANG PEDOMAN PENYELENGGARAAN
PROGRAM STUDI DI LUAR KAMPUS UTAMA.

Ditetapkan di Jakarta
pada tanggal 15 Maret 2021
DIREKTUR JENDERAL,
ttd.
NIZAM
NIP 196107061987101001
EOF
soffice --headless "-env:UserInstallation=file://$out/lo-profil" --convert-to pdf \
    --outdir masuk masuk/sk-dirjen-dikti-38-E-KPT-2021.txt > /dev/null 2> soffice.log

step "3. It is signed by its own office (here a TEST key of Nizam, which this office does not trust)"
# -W ignore: a library warning is not for staff (naskah's own commands route them to --verbose)
"$python" -W ignore - <<'PY'
from pathlib import Path
from naskah.tte import OpsiTandaTangan, SesiTandaTangan, buat_p12_contoh, muat_p12
p12 = buat_p12_contoh(Path("masuk/nizam-uji.p12"), "Prof. Ir. Nizam, M.Sc., DIC, Ph.D.",
                      b"uji-dikti", jabatan="Direktur Jenderal Pendidikan Tinggi",
                      nip="196107061987101001")
with muat_p12(p12, b"uji-dikti") as kunci:
    sesi = SesiTandaTangan(kunci, OpsiTandaTangan(keluaran=Path("masuk"), tanpa_catatan=True))
    sesi.tandatangani(Path("masuk/sk-dirjen-dikti-38-E-KPT-2021.pdf"))
PY

step "4. Keep it: fields read from the PDF, no number of this office taken, naskah.toml unchanged"
"$naskah" arsip impor --luar masuk/sk-dirjen-dikti-38-E-KPT-2021-ttd.pdf
sha256sum -c naskah.toml.sha256
"$naskah" nomor daftar
"$naskah" arsip periksa
"$naskah" tte verifikasi masuk/sk-dirjen-dikti-38-E-KPT-2021-ttd.pdf --luring || true

step "5. Find it like the office's own documents"
"$naskah" cari "38/E" --batas 1
"$naskah" cari "dikti 38" --batas 1

step "6. The Standar Pelayanan booklet, back-dated after later numbers: refused before rendering"
cp "$ex"/standar-pelayanan-bpmp-kaltim-2024.yaml .
"$naskah" nomor ambil -t 2024-05-02 -p "Surat awal" -k HK.03.01
"$naskah" nomor ambil -t 2024-06-03 -p "Surat kemudian" -k HK.03.01
if NASKAH_SANDI=naskah-uji "$naskah" terbitkan standar-pelayanan-bpmp-kaltim-2024.yaml \
    --tandatangani --sandi-env NASKAH_SANDI 2> tolak.txt; then
    echo "expected a refusal" >&2; exit 1
fi
cat tolak.txt

step "7. The path it spells out: an inserted number in the YAML's nomor key, then issue"
sisip="$("$naskah" nomor sisip --setelah 0001/C7.24/HK.03.01/2024 -s naskah -k OT.02.02 \
    -t 2024-05-21 -p "Standar Pelayanan di Lingkungan BPMP Provinsi Kalimantan Timur Tahun 2024")"
echo "nomor: $sisip" >> standar-pelayanan-bpmp-kaltim-2024.yaml
NASKAH_SANDI=naskah-uji "$naskah" terbitkan standar-pelayanan-bpmp-kaltim-2024.yaml \
    --tandatangani --sandi-env NASKAH_SANDI
"$naskah" tte verifikasi terbit/standar-pelayanan-bpmp-kaltim-2024-ttd.pdf
