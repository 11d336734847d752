"""File formats ↔ core `Dataset`: CSV, XLSX and JSON readers and writers, with validation.

One file per kind of object, named after the kind (a suffix may follow: `participants_v2.xlsx`;
see `kinds`): `organisations`, `participants`, `opportunities`, `meeting_requests`, `meetings`,
`outcomes` (`.csv`, `.xlsx` or `.json`) and `missions.json` (missions are nested: venues,
travel times, programme, so JSON only); or one workbook with a sheet per kind (`sources`). See
`rencontre.exchange.columns` for the columns. Cells are read as people write them (country
names, times without an offset, other spellings of a name: `cells`, `zones`, `spellings`), and
the import says so (`reading_notes`). Pure of the database: the caller passes what is already
stored so that references and duplicates can be checked, mutual requests merged
(`request_pairs`) and, under `--update`, stored records updated (`updating`).
"""

from rencontre.exchange.files import FileFormat, Incoming, read_files, read_import, write_files

__all__ = ["FileFormat", "Incoming", "read_files", "read_import", "write_files"]
