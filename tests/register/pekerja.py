"""A child process of the register tests: opens the register and allocates numbers.

Usage: python pekerja.py FOLDER MODE [N]
  ambil N   print "siap" once the register is open, wait for FOLDER/mulai, allocate N numbers,
            print their sequences
  terus     allocate one number, print "siap", then allocate numbers until killed
  gantung   allocate one number, hang inside the transaction (before the audit row is
            written, after the counter and number rows) and write FOLDER/terkunci
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from naskah.config import muat_konfigurasi
from naskah.register import buka_register


def main() -> None:
    folder, mode = Path(sys.argv[1]), sys.argv[2]
    reg = buka_register(muat_konfigurasi(folder / "naskah.toml"))
    engine = reg.engine  # creates and migrates the database before the race starts
    kwargs = {"klasifikasi": "HK.03.01", "tanggal": "2024-05-17", "perihal": "uji konkurensi"}
    if mode == "ambil":
        n = int(sys.argv[3])
        print("siap", flush=True)  # the test starts the race once every worker said so
        while not (folder / "mulai").exists():
            time.sleep(0.005)
        urut = [reg.ambil("naskah", **kwargs).urut for _ in range(n)]
        print(" ".join(map(str, urut)))
    elif mode == "terus":
        reg.ambil("naskah", **kwargs)
        print("siap", flush=True)  # the test times its kill from this line
        while True:
            reg.ambil("naskah", **kwargs)
    elif mode == "gantung":
        if engine.dialect.name == "sqlite":
            # SQLite: stop when the audit insert starts, on the register's own connection;
            # PostgreSQL: a test trigger sleeps there
            def trace(sql: str) -> None:
                if sql.lstrip().upper().startswith("INSERT INTO JEJAK"):
                    (folder / "terkunci").write_text("ya")
                    time.sleep(600)

            reg._koneksi_tulis().set_trace_callback(trace)

        reg.ambil("naskah", **kwargs)
    reg.tutup()


if __name__ == "__main__":
    main()
