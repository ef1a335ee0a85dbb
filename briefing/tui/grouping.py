"""Copies grouped: one row per cluster of near-duplicate articles (the same wire story in
several outlets), its other members behind it, shown on request.

Pure functions over rows, applied after sorting (library) or ranking (results), so sorting,
paging and the read / starred flags need to know nothing of clusters.
"""

from __future__ import annotations

from dataclasses import replace

from briefing.core.index import ArticleInfo
from briefing.tui.rows import Row


def _library_head(members: list[Row]) -> Row:
    """The earliest-dated copy: most often the wire's original, the one others copied.
    Undated copies come after dated ones; ties go to the smallest id, which is stable
    across runs and is how the catalog names a cluster (a longer title says nothing of
    which copy came first)."""
    return min(members, key=lambda r: (r.info.date is None, r.info.date or "", r.info.id))


def group_rows(
    rows: list[Row], cluster_of: dict[str, str], expanded: set[str], *, ranked: bool
) -> list[Row]:
    """*rows* (already sorted or ranked) with each cluster of copies shown once.

    The head stands where it would stand alone and says "+N copies" (N: the other members
    in *rows*, not in the corpus: a search may find two of four). In *ranked* rows (search
    results, related articles) the head is the cluster's best-ranked row, so the cluster is
    ranked once, at its best hit; in the library it is the earliest-dated copy. Clusters in
    *expanded* (by cluster id) have their other members right below the head, in their
    order in *rows*, each with ``copy_of`` set to the head's id.
    """
    if not cluster_of:
        return rows
    members: dict[str, list[Row]] = {}
    for row in rows:
        cluster = cluster_of.get(row.info.id)
        if cluster is not None:
            members.setdefault(cluster, []).append(row)
    heads = {
        cluster: (found[0] if ranked else _library_head(found)).info.id
        for cluster, found in members.items()
        if len(found) > 1
    }
    grouped: list[Row] = []
    for row in rows:
        cluster = cluster_of.get(row.info.id)
        if cluster is None or cluster not in heads:
            grouped.append(row)
        elif row.info.id == (head := heads[cluster]):
            found = members[cluster]
            grouped.append(replace(row, copies=len(found) - 1, copy_of=None))
            if cluster in expanded:
                grouped += [replace(r, copies=0, copy_of=head) for r in found if r is not row]
    return grouped


def head_of(rows: list[Row], cluster_of: dict[str, str], article_id: str) -> str | None:
    """The id of the row *rows* shows for *article_id*: itself, or its cluster's head when
    its copies are folded; None when it is not listed."""
    if any(row.info.id == article_id for row in rows):
        return article_id
    cluster = cluster_of.get(article_id)
    if cluster is None:
        return None
    for row in rows:
        if row.copies and cluster_of.get(row.info.id) == cluster:
            return row.info.id
    return None


def cluster_index(clusters: dict[str, list[ArticleInfo]]) -> dict[str, str]:
    """Article id -> its cluster id, from ``Workspace.clusters()``. Read apart from the
    listing on purpose: cluster ids joined into the listing query doubled its cost at 100k
    articles, and only the few articles that have copies are here."""
    return {info.id: cluster for cluster, infos in clusters.items() for info in infos}
