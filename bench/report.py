"""Turn one size's results into the Markdown table, and keep docs/benchmarks.md current.

docs/benchmarks.md has one section per corpus size between markers; a run rewrites the
header (machine, versions) and the sections of the sizes it measured, and keeps the rest,
so `make bench` (2k) and `make bench-full` (20k, 100k) add up to one document.
"""

from __future__ import annotations

import os
import platform
import re
import sqlite3
import subprocess
import time
from pathlib import Path

from bench import verdicts
from bench.queries import QUERIES
from bench.stats import fmt_ms

NA = "n/a"


def machine() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{mem_kb / 2**20:.1f} GiB"
    except OSError:
        ram = "unknown"
    try:
        import whoosh

        whoosh_version = whoosh.versionstring()
    except ImportError:
        whoosh_version = "not installed"
    try:
        rg = subprocess.run(["rg", "--version"], capture_output=True, text=True).stdout
        rg = rg.splitlines()[0]
    except (OSError, IndexError):
        rg = "not installed"
    return [
        f"- Machine: {os.cpu_count()} CPUs (`nproc`), {ram} RAM, {cpu}",
        f"- {platform.system()} {platform.release()}; Python {platform.python_version()}; "
        f"Whoosh {whoosh_version}; SQLite {sqlite3.sqlite_version}; {rg}",
        "- Benchmark processes run without PYTHONDONTWRITEBYTECODE, so fresh processes load "
        "briefing's modules from .pyc files as an installed copy would",
    ]


def _t(d: dict | None, key: str = "median") -> float | None:
    if not d or "error" in d or "na" in d or key not in d:
        return None
    return d[key]


def _cell(d: dict | None, both: bool = True) -> str:
    if not d:
        return NA
    if "error" in d or "na" in d:
        return d.get("error") or d.get("na")
    text = f"{fmt_ms(d['median'])} / {fmt_ms(d['p95'])}" if both else fmt_ms(d["median"])
    if d.get("note"):
        text += f" ({d['note']})"
    return text


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "—"
    r = a / b
    return f"{r:.0f}×" if r >= 10 else f"{r:.1f}×" if r >= 1 else f"{r:.2f}×"


def _mb(value: float | None) -> str:
    return NA if value is None else f"{value:.0f} MB"


def size_section(res: dict) -> str:
    size = res["size"]
    ours, fts, rg = res.get("ours", {}), res.get("fts5", {}), res.get("rg", {})
    lines = [
        f"### {size:,} articles",
        "",
        f"Corpus: {size:,} generated articles ({res['corpus_mb']:.0f} MB, seed {res['seed']}); "
        f"each figure the median / p95 of {res['runs']} runs after a warm-up unless noted; "
        f"code at {res.get('code', 'unknown')}; "
        f"whole size measured in {res.get('seconds', 0):.0f} s. Load average (1 min) "
        f"{res.get('load_before', 0):.1f} before, {res.get('load_after', 0):.1f} after: "
        "other work on this 2-core machine shows up in these figures.",
        "",
        "| Measure | Ours (Whoosh) | SQLite FTS5 | ripgrep | ours ÷ FTS5 | rg ÷ ours |",
        "|---|---|---|---|---|---|",
    ]
    if res.get("missing"):
        lines[2] += " Not installed, so not measured: " + "; ".join(res["missing"].values()) + "."
    if "error" in ours:
        lines.append(f"| our index | {ours['error']} | | | | |")
    if ours.get("rebuilt"):
        lines[2] += (
            f" The CLI rebuilt the index before its timed runs ({ours['rebuilt']}): the core "
            "changed while this size ran, so the build figure is for the older code."
        )
    ob, fb = ours.get("build"), fts.get("build")

    def build_cell(d):
        if not d or "error" in d:
            return (d or {}).get("error", NA)
        note = f", {d['note']}" if d.get("note") else ""
        return f"{d['docs_per_s']:,.0f} docs/s ({fmt_ms(d['median'])}{note})"

    lines.append(
        f"| First build | {build_cell(ob)} | {build_cell(fb)} | — (no index) | "
        f"{_ratio(_t(ob), _t(fb))} | — |"
    )
    cli = ours.get("cli")
    rg_term = rg.get(QUERIES[0].name)
    lines.append(
        f"| Fresh process: start → first result (`briefing search {QUERIES[0].ours} --json`) | "
        f"{_cell(cli)} | — | {_cell(rg_term)} (rg is always a fresh process) | — | "
        f"{_ratio(_t(rg_term), _t(cli))} |"
    )
    lines.append(
        f"| … of which `python -c 'import briefing.cli'` | {_cell(ours.get('import'))} | — | — | — | — |"
    )
    of = ours.get("queries", {}).get("first_query_s") if "queries" in ours else None
    ff = fts.get("queries", {}).get("first_query_s")
    lines.append(
        f"| In process: open index + first query | {fmt_ms(of) if of else NA} | "
        f"{fmt_ms(ff) if ff else NA} | — | {_ratio(of, ff)} | — |"
    )
    oc, fc = ours.get("change"), fts.get("change")
    oc_note = ""
    if oc and "update" in oc:
        oc_note = (
            f" (update {fmt_ms(sorted(oc['update'])[len(oc['update']) // 2])}, "
            f"search {fmt_ms(sorted(oc['search'])[len(oc['search']) // 2])}"
            f"{'' if oc.get('found') else ', NEW WORD NOT FOUND'})"
        )
    lines.append(
        f"| One changed file searchable (update + search) | {_cell(oc)}{oc_note} | "
        f"{_cell(fc)} (row replaced by path: no change detection) | — (no index) | "
        f"{_ratio(_t(oc), _t(fc))} | — |"
    )
    sw = res.get("stat_walk")
    lines.append(f"| … floor: stat every file (os.scandir) | {_cell(sw)} | — | — | — | — |")
    per_ours, per_fts, per_rg = verdicts.figures(res)
    for q in QUERIES:
        o, f, r = per_ours[q.name], per_fts[q.name], per_rg[q.name]
        lines.append(
            f"| Query {q.name}: `{q.ours}` | {_ours_query_cell(o)} | {_query_cell(f, 'FTS5')} | "
            f"{_query_cell(r, 'rg')} | "
            f"{_ratio(_t(o, 'p95'), _t(f, 'p95'))} | {_ratio(_t(r, 'p95'), _t(o, 'p95'))} |"
        )
    rg_rss = max(
        (d.get("rss_mb", 0) for d in rg.values() if isinstance(d, dict) and "rss_mb" in d),
        default=None,
    )
    lines.append(
        f"| Peak RSS: build | {_mb((ob or {}).get('rss_mb'))} | {_mb((fb or {}).get('rss_mb'))} | "
        f"— | — | — |"
    )
    oqr = ours.get("queries", {}).get("rss_mb") if "queries" in ours else None
    lines.append(
        f"| Peak RSS: index open + six queries | {_mb(oqr)} | "
        f"{_mb(fts.get('queries', {}).get('rss_mb'))} | {_mb(rg_rss)} (largest rg) | — | — |"
    )
    lines.append(f"| Peak RSS: CLI search | {_mb((cli or {}).get('rss_mb'))} | — | — | — | — |")
    app_rss = (res.get("extras", {}).get("app_start") or {}).get("rss_mb")
    lines.append(f"| Peak RSS: app with the library shown | {_mb(app_rss)} | — | — | — | — |")
    ex = res.get("extras", {})
    for key, label in (
        ("show50", "Open an article with 50 highlights (load + re-anchor)"),
        ("save", "One annotation save"),
        ("app_start", "App start → library on screen (tmux)"),
        ("new_corpus", "App on a new corpus (no index) → library on screen (tmux)"),
    ):
        lines.append(f"| {label} | {_cell(ex.get(key)) if ex else NA} | — | — | — | — |")
    wc, cc = ours.get("watch_change"), ours.get("cli_change")
    lines.append(
        f"| One changed file searchable, the app's way (watch → update of that path → "
        f"search) | {_cell(wc)}{_parts(wc, ('watch', 'update', 'search'))} | — | — | — | — |"
    )
    lines.append(
        f"| One changed file searchable, a fresh CLI (`briefing search WORD --json`, start to "
        f"exit) | {_cell(cc)}{'' if not cc or cc.get('found', True) else ' NEW WORD NOT FOUND'}"
        " | — | — | — | — |"
    )
    lines += [
        "",
        "Ratios compare times (p95 for queries, medians elsewhere); targets on times are "
        "judged on p95, build speed on the median. Ours ÷ FTS5 above 1 means "
        "we are slower; rg ÷ ours above 1 means we are faster. Hits are the top-20 rows "
        "returned (ours, FTS5) or files matched (rg). Our query figures are each query's "
        "first run with nothing of it kept from earlier runs (the judged figure), then "
        "the same query again at once; counting the total where it is counted on demand "
        "(a phrase) is shown apart. A figure not measured is never judged.",
        "",
        *targets(res),
        "",
        *verdicts.query_targets(res),
        "",
        *live_targets(res),
    ]
    return "\n".join(lines)


def _query_cell(d: dict | None, engine: str) -> str:
    if verdicts.p95(d) is None:
        return f"{verdicts.NOT_MEASURED} ({verdicts.why_not(d, engine)})"
    assert d is not None
    return f"{_cell(d)} · {d['hits']} hits"


def _ours_query_cell(d: dict | None) -> str:
    """First run (judged) · again · what counting the total cost, where it is apart."""
    cell = _query_cell(d, "ours")
    if verdicts.p95(d) is None or d is None:
        return cell
    if not d.get("first_run", False):
        return cell + " (runs repeated: this code keeps nothing to forget)"
    again = d.get("again")
    if isinstance(again, dict) and "p95" in again:
        cell += f"; again {fmt_ms(again['median'])} / {fmt_ms(again['p95'])}"
    count = d.get("count")
    if isinstance(count, dict) and "median" in count and count["median"] >= 0.001:
        cell += f"; + {fmt_ms(count['median'])} to count {d.get('total', '?'):,}"
    return cell


def _parts(d: dict | None, names: tuple[str, ...]) -> str:
    """ " (watch 60 ms, update 80 ms, search 5 ms)": the medians of a measure's parts."""
    if not d or any(n not in d for n in names):
        return ""
    shown = ", ".join(f"{n} {fmt_ms(sorted(d[n])[len(d[n]) // 2])}" for n in names)
    return f" ({shown}{'' if d.get('found', True) else ', NEW WORD NOT FOUND'})"


def live_targets(res: dict) -> list[str]:
    """Issue 13's targets: met or missed with the figure where they apply, "not measured"
    where the measure did not run (never "met")."""
    size = res["size"]
    ours, ex = res.get("ours", {}), res.get("extras", {})
    rows = ["| Target (issue 13) | Measured here | |", "|---|---|---|"]
    for d, limit, applies_at, label in (
        (
            ours.get("watch_change"),
            0.3,
            100_000,
            "One changed file searchable in the app (watch path) ≤ 300 ms p95 at 100k",
        ),
        (
            ours.get("cli_change"),
            1.0,
            100_000,
            "One changed file searchable by a fresh CLI search ≤ 1 s p95 at 100k",
        ),
        (ex.get("app_start"), 1.0, 20_000, "Unchanged 20k corpus interactive in the app ≤ 1 s"),
    ):
        if _t(d, "p95") is None:
            why = (d or {}).get("na") or (d or {}).get("error") or "did not run"
            rows.append(f"| {label} | {why} | not measured |")
            continue
        assert d is not None
        shown = f"p95 {fmt_ms(d['p95'])} (median {fmt_ms(d['median'])})"
        if d.get("found") is False:
            rows.append(f"| {label} | {shown}, but the new word was not found | **missed** |")
        elif size == applies_at:
            rows.append(_verdict(d["p95"] <= limit, shown, label))
        else:
            rows.append(f"| {label} | {shown} at {size:,} | n/a (target at {applies_at:,}) |")
    return rows


def _verdict(ok: bool | None, value: str, target: str) -> str:
    state = "n/a" if ok is None else "met" if ok else "**missed**"
    return f"| {target} | {value} | {state} |"


def targets(res: dict) -> list[str]:
    """Issue 6's targets, each met / missed / n/a at this size."""
    size = res["size"]
    ours = res.get("ours", {})
    # The query targets (search time, FTS5, ripgrep) are judged in the issue 14 table.
    rows = ["| Target (issue 6) | Measured here | |", "|---|---|---|"]
    ob = ours.get("build")
    if ob and "docs_per_s" in ob:
        rows.append(
            _verdict(
                ob["docs_per_s"] >= 400,
                f"{ob['docs_per_s']:,.0f} docs/s",
                "First build ≥ 400 docs/s",
            )
        )
    oc = ours.get("change")
    if _t(oc, "p95") is not None:
        applies = size >= 100_000
        rows.append(
            _verdict(
                oc["p95"] <= 0.3 if applies else None,
                f"p95 {fmt_ms(oc['p95'])}" + ("" if applies else " (target at 100k)"),
                "One changed file searchable ≤ 300 ms (100k)",
            )
        )
    app = res.get("extras", {}).get("app_start")
    cli = ours.get("cli")
    if _t(app) is not None:
        rows.append(
            _verdict(
                app["p95"] <= 1.0 if size == 20_000 else None,
                f"app p95 {fmt_ms(app['p95'])} (median {fmt_ms(app['median'])})"
                + ("" if size == 20_000 else "; target at 20k"),
                "Unchanged 20k corpus interactive in the app ≤ 1 s",
            )
        )
    elif _t(cli) is not None:
        rows.append(
            _verdict(
                None,
                f"app not measurable yet; CLI first result {fmt_ms(cli['median'])}",
                "Unchanged 20k corpus interactive in the app ≤ 1 s",
            )
        )
    ex = res.get("extras", {})
    for key, limit_s, label in (
        ("show50", 0.1, "Open an article with 50 highlights ≤ 100 ms"),
        ("save", 0.02, "One annotation save ≤ 20 ms"),
    ):
        d = ex.get(key)
        if _t(d, "p95") is not None:
            rows.append(_verdict(d["p95"] <= limit_s, f"p95 {fmt_ms(d['p95'])}", label))
        else:
            why = (d or {}).get("na") or (d or {}).get("error") or "did not run"
            rows.append(f"| {label} | {why} | not measured |")
    rss = (ex.get("app_start") or {}).get("rss_mb")
    what = "the app, library on screen"
    if rss is None and "queries" in ours:
        rss = ours["queries"].get("rss_mb")
        what = "index open + six queries; the app itself not measured"
    if rss is not None:
        applies = size >= 100_000
        rows.append(
            _verdict(
                rss <= 150 if applies else None,
                f"{rss:.0f} MB ({what})" + ("" if applies else "; target at 100k"),
                "Peak RSS with a 100k index open ≤ 150 MB",
            )
        )
    return rows


def q_label(name: str) -> str:
    return name


HEADER = """# Benchmarks

Written by `python -m bench.run` (`make bench`: 2,000 articles; `make bench-full`: 20,000 and
100,000). Synthetic corpora come from `bench/generate.py` and `bench/articles.py` (seeded; cached under
`bench/out/`). The same six queries run against our Whoosh index (with our snippets and the
character offsets of every match, top 20), SQLite FTS5 (`porter unicode61 remove_diacritics
2`, bm25, `snippet()` plus `highlight()` turned into offsets, top 20) and ripgrep over the
raw files (`rg -c -i`, no ranking, no snippets). Each size's section is rewritten when that
size is run; the others are kept. `python -m bench.formats` (`make bench-formats`) measures
the mixed-format corpus (pages and PDFs) in a section of its own. `python -m bench.tuning`
times our documents under other Whoosh writer settings; `python -m bench.report
bench/out/results-*.json` re-prints a table.
"""


NOTES_DEFAULT = "Findings and what was tried go here; `bench.run` keeps this block.\n"


def _translations() -> list[str]:
    lines = ["## How each query is put to each engine", ""]
    for q in QUERIES:
        lines.append(
            f"- **{q.name}**: ours `{q.ours}`; FTS5 `{q.fts_match[:60]}"
            f"{'…' if len(q.fts_match) > 60 else ''}`"
            f"{' + SQL date range' if q.fts_date else ''}; rg "
            f"`{' '.join(q.rg_args)[:60] if not q.rg_pipe else q.rg_pipe}`."
            + (f" {q.note}." if q.note else "")
        )
    return lines


def write_doc(doc: Path, res: dict) -> None:
    """Rewrite the header and this size's section of docs/benchmarks.md, keep the others."""
    sections: dict[int, str] = {}
    notes = NOTES_DEFAULT
    kept_sections: list[str] = []
    if doc.exists():
        old = doc.read_text()
        for m in re.finditer(r"<!-- size:(\d+) -->\n(.*?)<!-- /size:\1 -->", old, re.S):
            sections[int(m.group(1))] = m.group(2)
        kept = re.search(r"<!-- notes -->\n(.*?)<!-- /notes -->", old, re.S)
        notes = kept.group(1) if kept else notes
        # bench/formats.py's and bench/copies.py's sections are theirs to rewrite.
        for name in ("formats", "copies"):
            found = re.search(rf"<!-- {name} -->.*?<!-- /{name} -->", old, re.S)
            if found:
                kept_sections.append(found.group(0))
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    sections[res["size"]] = f"Measured {stamp}.\n\n{size_section(res)}\n"
    parts = [
        HEADER,
        "## Machine and versions (of the latest run)",
        "",
        *machine(),
        "",
        *_translations(),
        "",
        "## Results",
        "",
    ]
    for size in sorted(sections):
        parts += [f"<!-- size:{size} -->\n{sections[size]}<!-- /size:{size} -->", ""]
    for kept_section in kept_sections:
        parts += [kept_section, ""]
    parts += [
        "## Notes (hand-written, kept across runs)",
        "",
        f"<!-- notes -->\n{notes}<!-- /notes -->",
        "",
    ]
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text("\n".join(parts))


def main(argv: list[str] | None = None) -> int:
    """Re-render a saved results file: python -m bench.report bench/out/results-n2000-s1.json"""
    import json
    import sys

    for name in argv if argv is not None else sys.argv[1:]:
        print(size_section(json.loads(Path(name).read_text())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
