"""The app's job bars (issue 16): a first index's bar crosses once, never back, saying what
it counts and how fast; an export shows its own; each hides when its job ends."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hostile import write_articles
from pilot_helpers import SIZE

import briefing.core.progress
from briefing.core.workspace import Workspace
from briefing.tui.app import BriefingApp
from briefing.tui.progress import JobRow

LABEL = re.compile(
    r"^(Reading files|Indexing|Reading annotations|Collecting highlights) "
    r"[\d,]+ of [\d,]+ articles( · [\d,]+/s)?$"
)


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple[float, str]]]:
    """Every (bar value, label) each job's row shows, as it shows them."""
    seen: dict[str, list[tuple[float, str]]] = {}
    real = JobRow.report

    def recording(self: JobRow, done: int, total: int, stage: str) -> None:
        real(self, done, total, stage)
        if self.display:
            label = str(self.query_one(".job-label").render())
            seen.setdefault(self.id or "", []).append((self.bar.progress, label))

    monkeypatch.setattr(JobRow, "report", recording)
    return seen


async def test_a_first_index_has_one_bar_that_never_goes_back(
    tmp_path: Path, shown: dict[str, list[tuple[float, str]]]
):
    corpus = write_articles(tmp_path / "corpus", 300)
    app = BriefingApp(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.query_one("#job-index").display  # the job ended: hidden
        assert app.query_one("#job-index", JobRow).progress.stage is None  # and reset
    values = [value for value, _ in shown["job-index"]]
    labels = [label for _, label in shown["job-index"]]
    assert values == sorted(values), values
    assert len(values) >= 4 and values[-1] == 100
    assert all(LABEL.match(label) for label in labels), labels
    assert labels[-1].startswith("Indexing 300 of 300 articles")
    reading = [v for v, label in shown["job-index"] if label.startswith("Reading files")]
    assert reading and reading[-1] == pytest.approx(20)  # a fifth of the job
    assert "Reading files 300 of 300 articles" in " ".join(labels)


async def test_an_export_shows_its_bar_while_it_runs(
    seed_corpus: Path,
    tmp_path: Path,
    shown: dict[str, list[tuple[float, str]]],
    monkeypatch: pytest.MonkeyPatch,
):
    ws = Workspace(seed_corpus)
    ws.update()
    for info in ws.articles():
        article = ws.indexed_article(info.id)
        assert article is not None
        ws.highlight_span(article, 0, 20)
    ws.update()
    ws.close()
    monkeypatch.setattr(briefing.core.progress, "SHOWN_FROM", 5)  # five articles are long
    out = tmp_path / "out.md"
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-path").value = str(out)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.query_one("#job-export").display
    assert out.read_text("utf-8").startswith("# Briefing")
    values = [value for value, _ in shown["job-export"]]
    labels = [label for _, label in shown["job-export"]]
    assert values == sorted(values) and values[-1] == 100
    assert labels[0] == "Reading annotations 0 of 5 articles"
    assert labels[-1].startswith("Collecting highlights 5 of 5 articles")
    assert all(LABEL.match(label) for label in labels), labels
