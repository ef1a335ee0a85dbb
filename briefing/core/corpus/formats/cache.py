"""Extracted text kept by content hash in the index folder, so no file is parsed twice.

Parsing a PDF or a page costs 10-1000 times what cleaning its text does, and the index is
rebuilt whenever the cleaning rules or the program change. The cache sits below those
changes: it holds what a reader got out of the bytes (:class:`.base.Extracted`), keyed by
the bytes' hash, the format and :data:`EXTRACTOR_VERSION`, not the cleaned article. A
reader's verdict that a file gives nothing ("encrypted PDF") is kept too, so such a file
is not re-parsed by every command; a time-out or a crash is not (it may not recur).

The cache is best-effort: one it cannot read or write is a miss, never an error. Entries
are small JSON files written to a temporary name and renamed, so a reader never sees half
of one; they are not synced to disk, since a lost entry only costs a re-parse.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, fields
from pathlib import Path

from briefing.core.corpus.formats.base import Extracted

# Bump when a reader's output for the same bytes changes (a library upgrade that reads
# better, a new metadata field), so that old entries are no longer found.
EXTRACTOR_VERSION = "1"
FOLDER = "extracted"
_FIELDS = {f.name for f in fields(Extracted)}


class ExtractionCache:
    """Readers' results under *folder* (``<index>/extracted``): one JSON file per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    @classmethod
    def beside(cls, index_folder: Path) -> ExtractionCache:
        """The cache kept in the index folder *index_folder*."""
        return cls(Path(index_folder) / FOLDER)

    @staticmethod
    def key(format: str, data: bytes) -> str:
        digest = hashlib.blake2b(data, digest_size=20).hexdigest()
        return f"{digest}-{format}-{EXTRACTOR_VERSION}"

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str, name: str) -> list[Extracted] | str | None:
        """The articles cached under *key*, or the reason the file gave none (a str), or
        None on a miss. Warnings stored for another file with the same bytes are
        re-labelled with *name*."""
        try:
            stored = json.loads(self._path(key).read_text("utf-8"))
            if "skipped" in stored:
                return str(stored["skipped"])
            was = stored["name"]
            found = []
            for item in stored["articles"]:
                values = {k: v for k, v in item.items() if k in _FIELDS}
                values["page_lines"] = tuple(values.get("page_lines", ()))
                values["warnings"] = tuple(
                    _relabel(w, was, name) for w in values.get("warnings", ())
                )
                found.append(Extracted(**values))
            return found
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, name: str, result: list[Extracted] | str) -> None:
        """Keep *result* (articles, or the reason the file gave none) under *key*."""
        if isinstance(result, str):
            stored: dict = {"skipped": result}
        else:
            stored = {"name": name, "articles": [asdict(a) for a in result]}
        path = self._path(key)
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(stored, out, ensure_ascii=False)
                os.replace(temp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise


def _relabel(warning: str, was: str, name: str) -> str:
    prefix = f"{was}: "
    return f"{name}: {warning[len(prefix) :]}" if warning.startswith(prefix) else warning
