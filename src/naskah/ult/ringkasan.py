"""The daily digest of what is due, by e-mail through ``[surel]``: owns its text and sending.

Meant for a daily timer (cron or systemd) running ``naskah ult jatuh-tempo --kirim``: one message
to each address of ``[ult] ringkasan_kepada`` listing what is overdue, due today and due the
next working day, grouped by unit and person, with tracking codes and no personal data. Nothing
is sent when nothing is due.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from naskah.errors import ConfigError, UltError
from naskah.ult.jatuh_tempo import Tempo, jatuh_tempo
from naskah.ult.meja import Meja

__all__ = ["HasilRingkasan", "kirim_ringkasan", "teks_ringkasan"]

_LABEL = {"lewat": "LEWAT", "hari_ini": "HARI INI", "besok": "BESOK"}


@dataclass(frozen=True)
class HasilRingkasan:
    jumlah: int
    """Items due in the digest."""
    terkirim: tuple[str, ...]
    """Addresses the server accepted (none when nothing was due)."""


def teks_ringkasan(daftar: Sequence[Tempo], hari: str) -> str:
    """Return the digest's plain text."""
    baris = [f"Ringkasan jatuh tempo layanan ULT, {hari}.", ""]
    kelompok: dict[tuple[str, str], list[Tempo]] = {}
    for t in daftar:
        kunci = (t.unit or "(tanpa unit)", t.petugas or "(belum didisposisi)")
        kelompok.setdefault(kunci, []).append(t)
    for (unit, orang), isi in sorted(kelompok.items()):
        baris.append(f"{unit} — {orang}")
        for t in isi:
            lewat = f" {t.terlambat} hari kerja" if t.terlambat else ""
            baris.append(f"  {t.tenggat.isoformat()} {_LABEL[t.status]}{lewat}: {t.jenis} "
                         f"{t.kode} {t.layanan or '-'} {t.instansi or ''}".rstrip())  # fmt: skip
        baris.append("")
    baris.append("Rincian: naskah ult lihat KODE.")
    return "\n".join(baris) + "\n"


def kirim_ringkasan(
    meja: Meja, *, kepada: Sequence[str] = (), sandi: str | None = None
) -> HasilRingkasan:
    """Send the digest to ``kepada`` (else ``[ult] ringkasan_kepada``) through ``[surel]``."""
    from naskah.surel import _periksa_keamanan, _sambung_smtp
    from naskah.ult.meja import periksa_email

    k = meja.konfigurasi
    alamat = [a for a in (periksa_email(x) for x in (kepada or k.ult.ringkasan_kepada)) if a]
    if not alamat:
        raise UltError(
            "Belum ada alamat penerima ringkasan; isi [ult] ringkasan_kepada atau --kepada."
        )
    pengirim = k.surel.pengirim or (k.instansi.email if k.instansi else None)
    if not pengirim:
        raise ConfigError("Alamat pengirim surel belum diatur; isi [surel] pengirim.")
    daftar = jatuh_tempo(meja)
    if not daftar:
        return HasilRingkasan(0, ())
    _periksa_keamanan(k)
    hari = meja.hari_ini().isoformat()
    nama = k.surel.nama_pengirim or (k.instansi.unit if k.instansi else "")
    terkirim = []
    smtp = _sambung_smtp(k, sandi)
    try:
        for a in alamat:
            m = EmailMessage()
            m["From"] = formataddr((nama, pengirim)) if nama else pengirim
            m["To"] = a
            m["Subject"] = f"Jatuh tempo layanan ULT {hari}: {len(daftar)} perlu ditangani"
            m["Message-ID"] = make_msgid(domain=pengirim.split("@", 1)[1])
            m.set_content(teks_ringkasan(daftar, hari))
            smtp.send_message(m)
            terkirim.append(a)
    except OSError as exc:
        raise UltError(
            f"Ringkasan tidak terkirim ke semua penerima ({type(exc).__name__}); "
            f"{len(terkirim)} dari {len(alamat)} terkirim, ulangi nanti."
        ) from None
    finally:
        try:
            smtp.quit()
        except OSError:
            smtp.close()
    return HasilRingkasan(len(daftar), tuple(terkirim))
