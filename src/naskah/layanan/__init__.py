"""The public verification web service behind the QR code (``naskah layanan``).

It owns the read-only ASGI application (:func:`buat_aplikasi`): the page at the path of
``[tte] url_verifikasi`` for one archived document, the upload check of a PDF (the same
verification as ``naskah tte verifikasi`` plus the archive check, in worker processes with a
time limit), a participant's look-up of their own certificate by number and name, and the
hardening around them (rate limit per client address, security headers, error pages, an access
log without personal data). :func:`jalankan` serves it with uvicorn. The service opens the
register read-only and never writes the archive; when ``[ult] standar`` is set it also serves
the desk's public forms (:mod:`naskah.layanan.ult_publik`), which write the desk's own tables
and attachments.
"""

try:
    from naskah.layanan.aplikasi import Layanan, buat_aplikasi
    from naskah.layanan.server import OpsiServer, jalankan
except ModuleNotFoundError as exc:  # the optional extra `layanan` (starlette, uvicorn)
    pustaka = (exc.name or "").partition(".")[0]
    if pustaka not in {"starlette", "uvicorn", "multipart"}:
        raise
    from naskah.errors import ToolMissingError

    raise ToolMissingError(
        f"Layanan verifikasi membutuhkan pustaka {pustaka} yang belum terpasang; pasang dengan "
        "`.venv/bin/pip install 'naskah[layanan]'`."
    ) from None

__all__ = ["Layanan", "OpsiServer", "buat_aplikasi", "jalankan"]
