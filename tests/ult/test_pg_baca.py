"""The short reads' PostgreSQL connection (psycopg2) gives what psycopg 3 gives.

Every query here is run twice on a real server, through :mod:`naskah.register.pg_baca` and
through psycopg 3, by the register's statement runner (:class:`~naskah.register.sql.Sql`): the
same rows, the same Python types. It is libpq's: SSL, a password (SCRAM-SHA-256) and the ``PG*``
variables are checked on servers of their own.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import psycopg2.extensions
import pytest

from naskah.config import muat_konfigurasi
from naskah.errors import RegisterError
from naskah.register import pg_baca
from naskah.register.sql import Sql
from naskah.ult import permohonan as pm
from naskah.ult.jatuh_tempo import jatuh_tempo
from naskah.ult.meja import Meja
from tests.register.conftest import ServerPG, server_sementara

pytestmark = pytest.mark.slow

_URL = re.compile(
    r".*://(?P<user>\w+)(?::(?P<sandi>[^@]*))?@(?P<host>[\d.]+):(?P<port>\d+)/(?P<db>\w+)"
)
_TEKS = "O'Brien \\ 100% — Ñandú 🙂\nbaris dua"
_W = datetime(1999, 12, 31, 16, 59, 59, tzinfo=UTC)


def _bagian(url: str) -> dict[str, Any]:
    m = _URL.fullmatch(url)
    assert m is not None
    return {
        "host": m["host"], "port": int(m["port"]), "user": m["user"], "password": m["sandi"],
        "dbname": m["db"],
    }  # fmt: skip


@pytest.fixture
def dua(server_pg: ServerPG, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Sql, Sql]]:
    """The same fresh database read by pg_baca and by psycopg (each in autocommit)."""
    for k in [k for k in os.environ if k.startswith("PG")]:
        monkeypatch.delenv(k)
    b = _bagian(server_pg.basis_baru())
    ringan = pg_baca.sambung(**b, connect_timeout=5)
    assert isinstance(ringan, pg_baca.Koneksi)
    asli = psycopg.connect(**b, autocommit=True)
    ringan.autocommit = True
    asli.execute(
        "CREATE TABLE t (id serial PRIMARY KEY, teks text, pendek varchar(20), ya boolean, "
        "n bigint, k smallint, d date, w timestamptz, wn timestamp, j time, x numeric(12,3), "
        "f double precision, b bytea, js json, jb jsonb)"
    )
    asli.execute(
        "INSERT INTO t (teks, pendek, ya, n, k, d, w, wn, j, x, f, b, js, jb) VALUES "
        "(%s, %s, true, 9007199254740993, -3, '2025-06-02', '2025-06-02 02:00:00.123456+00', "
        "'2025-06-02 10:00', '07:30:15', 1234.5, 0.1, '\\x00ff10'::bytea, "
        '\'[{"a": 1, "w": "2025-06-02T02:00:00+00:00"}]\', \'{"b": [true, null]}\'), '
        "(NULL, NULL, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
        "(%s, 'x', NULL, 0, 0, '1999-12-31', '1999-12-31 23:59:59+07', '1999-12-31 23:59:59', "
        "'00:00', -0.001, -1e300, '', 'null', '[]')",
        (_TEKS, "a'b", "kedua's"),
    )
    yield Sql(ringan, "postgresql"), Sql(asli, "postgresql")
    ringan.close()
    asli.close()


def _sama(a: Any, b: Any) -> None:
    assert type(a) is type(b), (a, b)
    assert a == b
    if isinstance(a, datetime) and a.tzinfo is not None:
        assert a.utcoffset() == b.utcoffset()


@pytest.mark.parametrize(
    ("sql", "param"),
    [
        ("SELECT * FROM t ORDER BY id", {}),
        ("SELECT id, teks FROM t WHERE teks = :teks", {"teks": _TEKS}),
        ("SELECT id FROM t WHERE pendek LIKE :pola ORDER BY id", {"pola": "a'%"}),
        ("SELECT id FROM t WHERE d <= :hari AND ya = :ya", {"hari": date(2025, 6, 2), "ya": True}),
        ("SELECT id FROM t WHERE w >= :w ORDER BY id", {"w": _W}),
        ("SELECT id FROM t WHERE n = :n OR k = :k", {"n": 9007199254740993, "k": -3}),
        ("SELECT id FROM t WHERE (:x::text IS NULL OR teks = :x) ORDER BY id", {"x": None}),
        ("SELECT count(*) AS n, sum(n) AS jumlah, avg(k) AS rata, max(w) AS akhir FROM t", {}),
        ("SELECT to_regclass('t') IS NOT NULL AS ada, to_regclass('t') AS nama", {}),
        ("SELECT :s AS s, :f AS f, :b AS b, :x AS x, :j AS j", {
            "s": "tanda % dan %% dan %(x)s dan ' dan \\", "f": 1.5, "b": b"\x00\xff",
            "x": Decimal("12.50"), "j": time(7, 30)}),
        ("SELECT '100%%' AS persen, id FROM t WHERE id = :id", {"id": 1}),
        # a negative number after an operator is never read as the start of a comment ("--")
        ("SELECT 3 -:f AS d, 3 -:n AS e, :g AS g", {"f": -1.5, "n": -2, "g": float("-inf")}),
        ("SELECT * FROM t WHERE false", {}),
        # a reply larger than one read of the socket, many rows and multi-byte text
        ("SELECT g AS n, repeat('é', 300) AS s FROM generate_series(1, 3000) g", {}),
    ],
)  # fmt: skip
def test_baris_sama_dengan_psycopg(dua: tuple[Sql, Sql], sql: str, param: dict[str, Any]) -> None:
    ringan, asli = dua
    a, b = ringan.semua(sql, **param), asli.semua(sql, **param)
    assert [list(r) for r in a] == [list(r) for r in b]
    assert len(a) == len(b)
    for ra, rb in zip(a, b, strict=True):
        for k in ra:
            _sama(ra[k], rb[k])


def test_transaksi_dan_galat(server_pg: ServerPG) -> None:
    c = pg_baca.sambung(**_bagian(server_pg.basis_baru()), connect_timeout=5)
    assert c is not None
    sql = Sql(c, "postgresql")
    awal = sql.skalar("SELECT now()")  # the first statement opens a transaction
    assert sql.skalar("SELECT now()") == awal  # the second is in the same one
    c.rollback()
    assert sql.skalar("SELECT now()") > awal  # a new one
    with pytest.raises(pg_baca.Galat) as e:
        sql.semua("SELECT * FROM tak_ada")
    assert e.value.pgcode == "42P01"
    with pytest.raises(pg_baca.Galat) as e:  # the transaction failed: refused until rollback
        sql.skalar("SELECT 1")
    assert e.value.pgcode == "25P02"
    c.rollback()
    assert sql.skalar("SELECT 1") == 1
    with pytest.raises(pg_baca.Galat):  # as psycopg: not inside a transaction
        c.autocommit = True
    c.rollback()
    c.autocommit = True  # each statement its own snapshot
    assert sql.skalar("SELECT now() = statement_timestamp()") is True
    assert sql.skalar("SELECT now() = statement_timestamp()") is True
    c.close()
    assert c.closed
    with pytest.raises(pg_baca.Galat):
        sql.skalar("SELECT 1")


def test_galat_membawa_sqlstate(dua: tuple[Sql, Sql]) -> None:
    ringan, _ = dua
    # a statement that fails when run and one that fails to parse: each runs again afterwards
    # and fails the same way, with the server's SQLSTATE the register's sentences are chosen by
    for _ in range(2):
        with pytest.raises(pg_baca.Galat) as e:
            ringan.skalar("SELECT 1 / :n", n=0)
        assert e.value.pgcode == "22012"
        with pytest.raises(pg_baca.Galat) as e:
            ringan.skalar("SELECT FROM WHERE :n", n=0)
        assert e.value.pgcode == "42601"
    assert ringan.skalar("SELECT 10 / :n", n=5) == 2
    assert ringan.skalar("SELECT :x::text", x=70000) == "70000"
    assert ringan.skalar("SELECT :x::text", x="7") == "7"


def test_nul_ditolak_tanpa_dikirim(dua: tuple[Sql, Sql]) -> None:
    ringan, _ = dua
    with pytest.raises(pg_baca.Galat):
        ringan.skalar("SELECT :s", s="a\x00b")
    assert ringan.skalar("SELECT 1") == 1


def test_lingkungan_libpq_dibaca(server_pg: ServerPG, monkeypatch: pytest.MonkeyPatch) -> None:
    """libpq's own settings (the ``PG*`` variables) hold for these reads too."""
    monkeypatch.setenv("PGAPPNAME", "naskah-jatuh-tempo")
    c = pg_baca.sambung(**_bagian(server_pg.basis_baru()), connect_timeout=5)
    assert Sql(c, "postgresql").skalar("SHOW application_name") == "naskah-jatuh-tempo"
    c.close()


def test_server_tak_terjangkau_satu_kalimat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    for k in [k for k in os.environ if k.startswith("PG")]:
        monkeypatch.delenv(k)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once closed
    (tmp_path / "naskah.toml").write_text('[tte]\nzona_waktu = "WITA"\n', encoding="utf-8")
    k = muat_konfigurasi(tmp_path / "naskah.toml")
    m = Meja(k, url=f"postgresql://naskah@127.0.0.1:{port}/x")
    with m, pytest.raises(RegisterError, match="tidak dapat dihubungi"):
        jatuh_tempo(m)


@pytest.fixture(scope="module")
def server_ssl() -> Iterator[ServerPG]:
    """A server offering SSL (a self-signed certificate), as Debian's packaged one does."""
    import pwd
    import shutil
    import tempfile

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from naskah.jam import sistem
    from tests.register.conftest import _pengguna_pg

    folder = Path(tempfile.mkdtemp(prefix="naskah-ssl-"))
    kunci = ec.generate_private_key(ec.SECP256R1())
    nama = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    awal = sistem() - timedelta(days=1)
    sert = (
        x509.CertificateBuilder().subject_name(nama).issuer_name(nama)
        .public_key(kunci.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(awal).not_valid_after(awal + timedelta(days=3))
        .sign(kunci, hashes.SHA256())
    )  # fmt: skip
    (folder / "server.crt").write_bytes(sert.public_bytes(serialization.Encoding.PEM))
    (folder / "server.key").write_bytes(
        kunci.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (folder / "server.key").chmod(0o600)
    folder.chmod(0o755)
    pengguna = _pengguna_pg()
    if pengguna:  # the server runs as this user: its key must be its own
        info = pwd.getpwnam(pengguna)
        for p in (folder, folder / "server.crt", folder / "server.key"):
            os.chown(p, info.pw_uid, info.pw_gid)
    opsi = (
        f"-c ssl=on -c ssl_cert_file={folder / 'server.crt'} "
        f"-c ssl_key_file={folder / 'server.key'}"
    )
    try:
        with server_sementara(opsi_tambahan=opsi) as s:
            yield s
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_ssl_seperti_libpq_prefer(server_ssl: ServerPG, monkeypatch: pytest.MonkeyPatch) -> None:
    for k in [k for k in os.environ if k.startswith("PG")]:
        monkeypatch.delenv(k)
    b = _bagian(server_ssl.basis_baru())
    c = pg_baca.sambung(**b, connect_timeout=5)
    assert isinstance(c, pg_baca.Koneksi)
    asli = psycopg.connect(**b)
    ssl = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
    # both encrypt (psycopg: libpq's default sslmode=prefer), and a long reply reads whole
    assert Sql(c, "postgresql").skalar(ssl) is True
    assert Sql(asli, "postgresql").skalar(ssl) is True
    q = "SELECT g, repeat(:x, 200) AS r FROM generate_series(1, 2000) g"
    assert Sql(c, "postgresql").semua(q, x="ab") == Sql(asli, "postgresql").semua(q, x="ab")
    c.close()
    asli.close()


@pytest.fixture(scope="module")
def server_sandi() -> Iterator[ServerPG]:
    with server_sementara(sandi="rahasia-uji.1") as s:
        yield s


def test_scram_dengan_sandi(server_sandi: ServerPG, monkeypatch: pytest.MonkeyPatch) -> None:
    for k in [k for k in os.environ if k.startswith("PG")]:
        monkeypatch.delenv(k)
    b = _bagian(server_sandi.basis_baru())
    c = pg_baca.sambung(**b, connect_timeout=5)
    assert isinstance(c, pg_baca.Koneksi)
    assert Sql(c, "postgresql").skalar("SELECT current_user") == "naskah"
    c.close()
    with pytest.raises(pg_baca.Galat):
        pg_baca.sambung(**{**b, "password": "salah"}, connect_timeout=5)
    # no password in the URL: libpq's own sources (here PGPASSWORD; ~/.pgpass alike) are read
    monkeypatch.setenv("PGPASSWORD", b["password"])
    c = pg_baca.sambung(**{**b, "password": None}, connect_timeout=5)
    assert Sql(c, "postgresql").skalar("SELECT current_user") == "naskah"
    c.close()


def test_sandi_salah_lewat_meja_satu_kalimat(
    server_sandi: ServerPG, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for k in [k for k in os.environ if k.startswith("PG")]:
        monkeypatch.delenv(k)
    url = server_sandi.basis_baru().replace("rahasia-uji.1", "salah")
    (tmp_path / "naskah.toml").write_text('[tte]\nzona_waktu = "WITA"\n', encoding="utf-8")
    m = Meja(muat_konfigurasi(tmp_path / "naskah.toml"), url=url)
    with m, pytest.raises(RegisterError, match="menolak pengguna atau kata sandi"):
        pm.daftar(m)


def test_meja_membaca_dengan_pg_baca(
    server_pg: ServerPG,
    kantor: Path,
    jam: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for k in [k for k in os.environ if k.startswith("PG")]:
        monkeypatch.delenv(k)
    k = muat_konfigurasi(kantor / "naskah.toml")
    with Meja(k, jam=jam, oleh="petugas-ult", url=server_pg.basis_baru()) as meja:
        pm.terima(meja, pm.PermohonanBaru(layanan="kerjasama", instansi="SMA 1",
                                           telepon="081122334455", perihal="Kerja sama",
                                           semua_syarat=True))  # fmt: skip
        jam.t += timedelta(days=20)
        assert [t.status for t in jatuh_tempo(meja)] == ["lewat"]
        c = meja._pg_baca
        assert isinstance(c, pg_baca.Koneksi)
        idle = psycopg2.extensions.TRANSACTION_STATUS_IDLE  # the read ended with a rollback
        assert c.autocommit is False and c.info.transaction_status == idle
        assert c.Error is pg_baca.Galat
        with meja.baca(per_pernyataan=True) as sql:
            assert sql is not None and c.autocommit is True
        assert c.autocommit is False
        r = pm.lihat(meja, pm.daftar(meja)[0].kode)
        assert r.jejak and r.jejak[0]["waktu"].utcoffset() == timedelta(0)
        # the connection lost (the server ended it): one read refused, the next reconnects
        pid = Sql(c, "postgresql").skalar("SELECT pg_backend_pid()")
        c.rollback()
        with psycopg.connect(server_pg.dsn(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(RegisterError):
            jatuh_tempo(meja)
        assert [t.status for t in jatuh_tempo(meja)] == ["lewat"]
        assert meja._pg_baca is not c and not meja._pg_baca.closed
