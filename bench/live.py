"""Measures of the live corpus (issue 13): one changed file made searchable the way the app
does it (the folder watch names the file, the index looks at it alone) and the way a
fresh CLI command does (a walk of the corpus, then the search); a new corpus listed in
the app.

Each returns a Timing-like dict, or {"na": reason} when the API it needs is missing: the
report then says "not measured", never a figure it did not take.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.extras import seconds_until_title
from bench.stats import Timing, run_process
from bench.worker import _ChangedFile


def watch_change(corpus: str, index: str, annotations: str, rel: str, runs: int) -> dict:
    """Write a new word into one file while a Workspace watches the corpus; time from the
    write until a search finds the word: the watch's event, `update(paths=...)`, the
    search. This is the app's path less the hop through Textual's message queue."""
    from briefing.core.workspace import Workspace

    if not hasattr(Workspace, "changes"):
        return {"na": "n/a (no Workspace.changes: the app has no folder watch)"}
    ws = Workspace(Path(corpus), index=Path(index), annotations=Path(annotations))
    ws.update()
    stop = threading.Event()
    seen: queue.Queue = queue.Queue()

    def watch() -> None:
        for changes in ws.changes(stop):
            seen.put(changes)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    time.sleep(2.0)  # the watch sets itself up (one inotify watch per folder)
    changed = _ChangedFile(Path(corpus) / rel)
    total, waits, updates, searches, found = [], [], [], [], []
    try:
        for run in range(runs + 1):  # run 0 is the warm-up
            word = changed.change(run)
            t0 = time.perf_counter()
            paths: set[str] = set()
            while rel not in paths:
                paths |= seen.get(timeout=30).paths
            t1 = time.perf_counter()
            ws.update(paths=paths)
            t2 = time.perf_counter()
            hits = ws.search(word).hits
            t3 = time.perf_counter()
            if run:
                total.append(t3 - t0)
                waits.append(t1 - t0)
                updates.append(t2 - t1)
                searches.append(t3 - t2)
                found.append([h.id for h in hits] == [rel.rsplit(".", 1)[0]])
    finally:
        stop.set()
        changed.restore()
        thread.join(5)
        ws.update()
        ws.close()
    return {
        **Timing(total).as_dict(),
        "watch": waits,
        "update": updates,
        "search": searches,
        "found": all(found),
    }


def cli_change(corpus: Path, index: Path, rel: str, env: dict, runs: int) -> dict:
    """Change one file, then a fresh `briefing search WORD --json`: start to exit."""
    briefing = Path(sys.executable).with_name("briefing")
    cmd = [str(briefing), "--corpus", str(corpus), "--index", str(index), "search"]
    changed = _ChangedFile(corpus / rel)
    timing, found = Timing(), []
    try:
        for run in range(runs + 1):
            word = changed.change(100 + run)
            done = run_process([*cmd, word, "--json"], env=env)
            if done.returncode != 0:
                return {"error": f"error: exit {done.returncode}: {done.stderr[-200:]}"}
            if run:
                timing.samples.append(done.elapsed)
                found.append([h["id"] for h in json.loads(done.stdout)] == [rel.rsplit(".", 1)[0]])
    finally:
        changed.restore()
        run_process([*cmd, "restore-check", "--json"], env=env)  # the index follows back
    return {**timing.as_dict(), "found": all(found)}


def new_corpus_listed(
    corpus: Path, work: Path, env: dict, titles: list[str], runs: int, timeout: float = 60
) -> dict:
    """The app on a corpus it has never indexed (a fresh index folder each run), in tmux
    at 120x40, until a library title is on screen; the app is then killed (the build
    with it)."""
    if shutil.which("tmux") is None:
        return {"na": "n/a (tmux missing)"}
    briefing = Path(sys.executable).with_name("briefing")
    probes = {t[:24] for t in titles if t and len(t) >= 12}
    socket = f"benchnew{os.getpid()}"
    tmux = ["tmux", "-L", socket]
    env_args = [a for k, v in env.items() if k.startswith("BRIEFING_") for a in ("-e", f"{k}={v}")]
    timing = Timing()
    try:
        subprocess.run(tmux + ["new-session", "-d", "-s", "keep", "sleep 3600"], check=True)
        for run in range(runs + 1):
            index = work / f"new-index-{run}"
            shutil.rmtree(index, ignore_errors=True)
            session = f"new{run}"
            cmd = f"{briefing} --corpus {corpus} --index {index}"
            seen = seconds_until_title(tmux, session, cmd, env_args, probes, timeout)
            subprocess.run(tmux + ["kill-session", "-t", session], check=False)
            time.sleep(0.5)  # the killed app's writer processes go with it
            shutil.rmtree(index, ignore_errors=True)
            if seen is None:
                return {"error": f"error: no library title on screen within {timeout:.0f} s"}
            if run:
                timing.samples.append(seen)
    except (OSError, subprocess.CalledProcessError) as exc:
        return {"error": f"error: tmux: {exc}"[:200]}
    finally:
        subprocess.run(tmux + ["kill-server"], check=False, capture_output=True)
    return {**timing.as_dict(), "note": "no index yet: until a title is on screen (tmux)"}
