"""Write a synthetic news corpus to disk, in folders of at most 1,000 files, and cache it.

    python -m bench.generate OUT_DIR --count N --seed S

Articles come from `bench.articles` (deterministic from the seed); folders are written in
parallel. `ensure_corpus` reuses a complete corpus with the same count, seed and generator
version under bench/out/.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from dataclasses import asdict
from multiprocessing import Pool
from pathlib import Path

from bench.articles import FILES_PER_FOLDER, GENERATOR_VERSION, make_article

BENCH_OUT = Path(__file__).resolve().parent / "out"


def _write_folder(args: tuple[Path, int, int, int]) -> list[dict]:
    out, seed, start, stop = args
    rows = []
    for index in range(start, stop):
        text, meta = make_article(seed, index)
        path = out / meta.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        rows.append(asdict(meta))
    return rows


def generate(out: Path, count: int, seed: int, processes: int | None = None) -> list[dict]:
    """Write `count` articles under `out` (folders of ≤1,000); return the manifest rows."""
    out.mkdir(parents=True, exist_ok=True)
    chunks = [
        (out, seed, start, min(count, start + FILES_PER_FOLDER))
        for start in range(0, count, FILES_PER_FOLDER)
    ]
    processes = processes or min(len(chunks), os.cpu_count() or 1)
    if processes <= 1:
        results = [_write_folder(c) for c in chunks]
    else:
        with Pool(processes) as pool:
            results = pool.map(_write_folder, chunks)
    return [row for rows in results for row in rows]


def corpus_dir(count: int, seed: int) -> Path:
    """Where the cached corpus for (count, seed) lives: bench/out/corpus-.../articles."""
    return BENCH_OUT / f"corpus-n{count}-s{seed}-v{GENERATOR_VERSION}" / "articles"


def ensure_corpus(
    count: int, seed: int = 1, out: Path | None = None, log=print
) -> tuple[Path, list[dict]]:
    """Generate the corpus unless a complete one with the same parameters is cached."""
    articles = out if out is not None else corpus_dir(count, seed)
    root = articles.parent if out is None else articles
    marker = root / ("complete.json" if out is None else ".bench-complete.json")
    manifest = root / ("manifest.jsonl" if out is None else ".bench-manifest.jsonl")
    params = {"count": count, "seed": seed, "version": GENERATOR_VERSION}
    if marker.exists() and json.loads(marker.read_text()) == params:
        rows = [json.loads(line) for line in manifest.read_text().splitlines()]
        return articles, rows
    if out is None and articles.exists():  # a partial or outdated cache
        shutil.rmtree(articles)
    t0 = time.perf_counter()
    rows = generate(articles, count, seed)
    manifest.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    marker.write_text(json.dumps(params))
    log(f"generated {count:,} articles (seed {seed}) in {time.perf_counter() - t0:.1f} s")
    return articles, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the articles into")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    _, rows = ensure_corpus(args.count, args.seed, out=args.out, log=print)
    words = sorted(r["words"] for r in rows)
    dups = sum(1 for r in rows if r["duplicate_of"])
    print(
        f"{len(rows):,} articles in {args.out}: words median {words[len(words) // 2]}, "
        f"min {words[0]}, max {words[-1]}; {dups} wire copies",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
