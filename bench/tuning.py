"""Where our build time goes, and what each Whoosh setting buys.

    python -m bench.tuning [--count 2000] [--seed 1] [--variants base,procs1,...]

Reads and cleans the generated corpus once (timed: the part of a build that is ours), then
writes the same documents with our schema under several writer settings, each in a fresh
folder, and prints docs/s for each. Variants that need a change in briefing.core (no
spelling side field, a patched Whoosh) are applied here only, to show what they would buy.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench.generate import ensure_corpus


@contextmanager
def cached_missing_columns():
    """Whoosh 2.7.4 stats the segment's column file once per posting for fields without a
    length column (the spelling field): remember the answer per (segment, column)."""
    from whoosh.codec import whoosh3

    original = whoosh3.W3PerDocReader.has_column
    cache: dict = {}

    def has_column(self, fieldname):
        key = (id(self), fieldname)
        if key not in cache:
            cache[key] = original(self, fieldname)
        return cache[key]

    whoosh3.W3PerDocReader.has_column = has_column
    try:
        yield
    finally:
        whoosh3.W3PerDocReader.has_column = original


def schema(spelling: bool):
    from whoosh import fields

    from briefing.core.index.corpus_index import make_schema

    s = make_schema()
    if not spelling:
        s.remove("body")  # takes its spelling side field with it
        s.add("body", fields.TEXT(analyzer=s["title"].analyzer))
    return s


VARIANTS = {
    # name: (writer kwargs, spelling field, patch)
    "cli (procs=2, multisegment, 256 MB)": (
        {"procs": 2, "limitmb": 256, "multisegment": True},
        True,
        False,
    ),
    "procs=1, 128 MB": ({"limitmb": 128}, True, False),
    "procs=1, 512 MB": ({"limitmb": 512}, True, False),
    "procs=2, one segment": ({"procs": 2, "limitmb": 256}, True, False),
    "procs=1, no spelling field": ({"limitmb": 128}, False, False),
    "procs=1, has_column cached": ({"limitmb": 128}, True, True),
    "procs=2 multiseg, no spelling, has_column cached": (
        {"procs": 2, "limitmb": 256, "multisegment": True},
        False,
        True,
    ),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", help="comma-separated variant names (default: all)")
    args = parser.parse_args(argv)
    from whoosh.filedb.filestore import FileStorage

    from briefing.core.corpus.cleaning import load_rules
    from briefing.core.corpus.reading import article_from_bytes
    from briefing.core.index.corpus_index import CorpusIndex

    corpus, rows = ensure_corpus(args.count, args.seed)
    rules = load_rules([])
    t0 = time.perf_counter()
    articles = []
    for row in rows:
        path = corpus / row["path"]
        articles.append(article_from_bytes(path.read_bytes(), path, corpus, rules))
    clean_s = time.perf_counter() - t0
    docs = [CorpusIndex._document(a, "", a.tags) for a in articles]
    print(f"read + clean {len(docs):,} files: {clean_s:.2f} s ({len(docs) / clean_s:,.0f} docs/s)")
    chosen = args.only.split(",") if args.only else list(VARIANTS)
    for name in chosen:
        kwargs, spelling, patch = VARIANTS[name]
        folder = Path(tempfile.mkdtemp(prefix="bench-tuning-"))
        try:
            ix = FileStorage(str(folder), supports_mmap=False).create_index(schema(spelling))
            with cached_missing_columns() if patch else _nothing():
                t0 = time.perf_counter()
                writer = ix.writer(**kwargs)
                for doc in docs:
                    writer.add_document(**doc)
                t1 = time.perf_counter()
                writer.commit()
                t2 = time.perf_counter()
            size = sum(f.stat().st_size for f in folder.iterdir()) / 2**20
            print(
                f"{name:52} {len(docs) / (t2 - t0):6.0f} docs/s  "
                f"(add {t1 - t0:5.1f} s, commit {t2 - t1:5.1f} s, {size:.0f} MB)"
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


@contextmanager
def _nothing():
    yield


if __name__ == "__main__":
    raise SystemExit(main())
