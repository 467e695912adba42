"""Signing through BSrE's Esign Client Service (ESC), the way Indonesian officials really sign.

The package owns naskah's second signer, chosen with ``[tte] penyedia = "bsre"``:

* :mod:`naskah.tte.bsre.klien`: the HTTP client of the ESC API v1 and v2 (what it relies on is
  cited there);
* :mod:`naskah.tte.bsre.periksa`: never trusting the answer (one new signature over the whole
  file, the sent bytes untouched, the official's certificate chaining to the BSrE roots);
* :mod:`naskah.tte.bsre.sesi`: one official signing many files in batched, bounded calls;
* :mod:`naskah.tte.bsre.perintah`: naskah.toml to an open session (status, secret once);
* :mod:`naskah.tte.bsre.simulator`: a SIMULATOR of the ESC for tests, the bench and demos.
"""
