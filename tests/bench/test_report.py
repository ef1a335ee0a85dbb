"""The benchmark report's honesty (issue 14): a figure that was not measured reads "not
measured", a target that needed it "not judged" (never "met"), a measured miss is
"missed" whatever else is missing, and every verdict shows the figures it was judged on."""

from __future__ import annotations

import copy

import pytest

from bench import report, verdicts
from bench.queries import QUERIES


def timing(seconds: float, **extra) -> dict:
    return {"samples": [seconds] * 5, "median": seconds, "p95": seconds, "hits": 20, **extra}


def results(size: int, ours: float = 0.02, fts: float = 0.01, rg: float = 0.5) -> dict:
    """A size's results with every query measured at these p95s (seconds)."""
    return {
        "size": size,
        "seed": 1,
        "runs": 5,
        "corpus_mb": 1.0,
        "ours": {
            "queries": {
                "queries": {
                    q.name: timing(ours, first_run=True, again=timing(ours / 2)) for q in QUERIES
                }
            }
        },
        "fts5": {"queries": {"queries": {q.name: timing(fts) for q in QUERIES}}},
        "rg": {q.name: timing(rg) for q in QUERIES},
        "extras": {},
    }


def rows(res: dict) -> dict[str, str]:
    """Issue 14's target rows: "search", "fts5" and "rg"."""
    search, fts5, rg = verdicts.query_targets(res)[2:]
    assert "Search p95" in search and "FTS5" in fts5 and "ripgrep" in rg
    return {"search": search, "fts5": fts5, "rg": rg}


def verdict(line: str) -> str:
    return line.rstrip(" |").rsplit("|", 1)[1].strip()


def test_all_measured_and_within_the_targets_is_met_with_the_figures_shown():
    res = results(100_000, ours=0.02, fts=0.01, rg=0.5)
    found = rows(res)
    assert {verdict(r) for r in found.values()} == {"met"}
    assert "term 20 ms" in found["search"]
    assert "term 2.00× (20 ms vs 10 ms)" in found["fts5"]
    assert "term 25.00× (20 ms vs 500 ms)" in found["rg"]


def test_ripgrep_missing_is_not_measured_and_its_target_not_judged():
    res = results(100_000)
    res["rg"] = {"error": "n/a (rg not installed: apt-get install ripgrep)"}
    rg_row = rows(res)["rg"]
    assert verdict(rg_row) == verdicts.NOT_JUDGED
    assert "not measured: rg term: n/a (rg not installed" in rg_row
    table = report.size_section(res)
    assert "met" not in verdict(rg_row)
    for q in QUERIES:
        line = next(line for line in table.splitlines() if line.startswith(f"| Query {q.name}:"))
        assert "not measured (rg: n/a (rg not installed" in line


def test_a_baseline_query_that_failed_leaves_its_target_not_judged():
    res = results(20_000)
    del res["fts5"]["queries"]["queries"]["phrase"]  # its run never happened
    fts_row = rows(res)["fts5"]
    assert verdict(fts_row) == verdicts.NOT_JUDGED
    assert "not measured: FTS5 phrase: did not run" in fts_row


def test_a_measured_miss_is_missed_even_beside_figures_not_measured():
    res = results(20_000, ours=0.02, fts=0.01)
    res["ours"]["queries"]["queries"]["prefix"] = timing(0.2, first_run=True)
    res["fts5"] = {"queries": {"error": "error: worker fts5-queries exited 1: boom"}}
    found = rows(res)
    assert verdict(found["search"]) == "**missed**"
    assert "prefix 200 ms" in found["search"] and "over the limit: prefix" in found["search"]
    assert verdict(found["fts5"]) == verdicts.NOT_JUDGED  # FTS5 did not run at all


def test_our_own_figure_missing_is_not_judged_never_met():
    res = results(100_000)
    res["ours"] = {"error": "n/a (not built yet)"}
    for line in rows(res).values():
        assert verdict(line) == verdicts.NOT_JUDGED, line
        assert "not measured: ours term: n/a (not built yet)" in line


@pytest.mark.parametrize("size", [2000, 20_000])
def test_targets_not_set_at_a_size_are_na(size):
    res = results(size, ours=1.0, fts=0.01, rg=0.5)
    found = rows(res)
    assert verdict(found["rg"]) == "n/a" and "under 3×" in found["rg"]
    assert verdict(found["search"]) == ("n/a" if size == 2000 else "**missed**")


def test_repeated_runs_are_not_called_first_runs():
    res = copy.deepcopy(results(20_000))
    for d in res["ours"]["queries"]["queries"].values():
        d.pop("first_run")
    assert "(runs repeated, with snippets)" in rows(res)["search"]


def test_a_missing_tool_is_named_with_how_to_install_it(monkeypatch):
    from bench import baselines

    monkeypatch.setattr(baselines.shutil, "which", lambda name, **kw: None)
    missing = baselines.missing_tools()
    assert "apt-get install ripgrep" in missing["rg"]
    res = results(20_000)
    res["missing"] = missing
    assert "Not installed, so not measured: ripgrep" in report.size_section(res)
