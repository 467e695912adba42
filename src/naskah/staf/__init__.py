"""The staff's web desk (``naskah meja``): accounts, sessions, screens over :mod:`naskah.ult`.

:mod:`naskah.staf.pengguna` owns accounts, roles, passwords, sessions and lock-out;
:mod:`naskah.staf.hak` what each role may see and do; :mod:`naskah.staf.tugas` the reading
queries of the screens; :mod:`naskah.staf.aplikasi` the Starlette application (server-rendered
Jinja2 pages, no JavaScript); :mod:`naskah.staf.server` serving it.
"""
