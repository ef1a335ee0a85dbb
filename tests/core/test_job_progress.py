"""One bar for a long job (issue 16): stages weighed into one forward-only fraction, the
label's "n of N articles" and rate, a new job starting from nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.core.progress import (
    EXPORT_STAGES,
    INDEX_STAGES,
    LONG_AFTER,
    SHOWN_FROM,
    JobProgress,
    Stage,
    reporting,
)
from briefing.core.workspace import Workspace


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def first_index(job: JobProgress, clock: Clock, n: int = 300) -> list[float]:
    """An update's reports as a first index of *n* articles gives them (its batches of
    reading, then every 200 documents written), a second of the clock between each."""
    seen = []
    for done in [*range(20, n, 100), n]:
        clock.now += 1
        job.report(done, n, "reading")
        seen.append(job.fraction)
    for done in [*range(0, n, 200), n, n]:
        clock.now += 1
        job.report(done, n, "indexing")
        seen.append(job.fraction)
    return seen


def test_the_stages_of_an_index_make_one_bar_that_never_goes_back():
    clock = Clock()
    job = JobProgress(INDEX_STAGES, clock=clock)
    seen = first_index(job, clock)
    assert seen == sorted(seen)
    assert seen[-1] == 1.0
    # Reading is ~640 docs/s and indexing ~160: reading is a fifth of the job.
    reading_done = seen[len(range(20, 300, 100))]
    assert reading_done == pytest.approx(0.2)
    assert seen[0] == pytest.approx(0.2 * 20 / 300)


def test_a_job_that_starts_at_its_last_stage_has_the_whole_bar():
    job = JobProgress(INDEX_STAGES, clock=Clock())
    job.report(0, 400, "indexing")  # a rebuild from the catalog: nothing to read
    assert job.fraction == 0.0
    job.report(200, 400, "indexing")
    assert job.fraction == pytest.approx(0.5)


def test_the_stages_share_by_speed():
    stages = (Stage("a", "A", 100.0), Stage("b", "B", 300.0), Stage("c", "C", 600.0))
    job = JobProgress(stages, clock=Clock())
    job.report(10, 10, "a")
    # seconds per article 1/100, 1/300, 1/600: a is 6 of 6 + 2 + 1
    assert job.fraction == pytest.approx(6 / 9)
    job.report(10, 10, "b")
    assert job.fraction == pytest.approx(8 / 9)
    job.report(5, 10, "c")
    assert job.fraction == pytest.approx(8 / 9 + 1 / 18)


def test_a_stage_counting_more_than_the_last_does_not_move_the_bar_back():
    job = JobProgress(INDEX_STAGES, clock=Clock())
    job.report(300, 300, "reading")
    job.report(0, 900, "indexing")  # rows left pending by a cancelled update, too
    assert job.fraction == pytest.approx(0.2)
    job.report(450, 900, "indexing")
    assert job.fraction == pytest.approx(0.6)


def test_the_label_says_what_is_counted_and_how_fast():
    clock = Clock()
    job = JobProgress(INDEX_STAGES, clock=clock)
    assert job.label == ""
    job.report(20, 3200, "reading")
    assert job.label == "Reading files 20 of 3,200 articles"  # no rate from one report
    clock.now += 1
    job.report(660, 3200, "reading")
    assert job.label == "Reading files 660 of 3,200 articles · 640/s"
    clock.now += 1
    job.report(0, 3200, "indexing")
    assert job.label == "Indexing 0 of 3,200 articles"  # a new stage measures anew
    clock.now += 1.25
    job.report(200, 3200, "indexing")
    assert job.label == "Indexing 200 of 3,200 articles · 160/s"


def test_the_rate_follows_the_last_seconds():
    clock = Clock()
    job = JobProgress(INDEX_STAGES, clock=clock)
    done = 0
    for _ in range(20):  # 100 a second for 20 s
        clock.now += 1
        done += 100
        job.report(done, 10_000, "reading")
    assert job.rate == pytest.approx(100)
    for _ in range(10):  # then 10 a second
        clock.now += 1
        done += 10
        job.report(done, 10_000, "reading")
    assert job.rate == pytest.approx(10)
    clock.now += 0.1
    job.reset()
    job.report(5, 10, "reading")
    clock.now += 0.1
    job.report(6, 10, "reading")
    assert job.rate is None  # reports 0.1 s apart say nothing yet


def test_a_new_job_starts_from_nothing():
    clock = Clock()
    job = JobProgress(INDEX_STAGES, clock=clock)
    first_index(job, clock)
    assert job.fraction == 1.0
    job.report(20, 500, "reading")  # reading again: the next update
    assert job.fraction == pytest.approx(0.2 * 20 / 500)
    job.report(500, 500, "reading")
    job.report(0, 500, "indexing")
    job.report(400, 500, "indexing")
    job.report(0, 250, "indexing")  # the same stage counting again: another update
    assert job.fraction == 0.0
    job.reset()
    assert (job.fraction, job.stage, job.label, job.rate) == (0.0, None, "", None)


def test_a_job_that_ends_early_is_finished():
    job = JobProgress(INDEX_STAGES, clock=Clock())
    job.report(300, 300, "reading")  # every file unreadable: nothing to index
    job.finish()
    assert job.fraction == 1.0


def test_a_stage_not_listed_takes_the_rest_of_the_job():
    job = JobProgress(INDEX_STAGES, clock=Clock())
    job.report(300, 300, "reading")
    job.report(50, 100, "verifying")
    assert job.fraction == pytest.approx(0.6)
    assert job.label.startswith("Verifying 50 of 100 articles")


def test_a_job_is_long_by_its_size_or_its_time():
    clock = Clock()
    job = JobProgress(INDEX_STAGES, clock=clock)
    job.report(1, 5, "reading")
    assert not job.long()
    clock.now += LONG_AFTER
    assert job.long()
    assert not job.long(by_time=False)  # what scripts read does not hang on the load
    job.report(0, SHOWN_FROM, "indexing")
    assert job.long(by_time=False)


def test_reporting_reports_about_a_hundred_times_and_the_end():
    calls: list[tuple[int, int, str]] = []
    items = list(range(1000))
    assert list(reporting(items, lambda *c: calls.append(c), "loading")) == items
    assert calls[0] == (0, 1000, "loading")
    assert calls[-1] == (1000, 1000, "loading")
    assert 90 <= len(calls) <= 102
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)
    calls.clear()
    assert list(reporting([], lambda *c: calls.append(c), "loading")) == []
    assert calls == [(0, 0, "loading"), (0, 0, "loading")]
    assert list(reporting([1, 2], None, "loading")) == [1, 2]


def test_export_and_import_report_their_stages(seed_corpus: Path, tmp_path: Path):
    ws = Workspace(seed_corpus, annotations=tmp_path / "annotations")
    ws.update()
    for info in ws.articles():
        article = ws.indexed_article(info.id)
        assert article is not None
        ws.highlight_span(article, 0, 20)
    calls: list[tuple[int, int, str]] = []
    found, _ = ws.export("json", progress=lambda *c: calls.append(c))
    n = len(found.articles)
    assert n == 5
    assert [c for c in calls if c[0] == c[1]] == [(n, n, "loading"), (n, n, "collecting")]
    job = JobProgress(EXPORT_STAGES, clock=Clock())
    fractions = []
    for call in calls:
        job.report(*call)
        fractions.append(job.fraction)
    assert fractions == sorted(fractions) and fractions[-1] == 1.0

    exported = tmp_path / "export.json"
    exported.write_text(ws.export("json")[1], encoding="utf-8")  # type: ignore[arg-type]
    ws.close()
    other = Workspace(seed_corpus, annotations=tmp_path / "theirs")
    calls.clear()
    report, _ = other.import_file(exported, progress=lambda *c: calls.append(c))
    other.close()
    assert report.added == 5
    assert calls[0] == (0, 5, "merging") and calls[-1] == (5, 5, "merging")
