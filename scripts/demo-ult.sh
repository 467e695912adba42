#!/usr/bin/env bash
# The ULT desk on the Kaltim example office: one request of each service and one complaint,
# each walked to its products and closing, with `naskah ult jatuh-tempo` on the way.
# Every product is drafted from the request's data and issued by the pipeline (numbered,
# rendered, signed with the example office's TEST certificate, archived) and linked to its
# request: the cooperation's letter of agreement, SK kerja sama, cooperation agreement (PKS) and
# participants' certificates, the speaker's surat tugas, the facility's reply with the booked hall
# and its PNBP tariff, and a refused request's letter.
# Results stay in out/demo-ult/. NASKAH overrides the command (e.g. NASKAH="python -m naskah").
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
read -r -a naskah <<< "${NASKAH:-$root/.venv/bin/naskah}"
out="$root/out/demo-ult"
rm -rf "$out"
mkdir -p "$out"
cd "$out"
ex="$root/examples"
# the example office's test certificate (not a legal signature): its passphrase is naskah-uji
export NASKAH_SANDI=naskah-uji
ttd=(--tandatangani --sandi-env NASKAH_SANDI)
step() { printf '\n== %s\n' "$*"; }
kode() { python3 -c 'import json,sys; print(json.load(sys.stdin)["kode"])'; }
tahun=$(( $(date +%Y) + 1 ))

step "1. Office folder, its standards and facilities in naskah.toml"
"${naskah[@]}" init --contoh
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
    --telepon 081122334455 --syarat semua --perihal "Pendampingan Penyusunan KOSP" \
    --kegiatan "$tahun-02-09" --kegiatan-selesai "$tahun-02-11" \
    --lampiran surat-permohonan.pdf --json | kode)
ns=$("${naskah[@]}" ult terima narasumber --instansi "Disdikbud Kota Bontang" \
    --telepon 081122334466 --syarat semua --kegiatan "$tahun-02-02" \
    --perihal "Bimbingan Teknis Perencanaan Berbasis Data" --json | kode)
fs=$("${naskah[@]}" ult terima fasilitas --instansi "MGMP Matematika Samarinda" \
    --email mgmp@example.org --syarat semua --kanal surel --perihal "Workshop Asesmen" \
    --diterima "$(date -d '-6 days' '+%Y-%m-%d') 09:00" --json | kode)  # a letter recorded late
tl=$("${naskah[@]}" ult terima narasumber --instansi "SMK Negeri 9 Samarinda" \
    --telepon 081122334477 --syarat semua --kegiatan "$tahun-02-03" \
    --perihal "Pelatihan Pembelajaran Mendalam" --json | kode)
ad=$("${naskah[@]}" ult pengaduan terima --isi "Balasan permohonan belum diterima" \
    --kanal telepon --permohonan "$ks" --json | kode)
"${naskah[@]}" ult daftar
"${naskah[@]}" ult jatuh-tempo

step "3. Cooperation: disposition, approval, letter of agreement, SK, agreement, certificates, closing"
"${naskah[@]}" ult disposisi "$ks" --kepada "Kasubbag Umum" --unit "Subbag Umum" \
    --catatan "Mohon dikaji bersama Pokja Kemitraan"
# a product that does not fit the request's state is refused, nothing numbered
if "${naskah[@]}" ult terbitkan "$ks" --produk kesediaan --klasifikasi KR; then
    echo "kesediaan before the decision should have been refused" >&2; exit 1
fi
"${naskah[@]}" ult putuskan "$ks" --setuju
"${naskah[@]}" ult terbitkan "$ks" --produk kesediaan --klasifikasi KR \
    --kepada "Kepala Dinas Pendidikan Kota Samarinda" --alamat "di Samarinda" "${ttd[@]}"
"${naskah[@]}" ult terbitkan "$ks" --produk sk-kerja-sama "${ttd[@]}" \
    --ruang-lingkup "pendampingan penyusunan KOSP jenjang SD dan SMP" \
    --ruang-lingkup "penyediaan narasumber dan fasilitator kegiatan"
# the cooperation agreement: the office's head signs electronically, the partner's block is
# printed for its own (wet or separate) signature; the partner's number follows later
"${naskah[@]}" ult terbitkan "$ks" --produk pks --klasifikasi KR "${ttd[@]}" \
    --wakil-mitra "Dr. Asli Nuryadin, M.Pd." \
    --jabatan-mitra "Kepala Dinas Pendidikan Kota Samarinda" \
    --ruang-lingkup "pendampingan penyusunan KOSP jenjang SD dan SMP" \
    --ruang-lingkup "penyediaan narasumber dan fasilitator kegiatan"
# after the activity: the participants' certificates, each numbered, signed and archived
"${naskah[@]}" ult terbitkan "$ks" --produk sertifikat --tempat "Aula Utama" --jp 24 \
    --peserta "$ex/peserta-contoh.csv" --sandi-env NASKAH_SANDI
"${naskah[@]}" ult tutup "$ks"

step "4. Speaker: approval, the surat tugas drafted from the request, issued, closing"
"${naskah[@]}" ult putuskan "$ns" --setuju
"${naskah[@]}" ult terbitkan "$ns" --produk surat-tugas --petugas siti \
    --tempat "Aula Disdikbud Kota Bontang" --klasifikasi KP.04.05 "${ttd[@]}"
"${naskah[@]}" ult tutup "$ns"
# a second speaker request is refused: its letter gives the decision's reason
"${naskah[@]}" ult putuskan "$tl" --tolak --alasan "Jadwal narasumber pada tanggal itu penuh"
"${naskah[@]}" ult terbitkan "$tl" --produk penolakan --klasifikasi KR "${ttd[@]}"
"${naskah[@]}" ult tutup "$tl"

step "5. Facility: approval, the hall booked, the reply with its PNBP tariff, check-in/out, closing"
"${naskah[@]}" ult putuskan "$fs" --setuju
pesan=$("${naskah[@]}" ult fasilitas pesan aula --mulai "$tahun-03-02 08:00" \
    --selesai "$tahun-03-03 16:00" --peserta 80 --permohonan "$fs" --json \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
"${naskah[@]}" ult fasilitas daftar
"${naskah[@]}" ult terbitkan "$fs" --produk balasan-fasilitas --klasifikasi KU "${ttd[@]}"
"${naskah[@]}" ult fasilitas masuk "$pesan"
"${naskah[@]}" ult fasilitas keluar "$pesan"
"${naskah[@]}" ult tutup "$fs"

step "6. Complaint: handled, answered, closed"
"${naskah[@]}" ult pengaduan tindak "$ad" --catatan "Dicek ke Subbag Umum" --unit "Subbag Umum"
"${naskah[@]}" ult pengaduan jawab "$ad" --jawaban "Surat jawaban telah dikirim."
"${naskah[@]}" ult pengaduan tutup "$ad"

step "7. Nothing is due any more; the whole trail of one request; the signed products; export"
"${naskah[@]}" ult jatuh-tempo
"${naskah[@]}" ult lihat "$ks"
for f in terbit/*-ttd.pdf; do
    printf '%s: ' "$f"; pdfsig "$f" | grep -m1 'Signature Validation' || true
done
"${naskah[@]}" ult ekspor ult-laporan.xlsx
