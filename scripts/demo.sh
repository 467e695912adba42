#!/usr/bin/env bash
# The main job on the examples, as an office would do it: set up the office folder, check every
# example, issue the Kaltim decree signed (its number comes from the old buku agenda), issue the
# surat tugas and the SK kerja sama with their numbers printed, issue the example activity's
# certificates, find a participant's certificate with naskah cari; then sign the Kalteng decree
# with its own signer's TEST certificate (from a second office folder) and archive it; last,
# start the public verification service, open one signed certificate's page and the page the
# signed Kalteng decree's QR code leads to; then sign the Kaltim decree and the certificates
# through a SIMULATOR of BSrE's Esign Client Service; last, the ULT desk (scripts/demo-ult.sh),
# the desk in a browser (demo-web.sh), the yearly evaluation (demo-ikm.sh) and other offices'
# documents with the booklet (demo-arsip.sh).
# Results stay in out/demo/ (and out/demo-*/ for the last four).
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

step "3. Issue the Kaltim decree, signed (its number 0512 was issued before naskah: import it)"
# the documents live in the office folder: naskah knows a document by its path there
cp "$ex"/*.yaml "$ex"/peserta-contoh.* .
printf '%s\n' "nomor,tanggal,perihal,jenis" \
    "0512/C7.24/HK.03.01/2024,2024-05-21,Penetapan Standar Pelayanan di ULT BPMP Kaltim,Keputusan" \
    "0274/C7.22/OT.02.02/2025,2025-03-06,Penetapan Standar Pelayanan Publik BPMP Kalteng,Keputusan" \
    > buku-agenda-lama.csv
"$naskah" nomor impor buku-agenda-lama.csv --seri naskah
NASKAH_SANDI=naskah-uji "$naskah" terbitkan keputusan-bpmp-kaltim-2024.yaml --tandatangani \
    --sandi-env NASKAH_SANDI
"$naskah" tte verifikasi terbit/keputusan-bpmp-kaltim-2024-ttd.pdf

step "4. Issue the surat tugas and the SK kerja sama: numbered from the register, number printed"
"$naskah" terbitkan surat-tugas-narasumber.yaml
"$naskah" terbitkan sk-kerja-sama-contoh.yaml
for d in surat-tugas-narasumber sk-kerja-sama-contoh; do
    pdftotext "terbit/$d.pdf" "terbit/$d.txt"
    printf '%s: ' "$d"; grep -m1 -i 'nomor' "terbit/$d.txt"
done
# the same command again resumes or, once issued, changes nothing (never a second number)
"$naskah" terbitkan surat-tugas-narasumber.yaml
"$naskah" nomor daftar --ekspor buku-agenda.xlsx

step "5. Issue the example activity's certificates (numbered, QR, signed, archived, indexed)"
NASKAH_SANDI=naskah-uji "$naskah" sertifikat terbitkan sertifikat-kegiatan.yaml \
    --sandi-env NASKAH_SANDI --zip

step "6. Find a participant's certificate, and the documents issued"
"$naskah" cari --peserta "Dewi Lestari" --jenis sertifikat
"$naskah" cari "narasumber Bontang" --batas 2
"$naskah" arsip periksa

step "7. Render the Kalteng decree (another office's)"
"$naskah" render "$ex"/keputusan-bpmp-kalteng-2025.yaml "$ex"/keputusan-bpmp-kaltim-2024.yaml \
    --format semua --keluaran render

step "8. Sign each seed decree with its own signer's TEST certificate, visibly, and verify"
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
cp "$ex"/kalteng/naskah.toml kalteng/naskah.toml
NASKAH_SANDI=naskah-uji "$naskah" --config kalteng/naskah.toml tte sertifikat-uji \
    --pejabat kepala --sandi-env NASKAH_SANDI
NASKAH_SANDI=naskah-uji "$naskah" --config kalteng/naskah.toml tte tandatangani \
    render/keputusan-bpmp-kalteng-2025.pdf --sandi-env NASKAH_SANDI --tampak \
    --keluaran ditandatangani
"$naskah" tte verifikasi ditandatangani/keputusan-bpmp-kaltim-2024-ttd.pdf
"$naskah" --config kalteng/naskah.toml tte verifikasi \
    ditandatangani/keputusan-bpmp-kalteng-2025-ttd.pdf

step "9. Archive the signed Kalteng decree (its number from the old buku agenda), find it"
"$naskah" arsip simpan "$ex/keputusan-bpmp-kalteng-2025.yaml" \
    --docx render/keputusan-bpmp-kalteng-2025.docx --pdf render/keputusan-bpmp-kalteng-2025.pdf \
    --ttd ditandatangani/keputusan-bpmp-kalteng-2025-ttd.pdf
"$naskah" arsip periksa
# each signed decree, found by a phrase, by its number and by its signer (the demo stops if not)
temukan() {
    local nomor="$1"; shift
    "$naskah" cari "$@" | tee cari.txt
    grep -qF "$nomor" cari.txt || { echo "naskah cari $* tidak menemukan $nomor" >&2; exit 1; }
}
kaltim="0512/C7.24/HK.03.01/2024"
kalteng="0274/C7.22/OT.02.02/2025"
temukan "$kaltim" "standar pelayanan di unit layanan terpadu" --jenis keputusan --batas 1
temukan "$kalteng" "standar pelayanan publik kalimantan tengah" --jenis keputusan --batas 1
temukan "$kaltim" "$kaltim" --batas 1
temukan "$kalteng" "$kalteng" --batas 1
temukan "$kaltim" --penandatangan "Jarwoko" --jenis keputusan --batas 1
temukan "$kalteng" --penandatangan "Tomy Haridjaya" --jenis keputusan --batas 1

step "10. Start the public verification service (naskah layanan) and open one certificate's page"
# the verification id of one issued certificate (the address its QR code carries)
id=$(grep -rhom1 '"id_verifikasi": *"[A-Za-z0-9_-]*"' archive/*/sertifikat | head -n1 \
    | sed 's/.*"\([A-Za-z0-9_-]*\)"$/\1/')
rm -f layanan.fifo && mkfifo layanan.fifo
"$naskah" layanan --host 127.0.0.1 --port 0 > layanan.fifo 2> layanan.log &
layanan_pid=$!
exec 3< layanan.fifo
read -r siap <&3   # the service prints this line once it is ready
echo "$siap"
alamat=$(printf '%s\n' "$siap" | sed 's/.* di \(http[^ ]*\) .*/\1/')
echo "Halaman verifikasi sertifikat bertanda tangan: $alamat/verifikasi/$id"
"$root/.venv/bin/python" -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' \
    "$alamat/verifikasi/$id" | grep -o 'ASLI DAN BERLAKU'
# the QR code of the visibly signed Kalteng decree, read from its page image, answers too: the
# stamp carries the one verification id the archive knows the decree by
qr=$(for png in $(pdftoppm -r 200 -png ditandatangani/keputusan-bpmp-kalteng-2025-ttd.pdf qr \
        && ls qr-*.png); do zbarimg -q --raw "$png" 2>/dev/null || true; done | head -n1)
rm -f qr-*.png
echo "Kode QR keputusan Kalteng bertanda tangan: $qr"
"$root/.venv/bin/python" -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' \
    "$alamat/verifikasi/${qr##*/}" | grep -o 'ASLI DAN BERLAKU'

step "11. Sign through BSrE's Esign Client Service: here its SIMULATOR (not BSrE, TEST keys)"
# a copy of the office settings signing through the ESC; the head's NIK is needed by the ESC
mkdir -p bsre
cp lambang-contoh.png bsre/   # the office's emblem, named relative to its naskah.toml
sed -e 's/^\[tte\]$/[tte]\npenyedia = "bsre"/' \
    -e 's/^\[pejabat\.kepala\]$/[pejabat.kepala]\nnik = "6472011903700001"/' \
    -e 's|^akar_tepercaya = .*|akar_tepercaya = ["tte-simulator/kepala-uji.pem"]|' \
    naskah.toml > bsre/naskah.toml
export NASKAH_BSRE_PENGGUNA=esc NASKAH_BSRE_SANDI=simulator
rm -f esc.fifo && mkfifo esc.fifo
NASKAH_SANDI=naskah-uji "$naskah" --config bsre/naskah.toml tte simulator-bsre --port 0 \
    --sandi-env NASKAH_SANDI > esc.fifo 2> esc.log &
esc_pid=$!
exec 4< esc.fifo
read -r esc_siap <&4   # printed once the simulator listens
echo "$esc_siap"
printf '\n[tte.bsre]\nurl = "%s"\nversi = 2\n' \
    "$(printf '%s\n' "$esc_siap" | sed 's/.* di \(http[^ ]*\) .*/\1/')" >> bsre/naskah.toml
NASKAH_SANDI=naskah-uji "$naskah" --config bsre/naskah.toml tte tandatangani \
    render/keputusan-bpmp-kaltim-2024.pdf --sandi-env NASKAH_SANDI --tampak --keluaran bsre/ttd
"$naskah" --config bsre/naskah.toml tte verifikasi --bsre --luring \
    bsre/ttd/keputusan-bpmp-kaltim-2024-ttd.pdf
NASKAH_SANDI=naskah-uji "$naskah" --config bsre/naskah.toml sertifikat terbitkan \
    sertifikat-kegiatan.yaml --sandi-env NASKAH_SANDI --keluaran bsre/sertifikat
kill -TERM "$esc_pid" && wait "$esc_pid" || true

# The ULT desk and the rest, each in its own office folder under out/ (their scripts say more)
step "12. The ULT desk: one request of each service and a complaint, to products and closing"
bash "$root/scripts/demo-ult.sh"
step "13. The desk in a browser: the public site and the staff's desk, one request end to end"
bash "$root/scripts/demo-web.sh"
step "14. The yearly evaluation: a generated year, the satisfaction index, the signed report"
bash "$root/scripts/demo-ikm.sh"
step "15. Other offices' documents in the archive, and the Standar Pelayanan booklet issued"
bash "$root/scripts/demo-arsip.sh"

step "Done. Everything is in $out (and out/demo-ult, out/demo-web, out/demo-ikm, out/demo-arsip)"
ls -1 "$out"/terbit "$out"/ditandatangani
ls "$out"/sertifikat-sertifikat-kegiatan | head -3
if [ -t 0 ]; then
    echo "Layanan verifikasi tetap berjalan di $alamat; hentikan dengan Ctrl-C."
    wait "$layanan_pid"
else
    kill -TERM "$layanan_pid" && wait "$layanan_pid" || true
fi
