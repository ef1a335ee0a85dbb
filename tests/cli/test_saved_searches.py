"""Saved searches through the command: shared in the annotations folder, "new" per analyst."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from seeds import SEED_CORPUS


def briefing(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        cwd=cwd,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    return tmp_path


def test_save_list_run_new_and_remove(work: Path):
    done = briefing(work, "searches", "add", "Migration talks", "migration", "OR", "migrants")
    assert done.returncode == 0, done.stderr
    stored = yaml.safe_load((work / "annotations/.briefing/searches.yaml").read_text("utf-8"))
    assert stored == {"searches": [{"name": "Migration talks", "query": "migration OR migrants"}]}

    (listed,) = json.loads(briefing(work, "searches", "--json").stdout)
    assert listed["name"] == "Migration talks" and listed["total"] >= 1
    assert listed["new"] == 0  # saved while looking at its hits: seen

    first = json.loads(briefing(work, "search", "--saved", "migration talks", "--json").stdout)
    assert first and not any(h["new"] for h in first)
    again = briefing(work, "search", "--saved", "Migration talks", "--new", "--json")
    assert json.loads(again.stdout) == []

    for n in (1, 2):
        (work / "corpus" / f"new{n}.txt").write_text(
            f"Migrants at the border {n}\n\nNew arrivals of migrants were counted again.\n"
        )
    (listed,) = json.loads(briefing(work, "searches", "--json").stdout)
    assert listed["new"] == 2
    new = json.loads(
        briefing(work, "search", "--saved", "Migration talks", "--new", "--json").stdout
    )
    assert sorted(h["id"] for h in new) == ["new1", "new2"]

    assert briefing(work, "searches", "rm", "Migration talks").returncode == 0
    assert json.loads(briefing(work, "searches", "--json").stdout) == []


def test_saved_search_mistakes_are_one_line(work: Path):
    for args in (
        ["search", "--saved", "nope"],
        ["search", "cuba", "--saved", "x"],
        ["search", "--new", "cuba"],
        ["searches", "rm", "nope"],
        ["searches", "add", "bad", '"unclosed'],
    ):
        done = briefing(work, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not (work / "annotations/.briefing/searches.yaml").exists()  # nothing bad saved


def test_mark_read_and_star_show_in_list_json(work: Path):
    done = briefing(work, "mark", "002_1f6b0f63a8b626fd", "--read", "--star", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"id": "002_1f6b0f63a8b626fd", "read": True, "starred": True}
    listed = {i["id"]: i for i in json.loads(briefing(work, "list", "--json").stdout)}
    assert (listed["002_1f6b0f63a8b626fd"]["read"], listed["002_1f6b0f63a8b626fd"]["starred"]) == (
        True,
        True,
    )
    assert (listed["000_2e4ab08a31a0e250"]["read"], listed["000_2e4ab08a31a0e250"]["starred"]) == (
        False,
        False,
    )
    briefing(work, "mark", "002_1f6b0f63a8b626fd", "--unstar")
    listed = {i["id"]: i for i in json.loads(briefing(work, "list", "--json").stdout)}
    assert listed["002_1f6b0f63a8b626fd"]["starred"] is False
    assert briefing(work, "mark", "002_1f6b0f63a8b626fd").returncode == 2


def test_is_read_unread_and_starred_in_queries(work: Path):
    s002, s003 = "002_1f6b0f63a8b626fd", "003_6feb70dea2efb894"
    briefing(work, "mark", s002, "--read", "--star")
    briefing(work, "mark", s003, "--read")

    def ids(*query: str) -> list[str]:
        done = briefing(work, "search", *query, "--limit", "0", "--json")
        assert done.returncode == 0, done.stderr
        return sorted(h["id"] for h in json.loads(done.stdout))

    assert ids("is:starred") == [s002]
    assert ids("is:read") == sorted([s002, s003])
    assert ids("Havana", "is:read", "is:unstarred") == [s003]
    assert s002 not in ids("is:unread") and len(ids("is:unread")) == 3
    assert ids("Cuba", "IS:STARRED") == [s002]
