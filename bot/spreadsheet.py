"""CSV files as people save them from a spreadsheet: UTF-8 with or without a BOM, or the
cp1252 of Excel on Indonesian Windows, with ',' or the ';' that Excel's Indonesian locale
writes between columns. The roster and the resource map both import such files."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Indonesian Windows saves cp1252; accept it rather than refuse.
        return data.decode("cp1252")


def rows(text: str, first_line: str) -> Iterator[list[str]]:
    """The file's rows, split on ';' when its header line has more of them than ','."""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return csv.reader(io.StringIO(text), delimiter=delimiter)
