"""The receipt of a request sent by e-mail: owns its text and sending it through ``[surel]``.

When an applicant gives an e-mail address, the public form sends them one message: the tracking
code, the service, when the request counts as received, the answer deadline as a date, and
where to follow it. No attachment and nothing the applicant did not write themselves.
"""

from __future__ import annotations

import urllib.parse
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from naskah.config import Konfigurasi
from naskah.errors import ConfigError, UltError
from naskah.models.common import format_tanggal
from naskah.ult.permohonan import Permohonan

__all__ = ["alamat_publik", "bisa_dikirim", "kirim_tanda_terima", "pesan_tanda_terima"]

NAMA_HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def hari_tanggal(t: date) -> str:
    """Return ``Kamis, 5 Juni 2025``."""
    return f"{NAMA_HARI[t.weekday()]}, {format_tanggal(t)}"


def alamat_publik(konfigurasi: Konfigurasi) -> str | None:
    """Return the public service's base URL (``[layanan] url_publik``, else the origin of
    ``[tte] url_verifikasi``), or None."""
    if konfigurasi.layanan.url_publik:
        return konfigurasi.layanan.url_publik.rstrip("/")
    url = konfigurasi.tte.url_verifikasi
    if not url:
        return None
    u = urllib.parse.urlsplit(url.replace("{id}", "x"))
    if u.scheme not in ("http", "https") or not u.netloc:
        return None
    return f"{u.scheme}://{u.netloc}"


def _pengirim(k: Konfigurasi) -> str | None:
    return k.surel.pengirim or (k.instansi.email if k.instansi else None)


def bisa_dikirim(k: Konfigurasi) -> bool:
    """Return whether receipts are sent: the office's sender address is set."""
    return bool(_pengirim(k))


def pesan_tanda_terima(k: Konfigurasi, p: Permohonan) -> EmailMessage:
    """Return the receipt of request ``p`` addressed to its applicant's e-mail."""
    pengirim = _pengirim(k)
    if not pengirim or not p.email:
        raise ConfigError("Alamat pengirim surel belum diatur; isi [surel] pengirim.")
    nama_kantor = k.surel.nama_pengirim or (k.instansi.unit if k.instansi else "")
    diterima = p.diterima.astimezone(k.zona)
    zona = k.zona_kantor or diterima.tzname() or ""
    baris = [
        f"Yth. {p.kontak or p.instansi},",
        "",
        f"Permohonan layanan {p.nama_layanan} dari {p.instansi} telah kami terima pada "
        f"{format_tanggal(diterima.date())} pukul {diterima:%H.%M} {zona}".rstrip()
        + ".",
        "",
        f"Kode pelacakan: {p.kode_tampil}",
    ]
    if p.tenggat_jawab:
        baris.append(f"Jawaban paling lambat: {hari_tanggal(p.tenggat_jawab)}")
    if p.tenggat_selesai:
        baris.append(f"Layanan selesai paling lambat: {hari_tanggal(p.tenggat_selesai)}")
    baris += ["", "Simpan kode pelacakan ini untuk melihat perkembangan permohonan Anda"]
    dasar = alamat_publik(k)
    baris[-1] += f" di {dasar}/lacak." if dasar else "."
    if p.peringatan:
        baris += ["", "Catatan: permohonan ini masuk kurang dari jangka waktu yang disyaratkan "
                      "sebelum kegiatan; petugas akan menghubungi Anda."]  # fmt: skip
    baris += ["", "Surel ini dikirim otomatis; mohon tidak membalasnya.", "",
              "Hormat kami,", nama_kantor or pengirim]  # fmt: skip
    m = EmailMessage()
    m["From"] = formataddr((nama_kantor, pengirim)) if nama_kantor else pengirim
    m["To"] = p.email
    m["Subject"] = f"Tanda terima permohonan {p.kode_tampil}"
    m["Message-ID"] = make_msgid(domain=pengirim.split("@", 1)[1])
    m.set_content("\n".join(baris) + "\n")
    return m


def kirim_tanda_terima(k: Konfigurasi, p: Permohonan, *, sandi: str | None = None) -> None:
    """Send the receipt of ``p`` to its applicant (UltError/ConfigError when it can't)."""
    import smtplib

    from naskah.surel import _periksa_keamanan, _sambung_smtp

    pesan = pesan_tanda_terima(k, p)
    _periksa_keamanan(k)
    smtp = _sambung_smtp(k, sandi)
    try:
        smtp.send_message(pesan)
    except (OSError, smtplib.SMTPException) as exc:
        raise UltError(f"Tanda terima tidak terkirim ({type(exc).__name__}).") from None
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
