"""What the hostile-input tests share: a quick corpus big enough for Whoosh's two-process
writer, and a look at processes through /proc (psutil is not installed)."""

from __future__ import annotations

import os
import random
from pathlib import Path

WORDS = (
    "government minister talks havana embassy migration security economy trade visa "
    "delegation officials reform border remittances press statement agreement crisis "
    "election council court policy market energy health school river harbour weather"
).split()


def write_articles(root: Path, count: int, words: int = 180, seed: int = 0) -> Path:
    """*count* small articles (a title line, three paragraphs) under *root*/NNNN.txt."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        body = [" ".join(rng.choices(WORDS, k=words // 3)) + "." for _ in range(3)]
        title = f"Report {n} on {rng.choice(WORDS)}"
        (root / f"{n:04d}.txt").write_text(f"{title}\n\n" + "\n\n".join(body) + f" uniq{n}\n")
    return root


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # after "pid (comm)": state, ppid, ...


def children_of(pid: int) -> set[int]:
    """Process ids whose parent is *pid* right now."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields is not None and int(fields[1]) == pid:
                found.add(int(entry))
    return found


def is_running(pid: int) -> bool:
    """True while *pid* exists and is not a zombie (a zombie has ended; only its exit
    status waits to be collected, which in a container may never happen)."""
    fields = _stat_fields(pid)
    return fields is not None and fields[0] not in ("Z", "X")
