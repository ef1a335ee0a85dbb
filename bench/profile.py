"""Where each benchmark query spends its time: one index opened once, each query run many
times, timed and profiled (cProfile).

    python -m bench.profile INDEX_DIR CORPUS_DIR [--runs 20] [--top 25] [--query NAME]

INDEX_DIR is an index `bench.run` built (bench/out/work-n20000-s1/ours-index); CORPUS_DIR
the corpus it was built from. Prints each query's median and p95, first as typed (with
--cold: nothing read before, as a new query after opening) then run again at once (what
the searcher kept is reused), and the functions with the most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time
from pathlib import Path

from bench.queries import QUERIES
from bench.stats import Timing, fmt_ms


def clear(searcher) -> None:
    """Forget parsed queries and what was read from the index, where the code keeps any."""
    if hasattr(searcher, "clear_caches"):
        searcher.clear_caches()


def _run(searcher, text: str, limit: int):
    """One search as the benchmark makes it: the hits with their snippets and offsets."""
    results = searcher.search(text, limit=limit)
    for hit in results.hits:
        hit.snippet, hit.spans  # noqa: B018 - computed when first asked for
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--top", type=int, default=25, help="functions listed (0: no profile)")
    parser.add_argument("--query", action="append", help="only these (by name or text)")
    parser.add_argument("--limit", type=int, default=20, help="hits per search (the app: 200)")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="forget what the searcher has read before each profiled run (a new query)",
    )
    args = parser.parse_args(argv)

    from briefing.core.index import CorpusIndex, Searcher

    index = CorpusIndex.open(args.corpus, args.index)
    searcher = Searcher(index)
    searcher.search(QUERIES[0].ours)  # opens the searcher, loads what is loaded once
    for q in QUERIES:
        if args.query and q.name not in args.query and q.ours not in args.query:
            continue
        cold, warm, cpu = Timing(), Timing(), Timing()
        for _ in range(args.runs):
            if args.cold:
                clear(searcher)
            t0, c0 = time.perf_counter(), time.process_time()
            results = _run(searcher, q.ours, args.limit)
            cold.samples.append(time.perf_counter() - t0)
            cpu.samples.append(time.process_time() - c0)
            t0 = time.perf_counter()
            _run(searcher, q.ours, args.limit)
            warm.samples.append(time.perf_counter() - t0)
        print(
            f"\n=== {q.name}: {q.ours}  {'cold' if args.cold else 'first'} median "
            f"{fmt_ms(cold.median)}, p95 {fmt_ms(cold.p95)} (CPU median {fmt_ms(cpu.median)}); "
            f"again median {fmt_ms(warm.median)}, p95 {fmt_ms(warm.p95)}; "
            f"{len(results.hits)} hits of {results.total}",
            flush=True,
        )
        if not args.top:
            continue
        profile = cProfile.Profile()
        for _ in range(args.runs):
            if args.cold:
                clear(searcher)
            profile.enable()
            _run(searcher, q.ours, args.limit)
            profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("cumulative").print_stats(args.top)
        print("\n".join(out.getvalue().splitlines()[6:]))
    index.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
