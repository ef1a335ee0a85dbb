"""Judging the query targets honestly: every verdict names the figures it was judged on,
and a figure that was not measured is never taken for a target met.

A baseline that did not run (ripgrep not installed, a query that failed, a time budget
spent before its first run) gives "not measured" in its cell and "not judged" for every
target that needed it, unless a measured figure already misses the target: then it is
"missed", with the unmeasured ones named beside it.

Our query figures are the first run of each query on the open index, with whatever the
searcher kept from earlier runs forgotten (``Searcher.clear_caches``), as an analyst's
new query meets it; the same query run again at once is shown beside it, not judged.
"""

from __future__ import annotations

from bench.queries import QUERIES
from bench.stats import fmt_ms

NOT_MEASURED = "not measured"
NOT_JUDGED = "not judged"

# Issue 14's targets: p95 per query, judged at these sizes.
SEARCH_LIMIT = {20_000: 0.050, 100_000: 0.150}
FTS5_FACTOR = 5.0  # every query within 5x of FTS5 (20k and 100k)
RG_FACTOR = 3.0  # at least 3x faster than ripgrep (100k)
RG_AT = 100_000


def p95(d: dict | None) -> float | None:
    """The p95 of a measured figure, None when it was not measured."""
    if not isinstance(d, dict) or "error" in d or "na" in d or "p95" not in d:
        return None
    return d["p95"]


def why_not(d: dict | None, engine: str) -> str:
    """Why *engine*'s figure is missing, in a few words."""
    if isinstance(d, dict) and (d.get("error") or d.get("na")):
        return f"{engine}: {d.get('error') or d.get('na')}"
    return f"{engine}: did not run"


def figures(res: dict) -> tuple[dict, dict, dict]:
    """(ours, FTS5, rg) per query name: the measured dicts, or None / an error dict."""
    ours, fts, rg = res.get("ours", {}), res.get("fts5", {}), res.get("rg", {})
    oq = (ours.get("queries") or {}).get("queries", {})
    fq = (fts.get("queries") or {}).get("queries", {})
    missing_ours = ours.get("error") or (ours.get("queries") or {}).get("error")
    missing_fts = (fts.get("queries") or {}).get("error")
    missing_rg = rg.get("error")
    out_o, out_f, out_r = {}, {}, {}
    for q in QUERIES:
        out_o[q.name] = oq.get(q.name) or ({"error": missing_ours} if missing_ours else None)
        out_f[q.name] = fq.get(q.name) or ({"error": missing_fts} if missing_fts else None)
        out_r[q.name] = rg.get(q.name) or ({"error": missing_rg} if missing_rg else None)
    return out_o, out_f, out_r


def judge(missed: list[str], unmeasured: list[str], applies: bool) -> str:
    """The verdict cell: missed beats not judged beats met; n/a where the target does not
    apply at this size."""
    if not applies:
        return "n/a"
    if missed:
        return "**missed**"
    if unmeasured:
        return NOT_JUDGED
    return "met"


def query_targets(res: dict) -> list[str]:
    """Issue 14's targets at this size, one row per target, with the figures judged."""
    size = res["size"]
    ours, fts, rg = figures(res)
    rows = ["| Target (issue 14) | Judged on (p95) | |", "|---|---|---|"]

    limit = SEARCH_LIMIT.get(size)
    times = {n: p95(d) for n, d in ours.items()}
    unmeasured = [why_not(ours[n], f"ours {n}") for n, t in times.items() if t is None]
    measured = {n: t for n, t in times.items() if t is not None}
    shown = ", ".join(f"{n} {fmt_ms(t)}" for n, t in measured.items())
    over = [n for n, t in measured.items() if limit is not None and t > limit]
    first = all(isinstance(d, dict) and d.get("first_run") for d in ours.values())
    how = "first run" if first else "runs repeated"
    label = f"Search p95 ≤ 50 ms at 20k, ≤ 150 ms at 100k ({how}, with snippets)"
    detail = shown + (f"; over the limit: {', '.join(over)}" if over else "")
    rows.append(_row(label, detail, unmeasured, judge(over, unmeasured, limit is not None)))

    rows.append(_ratio_row(ours, fts, size, "FTS5", FTS5_FACTOR, size in SEARCH_LIMIT))
    rows.append(_ratio_row(ours, rg, size, "rg", RG_FACTOR, size == RG_AT))
    return rows


def _ratio_row(ours: dict, base: dict, size: int, engine: str, factor: float, applies: bool):
    parts, missed, unmeasured = [], [], []
    for q in QUERIES:
        a, b = p95(ours[q.name]), p95(base[q.name])
        if a is None or b is None:
            unmeasured.append(
                why_not(ours[q.name], f"ours {q.name}")
                if a is None
                else why_not(base[q.name], f"{engine} {q.name}")
            )
            continue
        if engine == "FTS5":
            ratio, bad = a / b, a / b > factor
        else:  # how many times faster than ripgrep we are
            ratio, bad = b / a, b / a < factor
        parts.append(f"{q.name} {ratio:.2f}× ({fmt_ms(a)} vs {fmt_ms(b)})")
        if bad:
            missed.append(q.name)
    if engine == "FTS5":
        label = f"Every query within {factor:.0f}× of FTS5 (20k, 100k)"
    else:
        label = f"Every query ≥ {factor:.0f}× faster than ripgrep (100k)"
    word = f"over {factor:.0f}×" if engine == "FTS5" else f"under {factor:.0f}×"
    detail = ", ".join(parts) + (f"; {word}: {', '.join(missed)}" if missed else "")
    if not applies:
        detail += f" (target not set at {size:,})"
    return _row(label, detail, unmeasured, judge(missed, unmeasured, applies))


def _row(label: str, detail: str, unmeasured: list[str], verdict: str) -> str:
    if unmeasured:
        detail = (detail + "; " if detail else "") + f"{NOT_MEASURED}: " + "; ".join(unmeasured)
    return f"| {label} | {detail or NOT_MEASURED} | {verdict} |"
