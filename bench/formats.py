"""The mixed-format corpus: how fast pages and PDFs become articles (issue 12).

    python -m bench.formats [--count 200] [--seed 1] [--no-doc]

Writes COUNT HTML pages (as sites write them: navigation, share bar, "You may also like"
and footer around the story) and COUNT PDFs of 2-4 pages, from the bench generator's
text, plus one file of every other kind; then measures:

- extraction alone per format, through the reading process as the index runs it (no
  cache), after one file has started that process; and the reader alone, in process, to
  show what the process boundary costs;
- the first build of the whole mixed corpus (read, extract, clean, index), and a rebuild
  with the extraction cache warm (what a change of cleaning rules costs).

Prints the table and rewrites the formats section of docs/benchmarks.md. The fixture
builders are the tests' (tests/format_files.py), so the bench reads what the tests check.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.articles import _body_rng_parts, _rng, _title

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "benchmarks.md"
sys.path.insert(0, str(REPO / "tests"))

import format_files  # noqa: E402 - the tests' fixture builders, found through the line above


def _story(seed: int, index: int) -> tuple[str, str, list[str]]:
    """(title, ISO date, paragraphs) of generated article *index*."""
    topic, day, cast, paragraphs = _body_rng_parts(seed, index)
    title = _title(_rng(seed, index, "title"), topic, cast)
    return title, day.isoformat(), [" ".join(p) for p in paragraphs]


def write_corpus(root: Path, count: int, seed: int) -> dict[str, list[Path]]:
    """COUNT pages and COUNT PDFs under *root*, and the tests' mixed corpus beside them."""
    made: dict[str, list[Path]] = {"html": [], "pdf": []}
    (root / "html").mkdir(parents=True)
    (root / "pdf").mkdir()
    for i in range(count):
        title, day, paragraphs = _story(seed, i)
        page = format_files.page_html(
            title, "Bench Herald", "Bench Writer", day, f"https://bench.example/{i}", paragraphs
        )
        path = root / "html" / f"page-{i:05d}.html"
        path.write_text(page, encoding="utf-8")
        made["html"].append(path)
    for i in range(count):
        title, day, paragraphs = _story(seed, count + i)
        lines = [title, ""] + [w for p in paragraphs for w in _wrap(p)]
        per_page = max(8, len(lines) // (2 + i % 3))
        pages = [lines[k : k + per_page] for k in range(0, len(lines), per_page)]
        stamp = "D:" + day.replace("-", "") + "090000Z"
        data = format_files.make_pdf(pages, {"Title": title, "CreationDate": stamp})
        path = root / "pdf" / f"report-{i:05d}.pdf"
        path.write_bytes(data)
        made["pdf"].append(path)
    format_files.write_mixed_corpus(root / "mixed")
    return made


def _wrap(paragraph: str, width: int = 90) -> list[str]:
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line, ""]


def _extract_rate(paths: list[Path], root: Path) -> float:
    """Files per second through the reading process; the first file (which starts the
    process and imports the format's library there) is not timed."""
    from briefing.core.corpus.formats import extract

    extract(paths[0].read_bytes(), "warm-up" + paths[0].suffix)
    started = time.perf_counter()
    for path in paths[1:]:
        extract(path.read_bytes(), path.relative_to(root).as_posix())
    return (len(paths) - 1) / (time.perf_counter() - started)


def _in_process_rate(paths: list[Path], fmt: str) -> float:
    """Files per second through the reader called here; the first file is not timed."""
    from briefing.core.corpus.formats import FORMATS

    reader = next(f for f in FORMATS if f.name == fmt).reader
    assert reader is not None
    reader(paths[0].read_bytes(), paths[0].name)
    started = time.perf_counter()
    for path in paths[1:]:
        reader(path.read_bytes(), path.name)
    return (len(paths) - 1) / (time.perf_counter() - started)


def _build(root: Path, index: Path, rebuild: bool) -> tuple[int, float]:
    from briefing.core.index import CorpusIndex

    corpus_index = CorpusIndex.open(root, index)
    try:
        started = time.perf_counter()
        report = corpus_index.update(rebuild=rebuild)
        return report.added, time.perf_counter() - started
    finally:
        corpus_index.close()


def measure(count: int, seed: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix="bench-formats-"))
    try:
        root = work / "corpus"
        made = write_corpus(root, count, seed)
        sizes = {k: sum(p.stat().st_size for p in v) / len(v) for k, v in made.items()}
        load = [os.getloadavg()[0]]
        result = {
            "count": count,
            "seed": seed,
            "kb": {k: round(v / 1024, 1) for k, v in sizes.items()},
            "extract": {k: _extract_rate(v, root) for k, v in made.items()},
            "in_process": {k: _in_process_rate(v, k) for k, v in made.items()},
        }
        added, first = _build(root, work / "index", rebuild=False)
        _, again = _build(root, work / "index", rebuild=True)
        load.append(os.getloadavg()[0])
        result.update(articles=added, first_s=first, rebuild_s=again, load=load)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def section(res: dict) -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    ex, alone, kb = res["extract"], res["in_process"], res["kb"]
    n = res["count"]
    rows = [
        f"Measured {stamp}; code at {commit or '?'}. Corpus: {n} generated HTML pages "
        f"({kb['html']:.0f} KB each on average, the story inside navigation, share bar, "
        f'"You may also like" and footer) and {n} generated PDFs of 2-4 pages '
        f"({kb['pdf']:.0f} KB), seed {res['seed']}, plus one file of every other kind "
        f"(`tests/format_files.py`). Load average (1 min) {res['load'][0]:.1f} before, "
        f"{res['load'][1]:.1f} after: other work on this 2-core machine shows up here.",
        "",
        "| Measure | HTML | PDF |",
        "|---|---|---|",
        f"| Extraction through the reading process, no cache | {ex['html']:.0f} docs/s "
        f"| {ex['pdf']:.0f} docs/s |",
        f"| … the reader alone, in process (what the process boundary costs) "
        f"| {alone['html']:.0f} docs/s | {alone['pdf']:.0f} docs/s |",
        "",
        "| Whole mixed corpus | Articles | Time | Rate |",
        "|---|---|---|---|",
        f"| First build (read, extract, clean, index) | {res['articles']:,} "
        f"| {res['first_s']:.1f} s | {res['articles'] / res['first_s']:.0f} docs/s |",
        f"| Rebuild, extraction cache warm (as after new cleaning rules) | {res['articles']:,} "
        f"| {res['rebuild_s']:.1f} s | {res['articles'] / res['rebuild_s']:.0f} docs/s |",
        "",
    ]
    return "\n".join(rows)


def write_doc(text: str) -> None:
    """Put *text* between the formats markers of docs/benchmarks.md (before the notes)."""
    old = DOC.read_text()
    block = f"<!-- formats -->\n### Mixed-format corpus (issue 12)\n\n{text}<!-- /formats -->"
    start, end = old.find("<!-- formats -->"), old.find("<!-- /formats -->")
    if start >= 0 and end > start:
        new = old[:start] + block + old[end + len("<!-- /formats -->") :]
    else:
        at = old.find("## Notes")
        new = old[:at] + block + "\n\n" + old[at:] if at >= 0 else old + "\n" + block + "\n"
    DOC.write_text(new)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="pages, and PDFs (default 200)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-doc", action="store_true", help="print only")
    args = parser.parse_args(argv)
    text = section(measure(args.count, args.seed))
    print(text)
    if not args.no_doc:
        write_doc(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
