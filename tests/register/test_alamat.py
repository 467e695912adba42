"""The register's address read from a URL: the plain forms read without SQLAlchemy."""

from __future__ import annotations

import pytest

from naskah.register import basis


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://naskah@127.0.0.1:5432/arsip",
        "postgresql+psycopg://naskah:rahasia@db.kantor.go.id/naskah_2025",
        "postgres://u@localhost:6543/d",
        "postgresql://server-a/arsip",
        "postgresql://u:@h:1/d",
    ],
)
def test_url_postgresql_polos_dibaca_seperti_sqlalchemy(url: str):
    cepat = basis.alamat(url)
    u = basis.normalisasi_url(url)
    assert cepat == basis.Alamat(
        u.render_as_string(hide_password=False), "postgresql", u.database, u.host, u.port
    )
    assert basis.sambung_postgresql_baca(basis.alamat("sqlite:///x.sqlite"), 1) is NotImplemented


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:p%40ss@h/d",  # an escape
        "postgresql://u@h/d?sslmode=require",  # a query
        "postgresql:///d",  # the local socket
        "postgresql://u@[::1]:5432/d",  # an IPv6 host
        "postgresql://u@h:99999/d",  # a port out of range
    ],
)
def test_url_lain_lewat_sqlalchemy_dan_tidak_dibuka_langsung(url: str):
    a = basis.alamat(url)
    assert a.url == basis.normalisasi_url(url).render_as_string(hide_password=False)
    assert basis.sambung_postgresql_baca(a, 1) is NotImplemented
