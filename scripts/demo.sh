#!/usr/bin/env bash
# The main job on the examples, as an office would do it: set up the office folder, check every
# example, take numbers from the register, render the documents to DOCX and PDF/A, sign each seed
# decree with its own signer's TEST certificate (the Kalteng one from a second office folder) and
# verify them. Results stay in out/demo/.
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

step "5. Sign each seed decree with its own signer's TEST certificate, visibly, and verify"
# Kaltim: this office (naskah init --contoh made its head's TEST certificate).
NASKAH_SANDI=naskah-uji "$naskah" tte tandatangani render/keputusan-bpmp-kaltim-2024.pdf \
    --sandi-env NASKAH_SANDI --tampak --keluaran ditandatangani
# The Kalteng decree is signed by the head of another office: the Kaltim certificate is refused.
if NASKAH_SANDI=naskah-uji "$naskah" tte tandatangani render/keputusan-bpmp-kalteng-2025.pdf \
    --sandi-env NASKAH_SANDI --keluaran ditolak; then
    echo "The Kaltim certificate must not sign the Kalteng decree." >&2; exit 1
fi
# BPMP Kalteng's own office folder (WIB, from its province), with a TEST certificate for its head.
mkdir -p kalteng
cat > kalteng/naskah.toml <<'TOML'
[instansi]
kementerian = "KEMENTERIAN PENDIDIKAN DASAR DAN MENENGAH"
unit = "BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI KALIMANTAN TENGAH"
alamat = "Jalan Tjilik Riwut Km 4,5 Nomor 74, Palangka Raya"
kota = "Palangka Raya"
kode_unit = "C7.22"

[pejabat.kepala]
nama = "Tomy Haridjaya"
gelar_depan = "Dr."
gelar_belakang = "S.Sos., M.M."
nip = "19701019 200212 1 002"
jabatan = "Kepala BPMP Provinsi Kalimantan Tengah"

[tte]
url_verifikasi = "https://bpmpkalteng.kemdikbud.go.id/verifikasi/{id}"
lokasi = "Palangka Raya"
p12 = "tte-uji/kepala-uji.p12"
akar_tepercaya = ["tte-uji/kepala-uji.pem"]
TOML
NASKAH_SANDI=naskah-uji "$naskah" --config kalteng/naskah.toml tte sertifikat-uji \
    --pejabat kepala --sandi-env NASKAH_SANDI
NASKAH_SANDI=naskah-uji "$naskah" --config kalteng/naskah.toml tte tandatangani \
    render/keputusan-bpmp-kalteng-2025.pdf --sandi-env NASKAH_SANDI --tampak \
    --keluaran ditandatangani
"$naskah" tte verifikasi ditandatangani/keputusan-bpmp-kaltim-2024-ttd.pdf
"$naskah" --config kalteng/naskah.toml tte verifikasi \
    ditandatangani/keputusan-bpmp-kalteng-2025-ttd.pdf

step "6. Archive both signed seed decrees (their numbers come from the old buku agenda), check the archive, find each"
printf '%s\n' "nomor,tanggal,perihal,jenis" \
    "0512/C7.24/HK.03.01/2024,2024-05-21,Penetapan Standar Pelayanan di ULT BPMP Kaltim,Keputusan" \
    "0274/C7.22/OT.02.02/2025,2025-03-06,Penetapan Standar Pelayanan Publik BPMP Kalteng,Keputusan" \
    > buku-agenda-lama.csv
"$naskah" nomor impor buku-agenda-lama.csv --seri naskah
for d in kaltim-2024 kalteng-2025; do
    "$naskah" arsip simpan "$ex/keputusan-bpmp-$d.yaml" --docx "render/keputusan-bpmp-$d.docx" \
        --pdf "render/keputusan-bpmp-$d.pdf" --ttd "ditandatangani/keputusan-bpmp-$d-ttd.pdf"
done
"$naskah" arsip periksa
"$naskah" cari "standar pelayanan unit layanan terpadu" --batas 3
"$naskah" cari "0274/C7.22/OT.02.02/2025" --batas 1
"$naskah" cari --penandatangan "Jarwoko" --batas 1

step "Done. Everything is in $out"
ls -1 "$out"/render "$out"/ditandatangani
