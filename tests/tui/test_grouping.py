"""`group_rows`: one row per cluster of copies, its head first, its copies on request."""

from __future__ import annotations

from pathlib import Path

from briefing.core.index import ArticleInfo
from briefing.tui.grouping import cluster_index, group_rows, head_of
from briefing.tui.rows import Row


def row(article_id: str, date: str | None = None, score: float | None = None) -> Row:
    info = ArticleInfo(article_id, article_id.title(), None, date, f"{article_id}.txt", (), Path())
    return Row(info, score=score)


def ids(rows: list[Row]) -> list[str]:
    return [r.info.id for r in rows]


CLUSTER_OF = {"a": "a", "b": "a", "c": "a", "x": "x", "y": "x"}


def test_library_head_is_the_earliest_copy_with_the_others_counted():
    rows = [row("c", "2024-03-03"), row("solo", "2024-03-02"), row("b", "2024-03-01")]
    rows.append(row("a", "2024-03-02"))
    grouped = group_rows(rows, CLUSTER_OF, set(), ranked=False)
    # b is the earliest: the cluster stands where b stands, and counts c and a.
    assert ids(grouped) == ["solo", "b"]
    assert [r.copies for r in grouped] == [0, 2]


def test_library_ties_go_to_the_smallest_id_and_undated_copies_come_last():
    rows = [row("c", "2024-01-01"), row("b"), row("a", "2024-01-01")]
    assert ids(group_rows(rows, CLUSTER_OF, set(), ranked=False)) == ["a"]
    assert ids(group_rows([row("c"), row("b")], CLUSTER_OF, set(), ranked=False)) == ["b"]


def test_expanded_cluster_shows_its_copies_below_the_head_in_list_order():
    rows = [row("c", "2024-03-03"), row("solo"), row("a", "2024-03-01"), row("b", "2024-03-02")]
    grouped = group_rows(rows, CLUSTER_OF, {"a"}, ranked=False)
    assert ids(grouped) == ["solo", "a", "c", "b"]  # the head stands where a stands
    assert [r.copy_of for r in grouped] == [None, None, "a", "a"]
    assert [r.copies for r in grouped] == [0, 2, 0, 0]


def test_results_rank_a_cluster_once_at_its_best_hit():
    rows = [row("solo", score=9), row("c", score=8), row("y", score=7), row("a", score=6)]
    rows += [row("x", score=5), row("b", score=4)]
    grouped = group_rows(rows, CLUSTER_OF, set(), ranked=True)
    assert ids(grouped) == ["solo", "c", "y"]
    assert [r.copies for r in grouped] == [0, 2, 1]


def test_a_lone_member_in_the_list_is_no_cluster():
    grouped = group_rows([row("a"), row("solo")], CLUSTER_OF, {"a"}, ranked=True)
    assert ids(grouped) == ["a", "solo"]
    assert [r.copies for r in grouped] == [0, 0]


def test_no_clusters_leaves_the_rows_as_they_are():
    rows = [row("a"), row("b")]
    assert group_rows(rows, {}, set(), ranked=False) is rows


def test_head_of_a_folded_copy_is_its_cluster_head():
    grouped = group_rows([row("a", "2024"), row("b", "2025")], CLUSTER_OF, set(), ranked=False)
    assert head_of(grouped, CLUSTER_OF, "b") == "a"
    assert head_of(grouped, CLUSTER_OF, "a") == "a"
    assert head_of(grouped, CLUSTER_OF, "nowhere") is None


def test_cluster_index_maps_every_member_to_its_cluster():
    infos = [row(i).info for i in ("a", "b")]
    assert cluster_index({"a": infos}) == {"a": "a", "b": "a"}
