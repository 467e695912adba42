#!/usr/bin/env bash
# The desk in a browser, end to end over HTTP: starts the public service (`naskah layanan`) and
# the staff's desk (`naskah meja`) on free loopback ports, creates a Kasubbag Umum account,
# receives a speaker request through the public form (`/ajukan/narasumber`, posted over HTTP
# with its attachment, as an applicant's phone would), then walks it through the desk as a
# browser would (log in → Tugas saya → the request's page → disposition → decision → surat
# tugas issued → the Kasubbag Umum reads its PDF and gives the paraf → the head reads it and
# signs with the example key's passphrase → closed), shows the applicant's tracking page, and
# opens the signed letter's QR page on the public service. Stops both apps.
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
    : > "$log.out"
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

# the speaker form asks the activity's dates (a surat tugas needs them)
[ult.layanan.narasumber]
jeda_kegiatan = 5
TOML

step "2. Accounts for the Kasubbag Umum and the head (passwords from an environment variable)"
export DEMO_SANDI="sandi-demo-kasubbag-2026"
"${naskah[@]}" pengguna tambah rina --nama-lengkap "Rina Wati" --peran kasubbag_umum \
    --sandi-env DEMO_SANDI
"${naskah[@]}" pengguna tambah jarwoko --nama-lengkap "Dr. Jarwoko, M.Pd." --peran kepala \
    --sandi-env DEMO_SANDI
"${naskah[@]}" pengguna daftar

step "3. Both web apps on loopback"
publik=$(mulai layanan "${naskah[@]}" layanan --host 127.0.0.1 --port 0)
meja=$(mulai meja "${naskah[@]}" meja --host 127.0.0.1 --port 0)
echo "layanan publik: $publik"
echo "meja petugas:   $meja"

step "4. A speaker request sent through the public form (with its letter as a PDF)"
kode=$("$python" - "$publik" "$tahun" <<'PY'
"""An applicant's phone: the form read (its token, cookie and checklist), then posted."""
import re
import sys

import httpx

publik, tahun = sys.argv[1:3]
surat = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"  # the applicant's letter
with httpx.Client(base_url=publik, timeout=60) as c:
    h = c.get("/ajukan/narasumber").text
    token = re.search(r'name="token" value="([^"]+)"', h).group(1)
    syarat = re.findall(r'name="syarat" value="([^"]+)"', h)
    isian = {
        "token": token, "situs_web": "", "instansi": "Disdikbud Kota Bontang",
        "kontak": "Bu Sari", "telepon": "081122334455",
        "perihal": "Bimbingan Teknis Perencanaan Berbasis Data",
        "kegiatan_mulai": f"{tahun}-02-02", "syarat": syarat,
    }
    r = c.post("/ajukan/narasumber", data=isian,
               files=[("lampiran", ("surat-permohonan.pdf", surat, "application/pdf"))])
    assert r.status_code == 200, (r.status_code, r.text[:500])
    kode = re.search(r'id="kode">([^<]+)<', r.text).group(1)
    print(f"diterima dari formulir publik ({len(syarat)} persyaratan dicentang)", file=sys.stderr)
    print(kode)
PY
)
echo "kode permohonan: $kode"

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


def ttd(aksi: str, isian: dict[str, str]) -> str:
    """The paraf and signing page read (its PDF fetched, as its frame does), then its form."""
    _, _, h = minta("GET", f"{jalur}/ttd")
    pdf = re.search(r'src="(/naskah/([^"/]+)/pdf)"', h)
    s, _, isi = minta("GET", pdf.group(1))
    print(f"PDF dibuka  → {s} {isi[:8]} ({teks(h, 'nomor-naskah')})")
    ident = re.search(r'name="id" value="([^"]+)"', h)
    if ident is None:  # no form for this user now: the page says what it waits for
        print(f"{aksi:<12}→ belum:", teks(h, "menunggu"))
        s, _, badan = minta("POST", f"{jalur}/{aksi}", {"csrf": csrf(h), "id": pdf.group(2),
                                                        **isian})
        print(f"{'':<12}  ditolak ({s}):", teks(badan, "galat"))
        return badan
    return langkah(aksi, {"id": ident.group(1), **isian})


keluar()
masuk("jarwoko")
ttd("tandatangani", {"sandi": "naskah-uji"})  # refused: the paraf comes first
keluar()
masuk("rina")
h = ttd("paraf", {})
keluar()
masuk("jarwoko")
h = ttd("tandatangani", {"sandi": "naskah-uji"})  # the example key's passphrase
assert "naskah-uji" not in h
print("produk      →", " ".join(teks(h, "produk").split()))
keluar()
masuk("rina")
h = langkah("tutup", {"catatan": "Surat tugas diserahkan."})
produk = re.search(r'href="/naskah/([^"/]+)"', h).group(1)
langkah_oleh = re.findall(r"<strong>(\w+)</strong> oleh (\w+)", h)
print("linimasa    →", " | ".join(f"{a} ({o})" for a, o in langkah_oleh))
with urllib.request.urlopen(f"{publik}/verifikasi/{produk}") as r:
    qr = r.read().decode()
print("halaman QR  →", teks(qr, "putusan").split("\n")[0])
keluar()
_, ke, _ = minta("GET", "/tugas")
print("keluar      → sesudahnya", ke)
PY

step "6. The applicant tracks the request on the public service"
"$python" - "$publik" "$kode" <<'PY'
import html
import re
import sys

import httpx

publik, kode = sys.argv[1:3]
with httpx.Client(base_url=publik, timeout=60) as c:
    h = c.get("/lacak").text
    token = re.search(r'name="token" value="([^"]+)"', h).group(1)
    r = c.post("/lacak", data={"token": token, "situs_web": "", "kode": kode})
    assert r.status_code == 200, (r.status_code, r.text[:300])
    teks = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", r.text)).split())
    assert "Selesai" in teks and "Surat Tugas" in teks, teks[:500]
    print("lacak       → Selesai; produk:", re.search(r"Surat Tugas nomor \S+", teks).group(0))
PY

step "7. Both apps stopped"
berhenti
trap - EXIT
echo "selesai; berkas di $out"
