"""Copy detection on a real corpus: clusters found, and what finding them costs (issue 14).

    python -m bench.copies FOLDER [--pairs] [--compare-datasketch] [--no-doc]

FOLDER is a corpus folder, such as the BBC news data set (2,225 articles in business/,
entertainment/, politics/, sport/ and tech/; not in this repository: its text is the
BBC's). Measures:

- the first build of FOLDER with the real ``briefing index`` command (a fresh process,
  its own index folder), the time every other figure is set against;
- detection alone, every article matched one by one into empty tables, on the clean
  texts that build stored (best of three), and its share of the build;
- one article more: taking out and adding back 50 articles one at a time (the cost of
  each new or changed file at update time);
- with ``--compare-datasketch``, our signatures against ``datasketch.MinHash`` (when it
  is installed) on the same shingles.

Prints every cluster (with ``--pairs``, every confirmed pair with its containment and
Jaccard, to check by hand) and rewrites the copies section of docs/benchmarks.md, keeping
its hand-checked part (between ``<!-- copies-checked -->`` markers) as it is.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from briefing.core.config import CopySettings
from briefing.core.index import CorpusIndex
from briefing.core.index.copies import CopyDetector, digest, shingles, signature

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "benchmarks.md"


class TextSource:
    """A :class:`~briefing.core.index.copies.CopySource` over texts held in memory."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.by_id = texts
        self.hashes = {aid: digest(text) for aid, text in texts.items()}

    def content_hashes(self, ids: Iterable[str] | None = None) -> dict[str, str]:
        if ids is None:
            return dict(self.hashes)
        return {aid: self.hashes[aid] for aid in ids if aid in self.hashes}

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        return {aid: self.by_id[aid] for aid in ids if aid in self.by_id}


def first_build(folder: Path, work: Path) -> tuple[float, Path]:
    """Seconds ``briefing index`` takes on *folder* from nothing; the index folder."""
    env = dict(os.environ)
    for name in ("CACHE", "STATE", "CONFIG"):
        (work / name.lower()).mkdir(parents=True, exist_ok=True)
        env[f"BRIEFING_{name}"] = str(work / name.lower())
    index = work / "index"
    command = [sys.executable, "-m", "briefing", "--corpus", str(folder), "--index", str(index)]
    command += ["--annotations", str(work / "annotations"), "index"]
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - started, index


def clean_texts(folder: Path, index: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(id -> clean text, id -> title) as the build stored them."""
    opened = CorpusIndex.open(folder, index)
    try:
        infos = opened.articles()
        texts = {}
        for info in infos:
            article = opened.article(info.id)
            if article is not None:
                texts[info.id] = article.text
        return texts, {info.id: info.title for info in infos}
    finally:
        opened.close()


def detect(texts: dict[str, str], settings: CopySettings) -> tuple[float, CopyDetector]:
    """Seconds to match every article into empty tables; the detector."""
    detector = CopyDetector(sqlite3.connect(":memory:"), TextSource(texts), settings)
    started = time.perf_counter()
    detector.sync()
    return time.perf_counter() - started, detector


def one_more(detector: CopyDetector, texts: dict[str, str], count: int = 50) -> float:
    """Median seconds to add one article to the full tables (each taken out first)."""
    ids = random.Random(1).sample(sorted(texts), min(count, len(texts)))
    times = []
    for aid in ids:
        with detector.db:
            detector.remove(aid)
        started = time.perf_counter()
        with detector.db:
            detector.add(aid, texts[aid], digest(texts[aid]))
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2]


def compare_datasketch(texts: dict[str, str], size: int) -> dict[str, float] | None:
    """Seconds for every signature: ours, datasketch one at a time, datasketch in bulk."""
    try:
        from datasketch import MinHash
    except ImportError:
        return None
    sets = [shingles(text, size) for text in texts.values()]

    def identity(x: int) -> int:  # our shingles are hashed already
        return x

    def best(run) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
        return min(times)

    def theirs_one_by_one() -> None:
        for s in sets:
            m = MinHash(num_perm=128, hashfunc=identity)
            m.update_batch(list(s))

    return {
        "ours": best(lambda: [signature(s) for s in sets]),
        "datasketch": best(theirs_one_by_one),
        "datasketch_bulk": best(
            lambda: MinHash.bulk([list(s) for s in sets], num_perm=128, hashfunc=identity)
        ),
    }


def pairs(detector: CopyDetector) -> list[tuple[str, str, float, float]]:
    rows = detector.db.execute("SELECT a, b, containment, jaccard FROM copy_pairs ORDER BY a, b")
    return [tuple(row) for row in rows]


def section(res: dict) -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    s = res["settings"]
    share = res["detect_s"] / res["build_s"]
    lines = [
        f"Measured {stamp}; code at {res['commit'] or '?'}. Corpus: `{res['name']}`, "
        f"{res['articles']:,} articles. Settings: containment threshold {s.threshold}, "
        f"{s.shingle_words}-word shingles, articles under {s.min_words} words left out. "
        f"Load average (1 min) {res['load'][0]:.1f} before, {res['load'][1]:.1f} after.",
        "",
        "| Measure | Result |",
        "|---|---|",
        f"| Clusters of copies | {res['clusters']} ({res['clustered']} articles, "
        f"{res['pairs']} confirmed pairs) |",
        f"| … of which every pair is a byte-for-byte copy of the clean text | {res['exact']} |",
        f"| First build, `briefing index` | {res['build_s']:.1f} s |",
        f"| Detection, every article matched one by one (best of 3) | {res['detect_s']:.2f} s "
        f"({share:.0%} of the build; target ≤ 15 %) |",
        f"| One article more, into the full tables (median of 50) | {res['one_ms']:.2f} ms |",
    ]
    if res.get("datasketch"):
        d = res["datasketch"]
        lines += [
            f"| Every signature: ours (one-permutation, plain Python) | {d['ours']:.2f} s |",
            f"| … `datasketch.MinHash`, 128 permutations, one article at a time | "
            f"{d['datasketch']:.2f} s |",
            f"| … `datasketch.MinHash.bulk`, all at once | {d['datasketch_bulk']:.2f} s |",
        ]
    return "\n".join(lines) + "\n"


def write_doc(text: str) -> None:
    """Put *text* between the copies markers of docs/benchmarks.md (before the notes),
    keeping the hand-checked block inside them."""
    old = DOC.read_text()
    checked = re.search(r"<!-- copies-checked -->.*?<!-- /copies-checked -->", old, re.S)
    kept = checked.group(0) if checked else "<!-- copies-checked -->\n<!-- /copies-checked -->"
    block = (
        "<!-- copies -->\n### Copies: near-duplicate detection (issue 14)\n\n"
        f"{text}\n{kept}\n<!-- /copies -->"
    )
    start, end = old.find("<!-- copies -->"), old.find("<!-- /copies -->")
    if start >= 0 and end > start:
        new = old[:start] + block + old[end + len("<!-- /copies -->") :]
    else:
        at = old.find("## Notes")
        new = old[:at] + block + "\n\n" + old[at:] if at >= 0 else old + "\n" + block + "\n"
    DOC.write_text(new)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the corpus folder (say, the BBC's bbc/)")
    parser.add_argument("--pairs", action="store_true", help="print every confirmed pair")
    parser.add_argument("--compare-datasketch", action="store_true")
    parser.add_argument("--no-doc", action="store_true", help="print only")
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    settings = CopySettings()
    load = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="bench-copies-"))
    try:
        build_s, index = first_build(folder, work)
        texts, titles = clean_texts(folder, index)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    detect_s = min(detect(texts, settings)[0] for _ in range(2))
    last_s, detector = detect(texts, settings)
    clusters = detector.clusters()
    for cluster, members in clusters.items():
        print(f"{cluster}  ({len(members)})")
        for aid in members:
            print(f"    {aid}  {titles.get(aid, '')}")
    found = pairs(detector)
    if args.pairs:
        for a, b, containment, jaccard in found:
            print(f"{containment:.3f} {jaccard:.3f}  {a}  {b}")
    exact = sum(1 for m in clusters.values() if len({digest(texts[a]) for a in m}) == 1)
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    res = {
        "name": folder.name,
        "articles": len(texts),
        "settings": settings,
        "build_s": build_s,
        "detect_s": min(detect_s, last_s),
        "one_ms": one_more(detector, texts) * 1000,
        "clusters": len(clusters),
        "clustered": sum(len(m) for m in clusters.values()),
        "pairs": len(found),
        "exact": exact,
        "commit": commit,
        "load": (load, os.getloadavg()[0]),
    }
    if args.compare_datasketch:
        res["datasketch"] = compare_datasketch(texts, settings.shingle_words)
    text = section(res)
    print(text)
    if not args.no_doc:
        write_doc(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
