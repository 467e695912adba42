"""Sending issued certificates to participants by e-mail, resumable and idempotent.

:func:`kirim_sertifikat` finds the activity's issued certificates in the archive
(:meth:`naskah.arsip.Arsip.daftar_metadata`, current and not cancelled), pairs each with its
participant of the activity file by the identity ``sertifikat terbitkan`` recorded (NIK, NIP,
e-mail, else the name: :func:`naskah.peserta.cocokkan_peserta`) and sends every participant
with an e-mail address their signed certificate with its verification link, from the office's
address, over SMTP (STARTTLS or SMTPS, settings in ``[surel]``). Each accepted message is
recorded at once in ``surel_kirim`` (Alembic ``0004_surel``) in the register's database, so a
re-run sends only what was not accepted yet; a refused address is recorded with the server's
answer. The password is passed in by the caller (environment or prompt) and never stored.
"""

from __future__ import annotations

import smtplib
import ssl
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Column, DateTime, PrimaryKeyConstraint, String, Table, Text, select

from naskah.arsip import Arsip, Metadata
from naskah.config import Konfigurasi
from naskah.errors import ConfigError, InputError
from naskah.jam import sistem
from naskah.register.skema import metadata

surel_kirim = Table(
    "surel_kirim",
    metadata,
    Column("entri_id", String(32), nullable=False),
    Column("alamat", String(320), nullable=False),
    Column("nomor", String(200), nullable=False),
    Column("keadaan", String(10), nullable=False),
    Column("jawaban", Text, nullable=True),
    Column("waktu", DateTime(timezone=True), nullable=False),
    Column("oleh", String(100), nullable=False),
    PrimaryKeyConstraint("entri_id", "alamat"),
)

_LOKAL = frozenset({"localhost", "127.0.0.1", "::1"})
"""Hosts a message may go to without TLS (a relay on this machine)."""

Keadaan = Literal["terkirim", "ditolak", "sudah", "akan", "tanpa_surel", "belum_terbit"]


@dataclass(frozen=True)
class OpsiKirim:
    """How to send: for real, or only show what would be sent (``uji``)."""

    uji: bool = False
    oleh: str | None = None


@dataclass(frozen=True)
class Kiriman:
    """One participant's certificate e-mail and what became of it."""

    nama: str
    alamat: str | None
    nomor: str | None
    keadaan: Keadaan
    tautan: str | None = None
    jawaban: str | None = None
    """The SMTP server's answer to a refused address."""

    def ke_dict(self) -> dict[str, Any]:
        return {
            "nama": self.nama,
            "alamat": self.alamat,
            "nomor": self.nomor,
            "keadaan": self.keadaan,
            "tautan": self.tautan,
            "jawaban": self.jawaban,
        }


@dataclass(frozen=True)
class HasilKirim:
    """What one run did, per participant, and why it stopped early (if it did)."""

    kiriman: tuple[Kiriman, ...]
    terputus: str | None = None
    """The connection failed mid-run: what was not sent is sent by the next run."""

    def jumlah(self, keadaan: Keadaan) -> int:
        return sum(1 for k in self.kiriman if k.keadaan == keadaan)

    @property
    def ditolak(self) -> tuple[Kiriman, ...]:
        return tuple(k for k in self.kiriman if k.keadaan == "ditolak")

    def ke_dict(self) -> dict[str, Any]:
        return {
            "terputus": self.terputus,
            "kiriman": [k.ke_dict() for k in self.kiriman],
        }


def _normal(nama: str) -> str:
    return " ".join(nama.casefold().split())


def _periksa_keamanan(k: Konfigurasi) -> None:
    """Refuse sending without TLS to anything but a relay on this machine."""
    s = k.surel
    if s.keamanan == "tanpa" and s.host not in _LOKAL:
        raise ConfigError(
            f'[surel] keamanan = "tanpa" hanya boleh untuk server surel di komputer ini, bukan '
            f'{s.host}; pakai "starttls" atau "smtps" agar sandi dan sertifikat tidak '
            "terkirim tanpa enkripsi."
        )


def _sambung_smtp(k: Konfigurasi, sandi: str | None) -> smtplib.SMTP:
    """Open the SMTP connection of ``[surel]`` (TLS as configured) and log in."""
    s = k.surel
    cafile = k.path(s.cafile) if s.cafile else None
    try:
        konteks = ssl.create_default_context(cafile=str(cafile) if cafile else None)
    except (OSError, ssl.SSLError):
        raise ConfigError(
            f"Sertifikat CA {cafile} di [surel] cafile tidak dapat dibaca; periksa path-nya."
        ) from None
    try:
        if s.keamanan == "smtps":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                s.host, s.port or 465, timeout=s.batas_waktu, context=konteks
            )
        else:
            smtp = smtplib.SMTP(
                s.host, s.port or (587 if s.keamanan == "starttls" else 25), timeout=s.batas_waktu
            )
            if s.keamanan == "starttls":
                smtp.starttls(context=konteks)
        if s.pengguna:
            smtp.login(s.pengguna, sandi or "")
    except smtplib.SMTPAuthenticationError:
        raise ConfigError(
            f"Server surel {s.host} menolak login {s.pengguna}; periksa [surel] pengguna dan "
            f"sandinya (variabel {s.sandi_env})."
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise ConfigError(
            f"Server surel {s.host}:{s.port or '-'} tidak dapat dihubungi "
            f"({type(exc).__name__}); periksa [surel] host, port dan keamanan."
        ) from None
    return smtp


def _pesan(
    k: Konfigurasi, md: Metadata, alamat: str, pdf: bytes, tautan: str | None
) -> EmailMessage:
    """Return the Indonesian e-mail carrying one signed certificate."""
    s = k.surel
    pengirim = s.pengirim or (k.instansi.email if k.instansi else None)
    if not pengirim:
        raise ConfigError(
            "Alamat pengirim surel belum diatur; isi [surel] pengirim (atau [instansi] email)."
        )
    nama_kantor = s.nama_pengirim or (k.instansi.unit if k.instansi else "")
    rincian = dict(md.isi.rincian)
    kegiatan = rincian.get("kegiatan") or md.isi.tentang
    nama = md.isi.peserta[0].nama if md.isi.peserta else ""
    m = EmailMessage()
    m["From"] = formataddr((nama_kantor, pengirim)) if nama_kantor else pengirim
    m["To"] = alamat
    m["Subject"] = f"Sertifikat {kegiatan}"
    m["Message-ID"] = make_msgid(domain=pengirim.split("@", 1)[1])
    baris = [
        f"Yth. {nama},",
        "",
        f"Terlampir sertifikat Anda sebagai {rincian.get('peran', 'peserta')} dalam kegiatan "
        f"{kegiatan}, nomor {md.isi.nomor}, yang telah ditandatangani secara elektronik.",
    ]
    if tautan:
        baris += ["", "Keaslian sertifikat dapat diperiksa di alamat berikut:", tautan]
    baris += ["", "Hormat kami,", nama_kantor or pengirim]
    m.set_content("\n".join(baris) + "\n")
    berkas = "Sertifikat-" + "".join(c if c.isalnum() else "-" for c in md.isi.nomor) + ".pdf"
    m.add_attachment(pdf, maintype="application", subtype="pdf", filename=berkas)
    return m


def _sertifikat_kegiatan(arsip: Arsip, nama: str, mulai: str) -> list[Metadata]:
    """Return the current, not cancelled certificates of one activity in the archive."""
    hasil = []
    for md, _teks, terkini, _lokasi in arsip.daftar_metadata():
        r = dict(md.isi.rincian)
        if md.isi.jenis != "sertifikat" or not terkini:
            continue
        if r.get("kegiatan") != nama or r.get("tanggal_mulai") != mulai:
            continue
        e = arsip.cari_verifikasi(md.id_verifikasi)
        if e is not None and e.status == "terkini" and e.ditandatangani:
            hasil.append(md)
    return hasil


def _pasangkan(arsip: Arsip, peserta: Sequence[Any], mds: Sequence[Metadata]) -> list[Any]:
    """Return, per participant, their own archived certificate (or None).

    The certificate's row of ``sertifikat terbitkan`` (``terbit_naskah``, found by its
    verification id) holds the participant's identity; participants are paired with those rows
    by :func:`naskah.peserta.cocokkan_peserta`, the rule ``terbitkan`` numbered them by. A
    certificate archived without such a row is paired by the NIK or NIP it records, or by a
    name no one else in the activity bears. No certificate is ever paired with two participants.
    """
    from naskah.peserta import cocokkan_peserta
    from naskah.terbit import keadaan as kd
    from naskah.terbit.skema import terbit_naskah

    per_id = {md.id_verifikasi: md for md in mds}
    with arsip.register.transaksi() as conn:
        baris = [
            kd.CatatanTerbit(**{k: r._mapping[k] for k in kd.CatatanTerbit.__dataclass_fields__})
            for r in conn.execute(
                select(terbit_naskah).where(terbit_naskah.c.id_verifikasi.in_(list(per_id)))
            )
        ] if per_id else []  # fmt: skip
    hasil: list[Metadata | None] = [
        per_id.get(b.id_verifikasi) if b is not None else None
        for b in cocokkan_peserta(baris, peserta)
    ]
    tanpa_baris = [md for md in mds if md.id_verifikasi not in {b.id_verifikasi for b in baris}]
    if tanpa_baris:
        nama_peserta = Counter(_normal(p.nama) for p in peserta)
        nama_arsip = Counter(_normal(md.isi.peserta[0].nama) for md in tanpa_baris)
        for i, p in enumerate(peserta):
            if hasil[i] is not None:
                continue
            for calon in tanpa_baris:
                o = calon.isi.peserta[0]
                if (p.nik and o.nik == str(p.nik)) or (p.nip and o.nip == str(p.nip)) or (
                    not p.nik and not p.nip and not o.nik and not o.nip
                    and _normal(o.nama) == _normal(p.nama)
                    and nama_peserta[_normal(p.nama)] == 1 and nama_arsip[_normal(o.nama)] == 1
                ):  # fmt: skip
                    hasil[i] = calon
                    break
    dipakai: set[str] = set()
    for i, m in enumerate(hasil):
        if m is not None:
            if m.id in dipakai:
                hasil[i] = None
            dipakai.add(m.id)
    return hasil


def kirim_sertifikat(
    konfigurasi: Konfigurasi,
    kegiatan: Any,
    opsi: OpsiKirim,
    *,
    sandi: str | None = None,
    arsip: Arsip | None = None,
    sambung: Callable[[Konfigurasi, str | None], smtplib.SMTP] = _sambung_smtp,
    tidur: Callable[[float], None] = time.sleep,
    jam: Callable[[], datetime] = sistem,
) -> HasilKirim:
    """Send each participant of ``kegiatan`` (a SertifikatKegiatan) their archived certificate.

    Nothing is sent with ``opsi.uji``; what would be sent is returned. Already accepted messages
    are never sent again; a dropped connection stops the run (``terputus``) after recording
    everything accepted before it.
    """
    from naskah.register import pengguna_bawaan

    k = konfigurasi
    if not opsi.uji:
        _periksa_keamanan(k)
    punya = arsip is None
    arsip = arsip or Arsip(k)
    try:
        kg = kegiatan.kegiatan
        mds = _sertifikat_kegiatan(arsip, kg.nama, kg.tanggal_mulai.isoformat())
        with arsip.register.transaksi() as conn:
            tercatat = {
                (r.entri_id, r.alamat): r.keadaan for r in conn.execute(select(surel_kirim)).all()
            }
        oleh = opsi.oleh or pengguna_bawaan()
        pola = k.tte.url_verifikasi
        rencana = list(zip(kegiatan.peserta, _pasangkan(arsip, kegiatan.peserta, mds),
                           strict=True))  # fmt: skip
        kiriman: list[Kiriman] = []
        smtp: smtplib.SMTP | None = None
        terputus: str | None = None
        jeda = 60.0 / k.surel.per_menit
        try:
            for p, md in rencana:
                if md is None:
                    kiriman.append(Kiriman(p.nama, p.email, None, "belum_terbit"))
                    continue
                tautan = pola.replace("{id}", md.id_verifikasi) if pola else None
                dasar = Kiriman(p.nama, p.email, md.isi.nomor, "akan", tautan)
                if not p.email:
                    kiriman.append(_ganti(dasar, "tanpa_surel"))
                    continue
                if tercatat.get((md.id, p.email)) == "terkirim":
                    kiriman.append(_ganti(dasar, "sudah"))
                    continue
                if opsi.uji or terputus:
                    kiriman.append(dasar)
                    continue
                pesan = _pesan(k, md, p.email, arsip.baca_berkas(md, "ttd"), tautan)
                if smtp is None:
                    smtp = sambung(k, sandi)
                elif jeda > 0:
                    tidur(jeda)
                try:
                    smtp.send_message(pesan, to_addrs=[p.email])
                    hasil = _ganti(dasar, "terkirim")
                except smtplib.SMTPRecipientsRefused as exc:
                    kode, teks = next(iter(exc.recipients.values()))
                    jawaban = f"{kode} {_teks(teks)}"
                    hasil = Kiriman(p.nama, p.email, md.isi.nomor, "ditolak", tautan, jawaban)
                except smtplib.SMTPResponseException as exc:
                    if exc.smtp_code >= 500:  # permanent: recorded, tried again next run
                        jawaban = f"{exc.smtp_code} {_teks(exc.smtp_error)}"
                        hasil = Kiriman(p.nama, p.email, md.isi.nomor, "ditolak", tautan, jawaban)
                    else:
                        terputus = f"server menjawab {exc.smtp_code}"
                        kiriman.append(dasar)
                        continue
                except (smtplib.SMTPServerDisconnected, OSError) as exc:
                    terputus = f"sambungan ke server surel terputus ({type(exc).__name__})"
                    smtp = None
                    kiriman.append(dasar)
                    continue
                _catat(arsip, md, hasil, oleh, jam())
                kiriman.append(hasil)
        finally:
            if smtp is not None:
                try:
                    smtp.quit()
                except (OSError, smtplib.SMTPException):
                    smtp.close()
        return HasilKirim(tuple(kiriman), terputus)
    finally:
        if punya:
            arsip.tutup()


def _teks(b: bytes | str) -> str:
    return b.decode("utf-8", "replace") if isinstance(b, bytes) else b


def _ganti(k: Kiriman, keadaan: Keadaan) -> Kiriman:
    return Kiriman(k.nama, k.alamat, k.nomor, keadaan, k.tautan, k.jawaban)


def _catat(arsip: Arsip, md: Metadata, k: Kiriman, oleh: str, waktu: datetime) -> None:
    """Record one accepted (or refused) message at once, in its own transaction."""
    assert k.alamat is not None
    nilai = {
        "nomor": md.isi.nomor,
        "keadaan": k.keadaan,
        "jawaban": k.jawaban,
        "waktu": waktu,
        "oleh": oleh,
    }
    with arsip.register.transaksi() as conn:
        ada = conn.execute(
            select(surel_kirim.c.keadaan).where(
                surel_kirim.c.entri_id == md.id, surel_kirim.c.alamat == k.alamat
            )
        ).first()
        if ada is None:
            conn.execute(surel_kirim.insert().values(entri_id=md.id, alamat=k.alamat, **nilai))
        else:
            conn.execute(
                surel_kirim.update()
                .where(surel_kirim.c.entri_id == md.id, surel_kirim.c.alamat == k.alamat)
                .values(**nilai)
            )


def muat_kegiatan(path: Any, konfigurasi: Konfigurasi) -> Any:
    """Return the activity file's model (with its participants); refuse another kind."""
    from naskah.loader import muat_dokumen
    from naskah.models import SertifikatKegiatan
    from naskah.peserta import lengkapi_peserta

    m = muat_dokumen(path, konfigurasi)
    if not isinstance(m, SertifikatKegiatan):
        raise InputError(f"{path} bukan berkas kegiatan sertifikat (jenis: sertifikat).")
    return lengkapi_peserta(Path(path), m, konfigurasi.sertifikat.kolom)


__all__ = ["HasilKirim", "Kiriman", "OpsiKirim", "kirim_sertifikat", "muat_kegiatan"]
