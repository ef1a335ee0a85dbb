"""Run the benchmarks: our index side by side with SQLite FTS5 and ripgrep, same corpus.

    python -m bench.run --sizes 2000 [20000 100000] [--runs 5] [--seed 1]

Per size: generate (or reuse) the corpus, then measure first build, a fresh CLI process's
start to first result, one changed file made searchable, six queries (p50/p95, top 20 with
snippets and offsets), peak RSS, and the parts still being built when they exist. Prints
the table and rewrites that size's section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

from bench import baselines, extras, live, ours, report
from bench.generate import BENCH_OUT, ensure_corpus
from bench.queries import QUERIES
from bench.stats import Timing, repeat, repeat_process, run_process

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "benchmarks.md"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def worker(task: str, env: dict, timeout: float = 3600, **args) -> dict:
    """Run one bench.worker task in a fresh process; its JSON plus wall time and peak RSS."""
    cmd = [sys.executable, "-m", "bench.worker", task, json.dumps(args)]
    proc = run_process(cmd, env=env, cwd=str(REPO), timeout=timeout)
    lines = proc.stdout.strip().splitlines()
    try:
        result = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"error: worker {task} exited {proc.returncode}: {tail[:200]}"}
    result["rss_mb"] = max(result.get("rss_mb", 0.0), proc.max_rss_mb)
    return result


def bench_env(work: Path) -> dict:
    """Our processes get their own cache, state and config: nothing of the user's leaks in."""
    env = dict(os.environ)
    for name in ("CACHE", "STATE", "CONFIG"):
        path = work / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[f"BRIEFING_{name}"] = str(path)
    env.pop("BRIEFING_INDEX", None)
    # Installed code runs from .pyc files; without this every fresh process would recompile
    # briefing's modules (~100 ms) where this sandbox sets PYTHONDONTWRITEBYTECODE.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def repeated_builds(task: str, env: dict, target: Path, runs: int, budget: float, **args) -> dict:
    """Build from scratch until `runs` builds or the time budget is spent (at least one)."""
    timing = Timing()
    peak, last = 0.0, {}
    while len(timing.samples) < runs:
        shutil.rmtree(target, ignore_errors=True)
        if target.suffix == ".db":
            target.unlink(missing_ok=True)
        last = worker(task, env, **args)
        if "error" in last:
            return last
        timing.samples.append(last["seconds"])
        peak = max(peak, last["rss_mb"])
        if sum(timing.samples) + last["seconds"] > budget and len(timing.samples) < runs:
            timing.note = f"{len(timing.samples)} of {runs} builds (time budget {budget:.0f} s)"
            break
    docs = last["docs"]
    return {
        **timing.as_dict(),
        "note": timing.note,
        "docs": docs,
        "docs_per_s": docs / timing.median,
        "rss_mb": peak,
    }


def code_version() -> str:
    """The commit measured, and whether briefing/ had uncommitted changes (others edit it)."""
    import subprocess

    def git(*args: str) -> str:
        out = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return out.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "briefing")
    return f"{head}{' + uncommitted changes in briefing/' if dirty else ''}"


def pick_article(rows: list[dict]) -> dict:
    """A typical article to change and annotate: not a wire copy, median length."""
    originals = sorted((r for r in rows if not r["duplicate_of"]), key=lambda r: r["words"])
    return originals[len(originals) // 2]


def bench_size(size: int, seed: int, runs: int, build_budget: float, query_budget: float) -> dict:
    t0 = time.perf_counter()
    corpus, rows = ensure_corpus(size, seed, log=log)
    work = BENCH_OUT / f"work-n{size}-s{seed}"
    env = bench_env(work)
    index_dir, db = work / "ours-index", work / "fts5.db"
    article = pick_article(rows)
    res: dict = {"size": size, "seed": seed, "runs": runs, "ours": {}, "fts5": {}, "rg": {}}
    res["load_before"] = os.getloadavg()[0]
    res["missing"] = baselines.missing_tools()
    res["code"] = code_version()
    res["corpus_mb"] = sum(f.stat().st_size for f in baselines.corpus_files(corpus)) / 2**20

    log(f"{size:,}: SQLite FTS5 build, queries, one changed file")
    res["fts5"]["build"] = repeated_builds(
        "fts5-build", env, db, runs, build_budget, corpus=str(corpus), db=str(db)
    )
    res["fts5"]["queries"] = worker("fts5-queries", env, db=str(db), runs=runs, budget=query_budget)
    res["fts5"]["change"] = worker(
        "fts5-change", env, corpus=str(corpus), db=str(db), rel=article["path"], runs=runs
    )

    log(f"{size:,}: ripgrep over the files")
    if baselines.rg_available():
        for q in QUERIES:
            cmd, shell = baselines.rg_command(q, corpus)
            timing, last = repeat_process(cmd, runs=runs, warmup=1, shell=shell)
            files = sum(1 for line in last.stdout.splitlines() if line.strip())
            res["rg"][q.name] = {**timing.as_dict(), "hits": files, "rss_mb": last.max_rss_mb}
    else:
        res["rg"]["error"] = "n/a (rg not installed: apt-get install ripgrep)"
    timing, files = repeat(lambda: baselines.stat_walk(corpus), runs)
    res["stat_walk"] = {**timing.as_dict(), "files": files}

    why_not = ours.available()
    if why_not:
        res["ours"]["error"] = f"n/a ({why_not})"
        log(f"{size:,}: our index is {why_not}")
    else:
        log(f"{size:,}: our index, first build (this is the slow part)")
        res["ours"]["build"] = repeated_builds(
            "ours-build",
            env,
            index_dir,
            runs,
            build_budget,
            corpus=str(corpus),
            index=str(index_dir),
        )
        log(f"{size:,}: our CLI, fresh processes")
        briefing = Path(sys.executable).with_name("briefing")
        cli = [str(briefing), "--corpus", str(corpus), "--index", str(index_dir)]
        cli += ["search", QUERIES[0].ours, "--json"]
        first = run_process(cli, env=env)
        if "Rebuild" in first.stderr:  # the core changed its index format since our build
            res["ours"]["rebuilt"] = first.stderr.strip().splitlines()[0][:160]
        timing, last = repeat_process(cli, runs=runs, warmup=0, env=env)
        ok = last.returncode == 0 and bool(json.loads(last.stdout or "[]"))
        res["ours"]["cli"] = {**timing.as_dict(), "rss_mb": last.max_rss_mb, "ok": ok}
        if not ok:
            res["ours"]["cli"]["error"] = f"error: exit {last.returncode}: {last.stderr[-200:]}"
        floor = [sys.executable, "-c", "import briefing.cli"]
        timing, last = repeat_process(floor, runs=runs, warmup=1, env=env)
        res["ours"]["import"] = {**timing.as_dict(), "rss_mb": last.max_rss_mb}
        log(f"{size:,}: our queries")
        res["ours"]["queries"] = worker(
            "ours-queries",
            env,
            corpus=str(corpus),
            index=str(index_dir),
            runs=runs,
            budget=query_budget,
        )
        log(f"{size:,}: one changed file, annotations, app")
        res["ours"]["change"] = worker(
            "ours-change",
            env,
            corpus=str(corpus),
            index=str(index_dir),
            rel=article["path"],
            runs=runs,
        )
        log(f"{size:,}: one changed file, the app's way (watch) and a fresh CLI's")
        res["ours"]["watch_change"] = worker(
            "ours-watch-change",
            env,
            corpus=str(corpus),
            index=str(index_dir),
            annotations=str(work / "annotations-live"),
            rel=article["path"],
            runs=runs,
        )
        try:
            res["ours"]["cli_change"] = live.cli_change(
                corpus, index_dir, article["path"], env, runs
            )
        except Exception as exc:  # a broken measure must not cost the size's other figures
            res["ours"]["cli_change"] = {"error": f"error: {type(exc).__name__}: {exc}"[:200]}
        res["extras"] = worker(
            "extras",
            env,
            corpus=str(corpus),
            index=str(index_dir),
            annotations=str(work / "annotations"),
            article=article["id"],
            runs=runs,
        )
        titles = [r["title"] for r in rows if r["title"]]
        try:
            res["extras"]["app_start"] = extras.app_start(corpus, index_dir, env, titles, runs)
        except Exception as exc:  # a broken extra must not cost the size's other figures
            res["extras"]["app_start"] = {"error": f"error: {type(exc).__name__}: {exc}"[:200]}
        try:
            res["extras"]["new_corpus"] = live.new_corpus_listed(corpus, work, env, titles, runs)
        except Exception as exc:
            res["extras"]["new_corpus"] = {"error": f"error: {type(exc).__name__}: {exc}"[:200]}
    res["seconds"] = time.perf_counter() - t0
    res["load_after"] = os.getloadavg()[0]
    return res


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000])
    parser.add_argument("--runs", type=int, default=5, help="measured runs (after a warm-up)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--build-budget",
        type=float,
        default=60,
        help="seconds of repeated first builds per engine; at least one build always runs",
    )
    parser.add_argument("--query-budget", type=float, default=20, help="seconds per query")
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/benchmarks.md")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    started = time.perf_counter()
    for name, why in baselines.missing_tools().items():
        log(f"{name} is not installed: its figures will read 'not measured' ({why})")
    for size in args.sizes:
        res = bench_size(size, args.seed, args.runs, args.build_budget, args.query_budget)
        out = BENCH_OUT / f"results-n{size}-s{args.seed}.json"
        out.write_text(json.dumps(res, indent=1))
        log(f"{size:,}: raw numbers in {out}")
        print(report.size_section(res))
        if not args.no_write:
            report.write_doc(DOC, res)
            log(f"{size:,}: wrote {DOC.relative_to(REPO)} (raw numbers: {out})")
    log(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
