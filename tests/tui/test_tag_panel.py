"""Issue 17: one rule for tags in the `A` view. An article's tags apply to its highlights
(counted and filtered so, case aside), and a tag used only on articles without
highlights is listed in the tag panel too."""

from __future__ import annotations

from briefing.core.annotations import AnchorStatus, Highlight, TextQuote
from briefing.core.export import ArticleRef, ExportEntry
from briefing.tui.annotations_view import matches, tag_counts


def ref(article_id: str, tags: tuple[str, ...]) -> ArticleRef:
    return ArticleRef(
        article_id, article_id.title(), None, None, f"{article_id}.txt", "corpus", tags, ""
    )


def entry(n: int, article: ArticleRef, tags: list[str]) -> ExportEntry:
    quote = TextQuote("quote", "", "", 0, 5, "h")
    h = Highlight(
        f"h{n}", "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", "a", "claim", "", tags, quote
    )
    return ExportEntry(article, h, AnchorStatus.EXACT, 0, 5, "quote", "", "", 1)


def test_article_tags_apply_to_highlights_and_article_only_tags_are_listed() -> None:
    tagged, plain, only = ref("tagged", ("Cuba",)), ref("plain", ()), ref("only", ("archive",))
    entries = [entry(1, tagged, ["talks"]), entry(2, tagged, ["cuba"]), entry(3, plain, ["talks"])]
    counts = tag_counts(entries, [tagged, plain, only])
    assert counts == [("Cuba", 2, 1), ("talks", 2, 0), ("archive", 0, 1)]
    assert entries[0].tags == ("talks", "Cuba")
    assert matches(entries[0], ["tag:cuba"]) and matches(entries[1], ["tag:CUBA"])
    assert not matches(entries[2], ["tag:cuba"])
