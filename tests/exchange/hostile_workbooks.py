"""XLSX files built to harm their reader: XML bombs and external entities inside a workbook."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"

#: "lol" nested 9 levels deep, 10 times each: a billion of them (3 GB) from a few hundred bytes.
BILLION_LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    + "]>"
)
EXTERNAL_ENTITY = '<!DOCTYPE worksheet [<!ENTITY lol9 SYSTEM "file:///etc/passwd">]>'


def hostile_workbook(path: Path, doctype: str = BILLION_LAUGHS) -> Path:
    """A participants workbook whose sheet declares `doctype` and uses its entity `lol9`.

    Apart from the declaration and the entity in one cell, the workbook is one openpyxl
    writes: a participant row that would be imported if the sheet were read.
    """
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["email", "full_name", "organisation"])
    sheet.append(["bomb@example.org", "LAUGHS", "Voltaïque Charge"])
    plain = io.BytesIO()
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == SHEET:
                xml = data.decode("utf-8")
                declaration, body = xml.split("?>", 1) if xml.startswith("<?xml") else ("", xml)
                assert "LAUGHS" in body
                body = body.replace("LAUGHS", "&lol9;")
                data = ((declaration + "?>" if declaration else "") + doctype + body).encode()
            target.writestr(item, data)
    return path
