"""Copy detection on a real corpus: clusters found, and what finding them costs.

    python -m bench.copies FOLDER [--pairs] [--compare-datasketch] [--no-doc]

FOLDER is a corpus folder, such as the BBC news data set (2,225 articles in business/,
entertainment/, politics/, sport/ and tech/; not in this repository: its text is the
BBC's). Measures:

- the first build of FOLDER with the real ``briefing index`` command (a fresh process,
  its own index folder), copy detection included;
- detection alone, every article matched one by one into empty tables in a SQLite file
  on disk, on the clean texts that build stored (best of three), and its share of the
  build less itself (what the build would take without it);
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
import resource
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


def first_build(folder: Path, work: Path) -> tuple[float, float, Path]:
    """(wall seconds, CPU seconds of it and its writer processes) ``briefing index`` takes
    on *folder* from nothing; the index folder."""
    env = dict(os.environ)
    for name in ("CACHE", "STATE", "CONFIG"):
        (work / name.lower()).mkdir(parents=True, exist_ok=True)
        env[f"BRIEFING_{name}"] = str(work / name.lower())
    index = work / "index"
    command = [sys.executable, "-m", "briefing", "--corpus", str(folder), "--index", str(index)]
    command += ["--annotations", str(work / "annotations"), "index"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, index


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


def detect(
    texts: dict[str, str], settings: CopySettings, work: Path
) -> tuple[float, float, CopyDetector]:
    """(wall seconds, CPU seconds) to match every article into empty tables (a SQLite file
    in *work*, as the catalog is); the detector."""
    path = Path(tempfile.mkstemp(dir=work, suffix=".sqlite")[1])
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")  # as the catalog's
    detector = CopyDetector(db, TextSource(texts), settings)
    started, cpu = time.perf_counter(), time.process_time()
    detector.apply(texts)
    return time.perf_counter() - started, time.process_time() - cpu, detector


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


def summary(
    detector: CopyDetector, texts: dict[str, str], titles: dict[str, str], show_pairs: bool
) -> dict:
    """Print every cluster (and with *show_pairs* every confirmed pair); the counts, and
    the cost of one article more."""
    clusters = detector.clusters()
    for cluster, members in clusters.items():
        print(f"{cluster}  ({len(members)})")
        for aid in members:
            print(f"    {aid}  {titles.get(aid, '')}")
    rows = detector.db.execute("SELECT a, b, containment, jaccard FROM copy_pairs ORDER BY a, b")
    found = rows.fetchall()
    if show_pairs:
        for a, b, containment, jaccard in found:
            print(f"{containment:.3f} {jaccard:.3f}  {a}  {b}")
    return {
        "clusters": len(clusters),
        "clustered": sum(len(m) for m in clusters.values()),
        "pairs": len(found),
        # Clusters whose articles all have one clean text (a new headline at most).
        "exact": sum(1 for m in clusters.values() if len({digest(texts[a]) for a in m}) == 1),
        "one_ms": one_more(detector, texts) * 1000,
    }


def section(res: dict) -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    s = res["settings"]
    share = res["detect_s"] / (res["build_s"] - res["detect_s"])
    cpu_share = res["detect_cpu"] / (res["build_cpu"] - res["detect_cpu"])
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
        f"| First build, `briefing index`, copy detection included | {res['build_s']:.1f} s "
        f"({res['build_cpu']:.1f} s CPU, its writer processes included) |",
        f"| Detection alone, every article matched one by one (best of 3) | "
        f"{res['detect_s']:.2f} s, {share:.0%} of the build without it (target ≤ 15 %); "
        f"CPU {res['detect_cpu']:.2f} s, {cpu_share:.0%} |",
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
        f"<!-- copies -->\n### Copies: near-duplicate detection\n\n{text}\n{kept}\n<!-- /copies -->"
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
        build_s, build_cpu, index = first_build(folder, work)
        texts, titles = clean_texts(folder, index)
        runs = [detect(texts, settings, work) for _ in range(3)]
        detector = runs[-1][2]
        report = summary(detector, texts, titles, args.pairs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    res = {
        "name": folder.name,
        "articles": len(texts),
        "settings": settings,
        "build_s": build_s,
        "build_cpu": build_cpu,
        "detect_s": min(r[0] for r in runs),
        "detect_cpu": min(r[1] for r in runs),
        **report,
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
