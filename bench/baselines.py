"""Baselines on the same corpus: SQLite FTS5 (stdlib sqlite3) and ripgrep over the files.

FTS5 gets what our index gets: one row per article with title, date and a lightly cleaned
body (front matter out, markdown links unwrapped), `porter unicode61 remove_diacritics 2`,
bm25 ranking, `snippet()` plus `highlight()` turned into character offsets for the top 20.
ripgrep gets the raw files and no index: `-c` counts per file stand in for ranking, and
there are no snippets.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.queries import DATE_FROM, DATE_TO, BenchQuery

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
LEAD_DATE = re.compile(r"\A\s*date (\d{4}-\d{2}-\d{2}) ")
LONG_DATE = re.compile(rf"\b({MONTHS}) (\d{{1,2}}), (\d{{4}})\b")
MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MONTH_NUMBER = {m: i + 1 for i, m in enumerate(MONTHS.split("|"))}
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"


@dataclass(frozen=True)
class FtsHit:
    id: str
    title: str
    score: float
    snippet: str
    spans: list[tuple[int, int]]


def light_metadata(text: str) -> tuple[str, str | None, str]:
    """(title, ISO date or None, body) with the heuristics the generated files need."""
    title, day = "", None
    front = FRONT_MATTER.match(text)
    if front:
        for line in front.group(1).splitlines():
            key, _, value = line.partition(":")
            if key == "title":
                title = value.strip().strip('"')
            elif key == "date":
                day = value.strip()
        text = text[front.end() :]
    lead = LEAD_DATE.match(text)
    if lead:
        day = lead.group(1)
    if day is None:
        found = LONG_DATE.search(text, 0, 600)
        if found:
            month, d, year = found.groups()
            day = f"{year}-{MONTH_NUMBER[month]:02d}-{int(d):02d}"
    if not title:
        for line in text.splitlines():
            line = line.strip()
            if not line or line.startswith("Site icon"):
                continue
            if len(line) < 160 and not line.endswith("."):
                title = line.lstrip("# ")
            break
    return title, day, MD_LINK.sub(r"\1", text)


def corpus_files(corpus: Path) -> list[Path]:
    """Every article file, in a stable order."""
    return sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".md"))


class Fts5Index:
    """An FTS5 table over a corpus folder."""

    SCHEMA = (
        "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, date UNINDEXED, title, body, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.conn = sqlite3.connect(db_path, isolation_level=None)

    @classmethod
    def build(cls, corpus: Path, db_path: Path) -> tuple[Fts5Index, int]:
        """Create the table from scratch in one transaction; return it and the doc count."""
        for suffix in ("", "-wal", "-journal"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        index = cls(db_path)
        conn = index.conn
        conn.execute(cls.SCHEMA)
        conn.execute("BEGIN")
        count = 0
        for path in corpus_files(corpus):
            text = path.read_text(encoding="utf-8", errors="replace")
            title, day, body = light_metadata(text)
            doc_id = path.relative_to(corpus).with_suffix("").as_posix()
            conn.execute("INSERT INTO docs VALUES (?, ?, ?, ?)", (doc_id, day, title, body))
            count += 1
        conn.execute("COMMIT")
        return index, count

    def search(self, query: BenchQuery, limit: int = 20) -> list[FtsHit]:
        """Top hits by bm25 with a snippet and the character offsets of every match."""
        sql = (
            "SELECT id, title, bm25(docs) AS score, "
            f"snippet(docs, 3, '{MARK_OPEN}', '{MARK_CLOSE}', '…', 16), "
            f"highlight(docs, 3, '{MARK_OPEN}', '{MARK_CLOSE}') "
            "FROM docs WHERE docs MATCH ?"
        )
        params: list = [query.fts_match]
        if query.fts_date:
            sql += " AND date BETWEEN ? AND ?"
            params += [DATE_FROM, DATE_TO]
        sql += " ORDER BY score LIMIT ?"
        params.append(limit)
        return [
            FtsHit(doc_id, title, score, snippet, marked_spans(marked))
            for doc_id, title, score, snippet, marked in self.conn.execute(sql, params)
        ]

    def replace_file(self, corpus: Path, path: Path) -> None:
        """Re-read one file and replace its row: FTS5's incremental update."""
        text = path.read_text(encoding="utf-8", errors="replace")
        title, day, body = light_metadata(text)
        doc_id = path.relative_to(corpus).with_suffix("").as_posix()
        self.conn.execute("BEGIN")
        self.conn.execute("DELETE FROM docs WHERE id = ?", (doc_id,))
        self.conn.execute("INSERT INTO docs VALUES (?, ?, ?, ?)", (doc_id, day, title, body))
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


def marked_spans(marked: str) -> list[tuple[int, int]]:
    """Character offsets of the highlighted runs, in the text without the markers."""
    spans = []
    removed = 0
    pos = marked.find(MARK_OPEN)
    while pos != -1:
        end = marked.find(MARK_CLOSE, pos)
        if end == -1:
            break
        start = pos - removed
        spans.append((start, start + end - pos - 1))
        removed += 2
        pos = marked.find(MARK_OPEN, end)
    return spans


def rg_available() -> bool:
    return shutil.which("rg") is not None


# What the harness runs besides Python, and how to get it where it is missing.
TOOLS = {
    "rg": "ripgrep, the baseline over the raw files: apt-get install ripgrep",
    "tmux": "tmux, for the app's start and live measures: apt-get install tmux",
}


def missing_tools() -> dict[str, str]:
    """The tools not on PATH, each with what it is for and how to install it: their
    figures are "not measured" and the targets needing them "not judged"."""
    return {name: why for name, why in TOOLS.items() if shutil.which(name) is None}


def rg_command(query: BenchQuery, corpus: Path) -> tuple[list[str] | str, bool]:
    """The ripgrep invocation for a query: (argv or shell string, is_shell)."""
    if query.rg_pipe:
        return query.rg_pipe.format(dir=str(corpus)), True
    return ["rg", "--no-config", "-c", "-i", *query.rg_args, str(corpus)], False


def rg_search(query: BenchQuery, corpus: Path) -> int:
    """Run ripgrep once; return how many files matched."""
    cmd, shell = rg_command(query, corpus)
    out = subprocess.run(cmd, shell=shell, capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        raise RuntimeError(f"rg failed ({out.returncode}): {out.stderr.strip()[:200]}")
    return sum(1 for line in out.stdout.splitlines() if line.strip())


def stat_walk(corpus: Path) -> int:
    """Stat every article file: the floor for any change detection by size/mtime."""
    count = 0
    stack = [str(corpus)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.name.endswith((".txt", ".md")):
                    entry.stat()
                    count += 1
    return count


def timed_build(corpus: Path, db_path: Path) -> tuple[Fts5Index, int, float]:
    t0 = time.perf_counter()
    index, count = Fts5Index.build(corpus, db_path)
    return index, count, time.perf_counter() - t0
