"""Reads a CSV file the way a Python user does, and prints what it read as JSON.

    python3 read_csv.py FILE

Prints one JSON object: `bom` (the file starts with a UTF-8 byte-order mark), `crlf` and `bare_lf`
(how many line ends are CRLF, and how many are LF without a CR), and `rows`: every record as read by
the csv module, the file opened with encoding='utf-8-sig' and newline='' as the csv module's
documentation asks. tests/clients.rs compares the rows with factstore's JSON output.
"""

import csv
import json
import sys


def main(path):
    with open(path, "rb") as f:
        data = f.read()
    crlf = data.count(b"\r\n")
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    json.dump(
        {
            "bom": data.startswith(b"\xef\xbb\xbf"),
            "crlf": crlf,
            "bare_lf": data.count(b"\n") - crlf,
            "rows": rows,
        },
        sys.stdout,
        ensure_ascii=False,
    )


if __name__ == "__main__":
    main(sys.argv[1])
