"""The desk's paraf records (``ult_paraf``) on SQLite and PostgreSQL: matched to ``[meja] paraf``
by role when the office changes it mid-way, and the database's own rules (one paraf per place
and one per person on a version) holding when two writers race, synchronised by events (and on
PostgreSQL by what the server reports waiting), never by sleeping."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from naskah.errors import UltError
from naskah.ult import paraf as pf
from naskah.ult import permohonan as pm
from naskah.ult.meja import Meja

IDV, NOMOR = "AB12CD34EF", "800.1.11/17/C7.24/2025"
KS, PJ = "kasubbag_umum", "pokja"
BATAS = 60.0


class _Batal(Exception):
    """Raised to roll a test's own transaction back."""


def _disetujui(meja: Meja) -> str:
    p = pm.terima(
        meja,
        pm.PermohonanBaru(
            layanan="narasumber", instansi="SMA Negeri 1 Samarinda", telepon="081122334455",
            perihal="Bimtek", kegiatan_mulai=date(2025, 7, 1), semua_syarat=True,
        ),
    )  # fmt: skip
    pm.putuskan(meja, p.kode, "setuju")
    return p.kode


def _sebagai(meja: Meja, oleh: str) -> Meja:
    return Meja(meja.konfigurasi, jam=meja.jam, oleh=oleh, url=meja.url)


def _beri(meja: Meja, kode: str, oleh: str, peran: str, urutan: list[str]) -> pf.Paraf:
    with _sebagai(meja, oleh) as m:
        return pf.beri(m, kode, IDV, NOMOR, peran=peran, urutan=urutan)


def _daftar(meja: Meja, kode: str, urutan: list[str], idv: str = IDV) -> list[tuple[Any, ...]]:
    return [(x.ke, x.peran, x.oleh) for x in pf.daftar(pm.lihat(meja, kode).jejak, idv, urutan)]


def _tersimpan(meja: Meja) -> list[tuple[Any, ...]]:
    with meja.baca() as sql:
        assert sql is not None
        rows = sql.semua("SELECT id_verifikasi, ke, peran, pengguna FROM ult_paraf ORDER BY id")
    return [tuple(r.values()) for r in rows]


def test_urutan_diubah_kantor_di_tengah_paraf(meja: Meja) -> None:
    kode = _disetujui(meja)
    _beri(meja, kode, "rina", KS, [KS, PJ])
    # the office puts the Pokja first: the Kasubbag Umum's paraf still counts, in its new place,
    # and the next needed is the first role of the new order without one (the Pokja, ke-1)
    baru = [PJ, KS]
    assert _daftar(meja, kode, baru) == [(1, PJ, None), (2, KS, "rina")]
    with pytest.raises(UltError, match=r"paraf ke-1 oleh pokja; paraf kasubbag_umum menunggu"):
        _beri(meja, kode, "sari", KS, baru)
    with pytest.raises(UltError, match=r"paraf ke-1 oleh pokja belum diberikan"):
        pf.periksa_lengkap(pm.lihat(meja, kode).jejak, IDV, NOMOR, baru)
    x = _beri(meja, kode, "budi", PJ, baru)
    assert (x.ke, x.peran, x.oleh) == (1, PJ, "budi")
    pf.periksa_lengkap(pm.lihat(meja, kode).jejak, IDV, NOMOR, baru)  # complete
    with pytest.raises(UltError, match="sudah lengkap"):
        _beri(meja, kode, "sari", KS, baru)
    # stored in the order given: the places of the version never collide
    assert _tersimpan(meja) == [(IDV, 1, KS, "rina"), (IDV, 2, PJ, "budi")]

    # a role taken out of the order: its paraf no longer counts (and is not asked for)
    assert _daftar(meja, kode, [PJ]) == [(1, PJ, "budi")]
    # a role asked twice: the second place needs another person of that role
    dua = [KS, PJ, KS]
    assert _daftar(meja, kode, dua) == [(1, KS, "rina"), (2, PJ, "budi"), (3, KS, None)]
    with pytest.raises(UltError, match="Anda sudah memaraf"):
        _beri(meja, kode, "rina", KS, dua)
    assert _beri(meja, kode, "sari", KS, dua).ke == 3
    assert _tersimpan(meja)[-1] == (IDV, 3, KS, "sari")
    pf.periksa_lengkap(pm.lihat(meja, kode).jejak, IDV, NOMOR, dua)
    # another version (re-issued) starts again, in the order in force
    assert _daftar(meja, kode, dua, "LAIN999999") == [(1, KS, None), (2, PJ, None), (3, KS, None)]


def _baris(meja: Meja, sql: Any, kode: str, **nilai: Any) -> dict[str, Any]:
    p = sql.satu("SELECT id FROM ult_permohonan WHERE kode = :k", k=pm.baca_kode(kode))
    waktu = meja.sekarang()
    return {
        "permohonan_id": p["id"], "id_verifikasi": IDV, "nomor": NOMOR, "ke": 2, "peran": PJ,
        "pengguna": "budi", "waktu": waktu,
        "jejak_id": meja.jejak(sql, "permohonan", p["id"], "paraf", "uji", waktu=waktu),
        **nilai,
    }  # fmt: skip


@pytest.mark.parametrize(
    "nilai",
    [{"ke": 1}, {"pengguna": "rina"}, {"ke": 0}],
    ids=["tempat-sama", "orang-sama", "tempat-nol"],
)
def test_basis_data_menolak_paraf_ganda(meja: Meja, nilai: dict[str, Any]) -> None:
    kode = _disetujui(meja)
    _beri(meja, kode, "rina", KS, [KS, PJ])
    with pytest.raises(_Batal), meja.tulis() as sql:
        baris = _baris(meja, sql, kode, **nilai)
        with pytest.raises(sql.galat_keutuhan):
            sql.sisip_tanpa_id("ult_paraf", baris)
        raise _Batal
    with pytest.raises(_Batal), meja.tulis() as sql:  # the same row without the clash is taken
        sql.sisip_tanpa_id("ult_paraf", _baris(meja, sql, kode))
        raise _Batal
    assert _tersimpan(meja) == [(IDV, 1, KS, "rina")]


def test_pelanggaran_aturan_basis_data_menjadi_satu_kalimat(
    meja: Meja, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a writer that missed the paraf already given (a stale read) is stopped by the database,
    # and the desk answers in one sentence, writing nothing (not even the trail row)
    kode = _disetujui(meja)
    _beri(meja, kode, "rina", KS, [KS, PJ])
    monkeypatch.setattr(pf, "_diberikan", lambda *a: [])
    with pytest.raises(UltError, match=r"baru saja diberikan pejabat lain") as e:
        _beri(meja, kode, "sari", KS, [KS, PJ])
    assert e.value.__cause__ is None and e.value.__suppress_context__
    assert _tersimpan(meja) == [(IDV, 1, KS, "rina")]
    assert [j["oleh"] for j in pm.lihat(meja, kode).jejak if j["aksi"] == "paraf"] == ["rina"]


# -- two writers at once ------------------------------------------------------------------------


def _tunggu(syarat: Callable[[], bool], pesan: str) -> None:
    """Wait until ``syarat()`` holds (a state the server reports), failing after BATAS s."""
    akhir = time.monotonic() + BATAS
    jeda = threading.Event()
    while not syarat():
        assert time.monotonic() < akhir, pesan
        jeda.wait(0.02)


def _ada_yang_menunggu_kunci(meja: Meja) -> Callable[[], bool]:
    """On PostgreSQL: whether another session waits for a lock (a row or a unique key another
    transaction holds). On SQLite the second writer waits for the database's write lock, which
    nothing reports: the events alone order the threads (the outcome is the same either way)."""

    def cek() -> bool:
        with _sebagai(meja, "pengamat") as m, m.baca() as sql:
            assert sql is not None
            return bool(
                sql.skalar(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()"
                )
            )

    return cek


def _benang(fungsi: Callable[[], Any], hasil: dict[str, Any], nama: str) -> threading.Thread:
    def jalan() -> None:
        try:
            hasil[nama] = fungsi()
        except BaseException as exc:  # the thread's outcome, checked by the test
            hasil[nama] = exc

    b = threading.Thread(target=jalan, name=nama)
    b.start()
    return b


@pytest.mark.parametrize("akhir_a", ["commit", "rollback"])
@pytest.mark.parametrize("bentrok", [{"ke": 1}, {"pengguna": "rina", "ke": 2}],
                         ids=["tempat-sama", "orang-sama"])  # fmt: skip
def test_dua_penulis_serentak_basis_data_menahan(
    meja: Meja, bentrok: dict[str, Any], akhir_a: str
) -> None:
    """Writer A records a paraf and holds its transaction open; writer B, on its own
    connection, records a clashing one meanwhile (without the desk's row lock). B is refused by
    the database once A commits, and let through if A rolls back."""
    kode = _disetujui(meja)
    a_menulis, b_mulai = threading.Event(), threading.Event()
    hasil: dict[str, Any] = {}

    def a() -> str:
        with _sebagai(meja, "rina") as m:
            try:
                with m.tulis() as sql:
                    sql.sisip_tanpa_id("ult_paraf", _baris(m, sql, kode, ke=1, peran=KS,
                                                           pengguna="rina"))  # fmt: skip
                    a_menulis.set()
                    assert b_mulai.wait(BATAS)
                    if meja.alamat.dialek == "postgresql":
                        _tunggu(_ada_yang_menunggu_kunci(meja), "B tidak menunggu kunci A")
                    if akhir_a == "rollback":
                        raise _Batal
            except _Batal:
                return "batal"
        return "tercatat"

    def b() -> str:
        assert a_menulis.wait(BATAS)
        with _sebagai(meja, "sari") as m:
            b_mulai.set()
            with m.tulis() as sql:
                baris = _baris(m, sql, kode, **{"peran": KS, "pengguna": "sari", **bentrok})
                try:
                    sql.sisip_tanpa_id("ult_paraf", baris)
                except sql.galat_keutuhan:
                    raise _Batal from None
        return "tercatat"

    benang = [_benang(a, hasil, "a"), _benang(b, hasil, "b")]
    for x in benang:
        x.join(BATAS)
        assert not x.is_alive()
    if akhir_a == "commit":
        assert hasil["a"] == "tercatat" and isinstance(hasil["b"], _Batal), hasil
        assert _tersimpan(meja) == [(IDV, 1, KS, "rina")]
    else:
        assert hasil == {"a": "batal", "b": "tercatat"}, hasil
        assert _tersimpan(meja) == [(IDV, bentrok["ke"], KS, bentrok.get("pengguna", "sari"))]


@pytest.mark.parametrize(
    ("oleh_b", "urutan", "galat"),
    [("sari", [KS], "sudah lengkap"), ("rina", [KS, KS], "Anda sudah memaraf")],
    ids=["pejabat-lain", "orang-sama-dua-sesi"],
)
def test_dua_paraf_serentak_dari_meja(
    meja: Meja, oleh_b: str, urutan: list[str], galat: str
) -> None:
    """Two officials (or one person in two sessions) press "Beri paraf" at once: A's paraf is
    held inside its transaction until B has started its own; exactly one is recorded and B
    gets one sentence."""
    kode = _disetujui(meja)
    a_di_dalam, b_mulai = threading.Event(), threading.Event()
    hasil: dict[str, Any] = {}

    def a() -> pf.Paraf:
        with _sebagai(meja, "rina") as m:
            asli = m.jejak

            def jejak(*args: Any, **kw: Any) -> int:
                ident = asli(*args, **kw)  # inside beri's transaction, the request locked
                a_di_dalam.set()
                assert b_mulai.wait(BATAS)
                if meja.alamat.dialek == "postgresql":
                    _tunggu(_ada_yang_menunggu_kunci(meja), "B tidak menunggu kunci A")
                return ident

            m.jejak = jejak  # type: ignore[method-assign]
            return pf.beri(m, kode, IDV, NOMOR, peran=KS, urutan=urutan)

    def b() -> pf.Paraf:
        assert a_di_dalam.wait(BATAS)
        with _sebagai(meja, oleh_b) as m:
            b_mulai.set()
            return pf.beri(m, kode, IDV, NOMOR, peran=KS, urutan=urutan)

    benang = [_benang(a, hasil, "a"), _benang(b, hasil, "b")]
    for x in benang:
        x.join(BATAS)
        assert not x.is_alive()
    assert isinstance(hasil["a"], pf.Paraf) and hasil["a"].oleh == "rina", hasil
    assert isinstance(hasil["b"], UltError) and galat in str(hasil["b"]), hasil
    assert _tersimpan(meja) == [(IDV, 1, KS, "rina")]


def test_rincian_json_memuat_catatan_paraf(meja: Meja) -> None:
    # `naskah ult lihat --json`: each paraf's trail row carries its record; other rows do not
    import json

    kode = _disetujui(meja)
    _beri(meja, kode, "rina", KS, [KS])
    jejak = json.loads(json.dumps(pm.lihat(meja, kode).ke_dict()))["jejak"]
    (paraf,) = [j for j in jejak if j["aksi"] == "paraf"]
    assert paraf["paraf"] == {
        "id_verifikasi": IDV, "nomor": NOMOR, "ke": 1, "peran": KS, "pengguna": "rina",
        "nama_lengkap": None, "waktu": meja.sekarang().isoformat(),
    }  # fmt: skip
    assert all("paraf" not in j and "id" not in j for j in jejak if j["aksi"] != "paraf")
