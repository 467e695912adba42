#!/usr/bin/env bash
# The ULT desk on the Kaltim example office: one request of each service and one complaint,
# each walked to its products and closing, with `naskah ult jatuh-tempo` on the way.
# The speaker request ends with its surat tugas issued by the pipeline (numbered, rendered,
# archived) and the cooperation request with the example SK kerja sama. Results stay in
# out/demo-ult/. NASKAH overrides the command (e.g. NASKAH="python -m naskah").
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
read -r -a naskah <<< "${NASKAH:-$root/.venv/bin/naskah}"
out="$root/out/demo-ult"
rm -rf "$out"
mkdir -p "$out"
cd "$out"
ex="$root/examples"
step() { printf '\n== %s\n' "$*"; }
kode() { python3 -c 'import json,sys; print(json.load(sys.stdin)["kode"])'; }
tahun=$(( $(date +%Y) + 1 ))

step "1. Office folder, its standards and facilities in naskah.toml"
"${naskah[@]}" init --contoh
cp "$ex"/sk-kerja-sama-contoh.yaml .
cat >> naskah.toml <<TOML

[pejabat.siti]
nama = "Siti Rahmawati"
gelar_belakang = "S.Pd., M.Pd."
nip = "19780512 200312 2 004"
pangkat = "Pembina (IV/a)"
jabatan = "Widyaprada Ahli Madya"

[ult]
standar = ["$ex/keputusan-bpmp-kaltim-2024.yaml"]
[ult.layanan.kerjasama]
hari_kerja_jawaban = 3
unit = "Subbag Umum"
[ult.fasilitas.aula]
nama = "Aula Utama"
jenis = "aula"
kapasitas = 150
tarif_hari = 1500000
tarif_setengah_hari = 800000
TOML
"${naskah[@]}" ult periksa
"${naskah[@]}" ult layanan

step "2. Receive one request of each service and one complaint"
printf '%%PDF-1.4\n%%%%EOF\n' > surat-permohonan.pdf
ks=$("${naskah[@]}" ult terima kerjasama --instansi "Dinas Pendidikan Kota Samarinda" \
    --telepon 081122334455 --syarat semua --perihal "Pendampingan penyusunan KOSP" \
    --lampiran surat-permohonan.pdf --json | kode)
ns=$("${naskah[@]}" ult terima narasumber --instansi "Disdikbud Kota Bontang" \
    --telepon 081122334466 --syarat semua --kegiatan "$tahun-02-02" \
    --perihal "Bimbingan Teknis Perencanaan Berbasis Data" --json | kode)
fs=$("${naskah[@]}" ult terima fasilitas --instansi "MGMP Matematika Samarinda" \
    --email mgmp@example.org --syarat semua --kanal surel --json | kode)
ad=$("${naskah[@]}" ult pengaduan terima --isi "Balasan permohonan belum diterima" \
    --kanal telepon --permohonan "$ks" --json | kode)
"${naskah[@]}" ult daftar
"${naskah[@]}" ult jatuh-tempo

step "3. Cooperation: disposition, approval, the SK kerja sama issued and linked, closing"
"${naskah[@]}" ult disposisi "$ks" --kepada "Kasubbag Umum" --unit "Subbag Umum" \
    --catatan "Mohon dikaji bersama Pokja Kemitraan"
"${naskah[@]}" ult putuskan "$ks" --setuju
"${naskah[@]}" ult terbitkan "$ks" sk-kerja-sama-contoh.yaml
"${naskah[@]}" ult tutup "$ks"

step "4. Speaker: approval, the surat tugas drafted from the request, issued, closing"
"${naskah[@]}" ult putuskan "$ns" --setuju
"${naskah[@]}" ult surat-tugas "$ns" --petugas siti --tempat "Aula Disdikbud Kota Bontang" \
    --klasifikasi KP.04.05 --keluar surat-tugas-narasumber.yaml
"${naskah[@]}" ult terbitkan "$ns" surat-tugas-narasumber.yaml
"${naskah[@]}" ult tutup "$ns"

step "5. Facility: approval, the hall booked at its PNBP tariff, check-in, check-out, closing"
"${naskah[@]}" ult putuskan "$fs" --setuju
pesan=$("${naskah[@]}" ult fasilitas pesan aula --mulai "$tahun-03-02 08:00" \
    --selesai "$tahun-03-03 16:00" --peserta 80 --permohonan "$fs" --json \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
"${naskah[@]}" ult fasilitas daftar
"${naskah[@]}" ult fasilitas masuk "$pesan"
"${naskah[@]}" ult fasilitas keluar "$pesan"
"${naskah[@]}" ult tutup "$fs"

step "6. Complaint: handled, answered, closed"
"${naskah[@]}" ult pengaduan tindak "$ad" --catatan "Dicek ke Subbag Umum" --unit "Subbag Umum"
"${naskah[@]}" ult pengaduan jawab "$ad" --jawaban "Surat jawaban telah dikirim."
"${naskah[@]}" ult pengaduan tutup "$ad"

step "7. Nothing is due any more; the whole trail of one request; the export"
"${naskah[@]}" ult jatuh-tempo
"${naskah[@]}" ult lihat "$ns"
"${naskah[@]}" ult ekspor ult-laporan.xlsx
