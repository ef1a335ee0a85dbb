"""One measurement in a fresh process, so each gets its own peak RSS and cold imports.

    python -m bench.worker TASK '{"json": "arguments"}'

Prints one JSON object on the last line of stdout. `bench.run` drives it.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
import traceback
from pathlib import Path

from bench.queries import NEW_WORD, QUERIES
from bench.stats import Timing, repeat, self_peak_rss_mb


def _peak_rss() -> float:
    """This process and any writer subprocesses it waited for (Whoosh procs>1)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return max(self_peak_rss_mb(), children)


def ours_build(corpus: str, index: str) -> dict:
    from bench import ours

    t0 = time.perf_counter()
    idx = ours.open_index(Path(corpus), Path(index))
    report = ours.update(idx)
    elapsed = time.perf_counter() - t0
    idx.close()
    counts = ours.report_counts(report)
    return {"seconds": elapsed, "docs": counts["added"], "counts": counts}


def ours_queries(corpus: str, index: str, runs: int, budget: float) -> dict:
    """Each query's first run (what the searcher kept from earlier runs forgotten before
    each: the figure judged, see bench.verdicts), the same query again at once, and what
    counting its total costs after the hits are shown (a phrase's is counted on demand)."""
    from bench import ours

    t0 = time.perf_counter()
    idx = ours.open_index(Path(corpus), Path(index))
    searching = ours.Searching(idx)
    opened = time.perf_counter() - t0
    first = searching.search(QUERIES[0].ours)
    first_s = time.perf_counter() - t0
    out = {}
    for q in QUERIES:

        def cold(q=q):
            searching.clear()
            return searching.search(q.ours)

        timing, hits = repeat(cold, runs, 1, budget)
        again, _ = repeat(lambda q=q: searching.search(q.ours), runs, 0, budget)
        counting = Timing()
        for _ in range(min(runs, 3)):
            searching.clear()
            searching.search(q.ours)
            c0 = time.perf_counter()
            total = searching.total()
            counting.samples.append(time.perf_counter() - c0)
        out[q.name] = {
            **timing.as_dict(),
            "note": timing.note,
            "first_run": searching.can_clear,
            "again": again.as_dict(),
            "count": counting.as_dict(),
            "total": total,
            "hits": len(hits),
            "spans": sum(len(h.spans) for h in hits),
            "top": [h.id for h in hits[:3]],
        }
    idx.close()
    return {"open_s": opened, "first_query_s": first_s, "first_hits": len(first), "queries": out}


class _ChangedFile:
    """Appends a new word to one corpus file per run; puts the file back afterwards."""

    def __init__(self, path: Path):
        self.path = path
        self.original = path.read_bytes()
        st = path.stat()
        self.times = (st.st_atime_ns, st.st_mtime_ns)

    def change(self, run: int) -> str:
        word = f"{NEW_WORD}{run:03d}q"
        self.path.write_bytes(self.original + f"\n\nA late addition: {word}.\n".encode())
        # A distinct mtime even when two runs land in the same clock tick.
        mtime = self.times[1] + (run + 1) * 1_000_000_000
        os.utime(self.path, ns=(self.times[0], mtime))
        return word

    def restore(self) -> None:
        self.path.write_bytes(self.original)
        os.utime(self.path, ns=self.times)


def ours_change(corpus: str, index: str, rel: str, runs: int) -> dict:
    from bench import ours

    idx = ours.open_index(Path(corpus), Path(index))
    searching = ours.Searching(idx)
    ours.update(idx)
    changed = _ChangedFile(Path(corpus) / rel)
    total, updates, searches, found = [], [], [], []
    try:
        for run in range(runs + 1):  # run 0 is the warm-up
            word = changed.change(run)
            t0 = time.perf_counter()
            report = ours.update(idx)
            t1 = time.perf_counter()
            hits = searching.search(word)
            t2 = time.perf_counter()
            if run:
                total.append(t2 - t0)
                updates.append(t1 - t0)
                searches.append(t2 - t1)
                found.append(len(hits) == 1 and getattr(report, "changed", 1) == 1)
    finally:
        changed.restore()
        ours.update(idx)
        idx.close()
    return {
        **Timing(total).as_dict(),
        "update": updates,
        "search": searches,
        "found": all(found),
    }


def fts5_build(corpus: str, db: str) -> dict:
    from bench.baselines import timed_build

    index, count, elapsed = timed_build(Path(corpus), Path(db))
    index.close()
    return {"seconds": elapsed, "docs": count}


def fts5_queries(db: str, runs: int, budget: float) -> dict:
    from bench.baselines import Fts5Index

    t0 = time.perf_counter()
    index = Fts5Index(Path(db))
    first = index.search(QUERIES[0])
    first_s = time.perf_counter() - t0
    out = {}
    for q in QUERIES:
        timing, hits = repeat(lambda q=q: index.search(q), runs, 1, budget)
        out[q.name] = {
            **timing.as_dict(),
            "note": timing.note,
            "hits": len(hits),
            "spans": sum(len(h.spans) for h in hits),
            "top": [h.id for h in hits[:3]],
        }
    index.close()
    return {"first_query_s": first_s, "first_hits": len(first), "queries": out}


def fts5_change(corpus: str, db: str, rel: str, runs: int) -> dict:
    from bench.baselines import Fts5Index
    from bench.queries import BenchQuery

    index = Fts5Index(Path(db))
    changed = _ChangedFile(Path(corpus) / rel)
    total, found = [], []
    try:
        for run in range(runs + 1):
            word = changed.change(run)
            t0 = time.perf_counter()
            index.replace_file(Path(corpus), changed.path)
            hits = index.search(BenchQuery("new", word, word, ()))
            if run:
                total.append(time.perf_counter() - t0)
                found.append(len(hits) == 1)
    finally:
        changed.restore()
        index.replace_file(Path(corpus), changed.path)
        index.close()
    return {**Timing(total).as_dict(), "found": all(found)}


TASKS = {
    "ours-build": ours_build,
    "ours-queries": ours_queries,
    "ours-change": ours_change,
    "fts5-build": fts5_build,
    "fts5-queries": fts5_queries,
    "fts5-change": fts5_change,
}


def main() -> int:
    task, args = sys.argv[1], json.loads(sys.argv[2])
    if task == "extras":
        from bench.extras import run_in_worker as fn
    elif task == "ours-watch-change":
        from bench.live import watch_change as fn
    else:
        fn = TASKS[task]
    try:
        result = fn(**args)
    except Exception as exc:  # reported as a cell in the table, never as a number
        from bench.ours import NotBuilt

        kind = "n/a" if isinstance(exc, NotBuilt) else "error"
        where = traceback.extract_tb(exc.__traceback__)[-1]
        at = f" (at {Path(where.filename).name}:{where.lineno})"
        result = {"error": f"{kind}: {type(exc).__name__}: {exc}"[:300] + at}
    result["rss_mb"] = _peak_rss()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
