"""The service desk of the Unit Layanan Terpadu (ULT): what the office's Standar Pelayanan promises.

So far: the working-day calendar (:mod:`naskah.ult.kalender`) and the reading of a standard's
"jangka waktu" text (:mod:`naskah.ult.jangka`), on which requests, complaints and their deadlines
are built.
"""
