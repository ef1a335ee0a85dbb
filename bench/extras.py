"""Measures of parts still being built: annotations and the app.

Each checks that the module it needs imports and has the API it calls; if not it reports
"n/a (not built yet)" (or what is missing), never a number it did not measure. Add a new
measure by writing a function that returns a Timing-like dict or {"na": reason}.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.stats import Timing, repeat

HIGHLIGHTS = 50


def _need(module: str, *names: str):
    """Import `module` and check it has `names`; raise LookupError naming what is missing."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            raise LookupError(f"n/a (not built yet: {module})") from None
        raise LookupError(f"n/a ({module} does not import: {exc})") from None
    except ImportError as exc:
        raise LookupError(f"n/a ({module} does not import: {exc})") from None
    missing = [n for n in names if not hasattr(mod, n)]
    if missing:
        raise LookupError(f"n/a ({module} has no {', '.join(missing)})")
    return mod


def _spans(text: str, count: int) -> list[tuple[int, int]]:
    """`count` non-overlapping three-word spans spread over the text."""
    words = []
    pos = 0
    for word in text.split():
        start = text.index(word, pos)
        pos = start + len(word)
        words.append((start, pos))
    step = max(1, len(words) // (count + 1))
    return [
        (words[i][0], words[min(i + 2, len(words) - 1)][1]) for i in range(0, step * count, step)
    ][:count]


def run_in_worker(corpus: str, index: str, annotations: str, article: str, runs: int) -> dict:
    """Open an article carrying 50 highlights (core work: YAML load, article text, re-anchor
    every highlight); save one more annotation (lock, re-read, merge, atomic write)."""
    from bench import ours

    out: dict = {}
    try:
        ann_mod = _need("briefing.core.annotations.store", "AnnotationStore")
        anch = _need("briefing.core.annotations.anchoring", "quote_at", "reanchor")
    except LookupError as exc:
        return {"show50": {"na": str(exc)}, "save": {"na": str(exc)}}
    idx = ours.open_index(Path(corpus), Path(index))
    shutil.rmtree(annotations, ignore_errors=True)
    store = ann_mod.AnnotationStore(Path(annotations), author="bench")
    art = idx.article(article)
    if art is None:
        idx.close()
        return {"show50": {"error": f"no article {article}"}, "save": {"error": "no article"}}
    spans = _spans(art.text, HIGHLIGHTS + runs + 2)
    for start, end in spans[:HIGHLIGHTS]:
        store.add_highlight(article, anch.quote_at(art.text, start, end, art.content_hash))

    def show() -> int:
        ann = store.load(article)
        current = idx.article(article)
        live = ann.live_highlights
        live = live() if callable(live) else live
        anchors = [anch.reanchor(h.target, current.text, current.content_hash) for h in live]
        return len(anchors)

    timing, shown = repeat(show, runs)
    out["show50"] = {**timing.as_dict(), "highlights": shown}
    extra = iter(spans[HIGHLIGHTS:])

    def save() -> None:
        start, end = next(extra)
        store.add_highlight(article, anch.quote_at(art.text, start, end, art.content_hash))

    timing, _ = repeat(save, runs)
    out["save"] = {**timing.as_dict(), "note": f"onto a file holding {HIGHLIGHTS}+ highlights"}
    idx.close()
    return out


def app_start(
    corpus: Path, index: Path, env: dict, titles: list[str], runs: int, timeout: float = 30
) -> dict:
    """Fresh `briefing` app in tmux (120×40) until a library title is on screen."""
    try:
        _need("briefing.tui.app", "run_app")
    except LookupError as exc:
        return {"na": str(exc)}
    if shutil.which("tmux") is None:
        return {"na": "n/a (tmux missing)"}
    briefing = shutil.which("briefing", path=os.path.dirname(sys.executable))
    if briefing is None:
        return {"na": "n/a (no briefing command in the venv)"}
    probes = {t[:24] for t in titles if t and len(t) >= 12}
    socket = f"bench{os.getpid()}"
    env_args = [a for k, v in env.items() if k.startswith("BRIEFING_") for a in ("-e", f"{k}={v}")]
    timing = Timing()
    peak_kb = 0
    tmux = ["tmux", "-L", socket]
    try:
        # A idle session keeps the server up between runs: killing the last session ends
        # the server, and the next new-session can race its shutdown.
        subprocess.run(
            tmux + ["new-session", "-d", "-s", "keep", "sleep 3600"], check=True, env=env
        )
        for run in range(runs + 1):
            session = f"app{run}"
            cmd = f"{briefing} --corpus {corpus} --index {index}"
            seen = seconds_until_title(tmux, session, cmd, env_args, probes, timeout)
            if seen is not None:
                peak_kb = max(peak_kb, _app_hwm_kb(tmux, session))
            subprocess.run(tmux + ["kill-session", "-t", session], check=False)
            if seen is None:
                return {"error": f"error: no library title on screen within {timeout:.0f} s"}
            if run:
                timing.samples.append(seen)
    except (OSError, subprocess.CalledProcessError) as exc:
        return {"error": f"error: tmux: {exc}"[:200]}
    finally:
        subprocess.run(tmux + ["kill-server"], check=False, capture_output=True)
    return {
        **timing.as_dict(),
        "note": "until a title is on screen (tmux, 20 ms polling)",
        "rss_mb": peak_kb / 1024 if peak_kb else None,
    }


def seconds_until_title(
    tmux: list[str], session: str, cmd: str, env_args: list[str], probes: set[str], timeout: float
) -> float | None:
    """Start *cmd* in a new 120x40 tmux session and poll its screen every 20 ms until one
    of *probes* (library titles) shows: the seconds it took, or None after *timeout*. The
    session is left running for the caller to look at and kill."""
    t0 = time.perf_counter()
    start = ["new-session", "-d", "-s", session, "-x", "120", "-y", "40"]
    subprocess.run(tmux + start + env_args + [cmd], check=True)
    while time.perf_counter() - t0 < timeout:
        pane = subprocess.run(
            tmux + ["capture-pane", "-p", "-t", session], capture_output=True, text=True
        ).stdout
        if any(p in pane for p in probes):
            return time.perf_counter() - t0
        time.sleep(0.02)
    return None


def _app_hwm_kb(tmux: list[str], session: str) -> int:
    """VmHWM of the app in the pane (the pane's process, or its child when a shell runs it)."""
    out = subprocess.run(
        tmux + ["display-message", "-p", "-t", session, "#{pane_pid}"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not out.isdigit():
        return 0
    pids = [out]
    children = Path(f"/proc/{out}/task/{out}/children")
    if children.exists():
        pids += children.read_text().split()
    best = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    best = max(best, int(line.split()[1]))
        except (OSError, ValueError):
            continue
    return best
