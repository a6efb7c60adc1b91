"""Asks Datasette for pages of a database through Datasette's own test client (no network, no
server), and prints what it answered as JSON.

    python datasette_get.py DB [--metadata FILE] PATH...

Run with the Python of the virtualenv Datasette is installed in. Prints one JSON object:
`version` (Datasette's), `sqlite` (the SQLite version it runs on) and `responses`, one per PATH,
each with its `status` and, for a PATH whose page part ends in `.json`, the decoded `json`; for an
HTML page, `links`: every <a href> of the page as [href, text]. tests/clients.rs asserts on it.
"""

import asyncio
import json
import sqlite3
import sys
from html.parser import HTMLParser

from datasette.app import Datasette
from datasette.version import __version__


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self._href = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append([self._href, "".join(self._text).strip()])
            self._href = None


async def main(argv):
    db, paths, metadata = argv[0], [], None
    rest = iter(argv[1:])
    for arg in rest:
        if arg == "--metadata":
            with open(next(rest), encoding="utf-8") as f:
                metadata = json.load(f)
        else:
            paths.append(arg)
    # Datasette 1.0 reads table options (label_column, hidden) from its configuration and moves
    # them there from metadata, as `datasette -m FILE` does; 0.65 reads them from metadata.
    ds = Datasette([db], metadata=metadata)
    await ds.invoke_startup()
    responses = {}
    for path in paths:
        response = await ds.client.get(path)
        answer = {"status": response.status_code}
        if path.split("?")[0].endswith(".json"):
            answer["json"] = response.json()
        else:
            parser = Links()
            parser.feed(response.text)
            answer["links"] = parser.links
        responses[path] = answer
    json.dump(
        {"version": __version__, "sqlite": sqlite3.sqlite_version, "responses": responses},
        sys.stdout,
        ensure_ascii=False,
    )


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
