#!/usr/bin/env bash
# The desk in a browser, end to end over HTTP: starts the public service (`naskah layanan`) and
# the staff's desk (`naskah meja`) on free loopback ports, creates a Kasubbag Umum account,
# receives a speaker request at the counter, then walks it through the desk as a browser would
# (log in → Tugas saya → the request's page → disposition → decision → surat tugas issued →
# the head opens its PDF and signs it with the example key's passphrase → closed), and opens the
# signed letter's QR page on the public service. Stops both apps.
# Results stay in out/demo-web/. NASKAH overrides the command, PYTHON the interpreter.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
read -r -a naskah <<< "${NASKAH:-$root/.venv/bin/naskah}"
python="${PYTHON:-$root/.venv/bin/python}"
out="$root/out/demo-web"
rm -rf "$out"
mkdir -p "$out"
cd "$out"
ex="$root/examples"
step() { printf '\n== %s\n' "$*"; }
tahun=$(( $(date +%Y) + 1 ))
pids=()
berhenti() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap berhenti EXIT

# start "$@" in the background; print its base URL once it prints its readiness line
mulai() {
    local log="$1"; shift
    "$@" > "$log.out" 2> "$log.err" &
    pids+=("$!")
    for _ in $(seq 1 300); do
        if grep -q " berjalan di " "$log.out"; then
            sed -n 's/.* berjalan di \(http:[^ ]*\).*/\1/p' "$log.out" | head -n1
            return
        fi
        kill -0 "${pids[-1]}" 2>/dev/null || { cat "$log.err" >&2; exit 1; }
        sleep 0.2
    done
    echo "server tidak siap" >&2; exit 1
}

step "1. Office folder with its standards and a signer for the surat tugas"
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
TOML

step "2. Accounts for the Kasubbag Umum and the head (passwords from an environment variable)"
export DEMO_SANDI="sandi-demo-kasubbag-2026"
"${naskah[@]}" pengguna tambah rina --nama-lengkap "Rina Wati" --peran kasubbag_umum \
    --sandi-env DEMO_SANDI
"${naskah[@]}" pengguna tambah jarwoko --nama-lengkap "Dr. Jarwoko, M.Pd." --peran kepala \
    --sandi-env DEMO_SANDI
"${naskah[@]}" pengguna daftar

step "3. A speaker request received at the counter"
kode=$("${naskah[@]}" ult terima narasumber --instansi "Disdikbud Kota Bontang" \
    --telepon 081122334455 --syarat semua --kegiatan "$tahun-02-02" \
    --perihal "Bimbingan Teknis Perencanaan Berbasis Data" --json |
    "$python" -c 'import json,sys; print(json.load(sys.stdin)["kode"])')
echo "kode permohonan: $kode"

step "4. Both web apps on loopback"
publik=$(mulai layanan "${naskah[@]}" layanan --host 127.0.0.1 --port 0)
meja=$(mulai meja "${naskah[@]}" meja --host 127.0.0.1 --port 0)
echo "layanan publik: $publik"
echo "meja petugas:   $meja"

step "5. The request walked through the desk over HTTP"
"$python" - "$meja" "$publik" "$kode" <<'PY'
"""A small browser: one cookie jar, forms posted with their CSRF token and Origin."""
import html
import re
import sys
import urllib.parse
import urllib.request

meja, publik, kode = sys.argv[1:4]
kode = kode.replace("-", "")
kuki: dict[str, str] = {}


class TanpaAlihan(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):  # follow nothing: this client reads Location itself
        return None


buka = urllib.request.build_opener(TanpaAlihan()).open


def minta(metode: str, jalur: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
    badan = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(meja + jalur, data=badan, method=metode)
    if kuki:
        req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in kuki.items()))
    if badan is not None:
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
        req.add_header("Origin", meja)
    try:
        r = buka(req)
    except urllib.error.HTTPError as e:
        r = e
    for h in r.headers.get_all("Set-Cookie") or []:
        nama, _, nilai = h.split(";")[0].partition("=")
        if "Max-Age=0" in h or 'expires=Thu, 01 Jan 1970' in h:
            kuki.pop(nama, None)
        else:
            kuki[nama] = nilai
    return r.status, r.headers.get("Location") or "", r.read().decode("utf-8", "replace")


def csrf(teks: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', teks).group(1)


def teks(halaman: str, ident: str) -> str:
    m = re.search(rf'id="{ident}"[^>]*>(.*?)</', halaman, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip() if m else "-"


_, ke, _ = minta("GET", "/tugas")
print("tanpa sesi  →", ke)


def masuk(nama: str) -> None:
    _, _, h = minta("GET", "/masuk")
    s, ke, _ = minta("POST", "/masuk", {"csrf": csrf(h), "nama": nama, "sandi": "sandi-demo-kasubbag-2026"})
    print(f"masuk {nama:<6}→", s, ke)


def keluar() -> None:
    _, _, h = minta("GET", "/tugas")
    minta("POST", "/keluar", {"csrf": csrf(h)})


def langkah(aksi: str, isian: dict[str, str]) -> str:
    _, _, h = minta("GET", jalur)
    s, _, badan = minta("POST", f"{jalur}/{aksi}", {"csrf": csrf(h), **isian})
    assert s == 303, (aksi, s, teks(badan, "galat"))
    _, _, h = minta("GET", jalur)
    print(f"{aksi:<12}→", teks(h, "keadaan"))
    return h


masuk("rina")
_, _, h = minta("GET", "/tugas")
assert kode in h.replace("-", ""), "permohonan tidak ada di Tugas saya"
print("Tugas saya  → permohonan", kode, "menunggu")
jalur = f"/permohonan/{kode}"
_, _, h = minta("GET", jalur)
print("halaman     →", teks(h, "keadaan"))
langkah("disposisi", {"kepada": "rina", "unit": "Subbag Umum", "catatan": "Siapkan narasumber."})
langkah("putuskan", {"keputusan": "setuju"})
h = langkah("terbitkan", {"petugas": "siti", "tempat": "Aula Disdikbud Kota Bontang",
                          "klasifikasi": "KP.04.05"})
print("produk      →", " ".join(teks(h, "produk").split()))
keluar()
masuk("jarwoko")
_, _, h = minta("GET", jalur)
pdf = re.search(r'href="(/naskah/[^"]+/pdf)"', h).group(1)
s, _, isi = minta("GET", pdf)
print("PDF dibuka  →", s, isi[:8])
h = langkah("tandatangani", {"sandi": "naskah-uji"})  # the example key's passphrase
assert "naskah-uji" not in h
print("produk      →", " ".join(teks(h, "produk").split()))
keluar()
masuk("rina")
h = langkah("tutup", {"catatan": "Surat tugas diserahkan."})
produk = re.search(r'href="/naskah/([^"/]+)"', h).group(1)
print("linimasa    →", " | ".join(re.findall(r"<strong>(\w+)</strong> oleh \w+", h)))
with urllib.request.urlopen(f"{publik}/verifikasi/{produk}") as r:
    qr = r.read().decode()
print("halaman QR  →", teks(qr, "putusan").split("\n")[0])
keluar()
_, ke, _ = minta("GET", "/tugas")
print("keluar      → sesudahnya", ke)
PY

step "6. Both apps stopped"
berhenti
trap - EXIT
echo "selesai; berkas di $out"
