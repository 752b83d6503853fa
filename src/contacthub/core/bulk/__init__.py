"""Bulk movement of contacts in and out of the store: CSV, XLSX and JSON Lines.

sources.py         file -> header + records (encodings, delimiters, streaming)
columns.py         column names -> targets (``--map col=field`` and header guesses)
prepare.py         record -> Prepared row | Rejected (reason), no database
lookups.py         batched lookups (phones, external codes, list numbers, bases)
contacts_batch.py  a batch -> new contacts + merges into existing ones, many-row inserts
lists_batch.py     a batch -> entries of a black/white list
jobs.py            the ``imports`` table: progress, counts, refused rows, resume
runner.py          plan, open (or resume) and run an import, batch by batch
exports.py         the store -> CSV, XLSX (xlsx.py) or JSON Lines, streamed page by page
"""
