"""Text that cannot be UTF-8 (issue 11, item 5): a latin-1 terminal's bytes arrive as lone
surrogates ("caf\\udce9"), JSON may spell "\\ud800" outright. The store refuses such text at
every entry point with one line naming the field, before it writes anything."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from briefing.core.annotations import (
    AnnotationFileError,
    AnnotationStore,
    Highlight,
    InvalidAnnotation,
    TextQuote,
    text_problem,
)
from briefing.core.errors import UserError

ARTICLE = "002_1f6b0f63a8b626fd"
LATIN1 = "caf\udce9"  # what Python makes of b"caf\xe9" from a latin-1 terminal
SURROGATE = "bad \ud800 note"  # valid JSON: "bad \ud800 note"


def quote(exact: str = "the quoted words") -> TextQuote:
    return TextQuote(exact, "before ", " after", 10, 10 + len(exact), "sha256:abc")


@pytest.fixture
def store(tmp_path: Path) -> AnnotationStore:
    return AnnotationStore(tmp_path / "annotations", author="Zoë")


def existing(store: AnnotationStore) -> str:
    return store.add_highlight(ARTICLE, quote(), note="fine", tags=["ok"]).id


CALLS: dict[str, tuple[Callable[[AnnotationStore, str, str], object], str]] = {
    "add note": (lambda s, h, bad: s.add_highlight(ARTICLE, quote(), note=bad), "note"),
    "add tag": (lambda s, h, bad: s.add_highlight(ARTICLE, quote(), tags=[bad]), "tag"),
    "add colour": (lambda s, h, bad: s.add_highlight(ARTICLE, quote(), color=bad), "colour"),
    "add quote": (lambda s, h, bad: s.add_highlight(ARTICLE, quote(bad)), "quote"),
    "set note": (lambda s, h, bad: s.set_note(ARTICLE, h, bad), "note"),
    "set colour": (lambda s, h, bad: s.set_color(ARTICLE, h, bad), "colour"),
    "set tags": (lambda s, h, bad: s.set_highlight_tags(ARTICLE, h, [bad]), "tag"),
    "add tags": (lambda s, h, bad: s.add_highlight_tags(ARTICLE, h, ["x", bad]), "tag"),
    "retarget": (lambda s, h, bad: s.retarget_highlight(ARTICLE, h, quote(bad)), "quote"),
    "article tags": (lambda s, h, bad: s.set_article_tags(ARTICLE, [bad]), "article tag"),
    "more tags": (lambda s, h, bad: s.add_article_tags(ARTICLE, [bad]), "article tag"),
    "article note": (lambda s, h, bad: s.set_article_note(ARTICLE, bad), "article note"),
    "title": (lambda s, h, bad: s.set_overrides(ARTICLE, title=bad), "title"),
    "source": (lambda s, h, bad: s.set_overrides(ARTICLE, source=bad), "source"),
    "merge": (
        lambda s, h, bad: s.merge_highlight(
            ARTICLE, Highlight.new(quote(), author=bad, now="2025-01-01T00:00:00Z")
        ),
        "author",
    ),
    "merge many": (
        lambda s, h, bad: s.merge_highlights(
            ARTICLE,
            [
                Highlight.new(quote(), author="a", note="good"),
                replace(Highlight.new(quote(), author="b"), note=bad),
            ],
        ),
        "note",
    ),
}


@pytest.mark.parametrize("bad", [LATIN1, SURROGATE])
@pytest.mark.parametrize("call", sorted(CALLS))
def test_every_store_entry_point_refuses_unencodable_text(
    store: AnnotationStore, call: str, bad: str
) -> None:
    highlight_id = existing(store)
    path = store.path_for(ARTICLE)
    before = path.read_bytes()
    action, field = CALLS[call]
    with pytest.raises(InvalidAnnotation) as caught:
        action(store, highlight_id, bad)
    message = str(caught.value)
    assert "\n" not in message and field in message and "not valid text" in message
    assert ascii(bad)[1:-1] in message  # the text, shown escaped
    assert isinstance(caught.value, UserError) and caught.value.exit_code == 2
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [".locks", path.name]


def test_a_refused_first_save_creates_no_file(store: AnnotationStore) -> None:
    with pytest.raises(InvalidAnnotation, match="article tag"):
        store.set_article_tags(ARTICLE, [LATIN1])
    assert not store.path_for(ARTICLE).exists()
    assert store.article_ids() == []


def test_what_can_be_utf8_is_kept_as_it_is(store: AnnotationStore) -> None:
    fine = "Reunión — 東京 👍 \u2028 \x85 \ufeff"
    hl = store.add_highlight(ARTICLE, quote(fine), note=fine, tags=[fine], color=fine)
    assert AnnotationStore(store.root).load(ARTICLE).get(hl.id) == hl
    assert text_problem(fine) is None and text_problem("ascii") is None


def test_a_surrogate_escape_in_a_file_is_a_file_error_with_either_loader(
    store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libyaml refuses "\\ud800" while parsing; PyYAML's own reader lets it through and the
    store refuses the value: either way the file is reported, not half-loaded."""
    from briefing.core.annotations import yamlio

    path = store.path_for(ARTICLE)
    path.parent.mkdir(parents=True)
    raw = b'note: "bad \\ud800 note"\n'
    path.write_bytes(raw)
    for loader in {yamlio.FAST_LOADER, yaml.SafeLoader}:
        monkeypatch.setattr(yamlio, "FAST_LOADER", loader)
        fresh = AnnotationStore(store.root)
        with pytest.raises(AnnotationFileError) as caught:
            fresh.load(ARTICLE)
        assert "\n" not in str(caught.value) and str(path) in str(caught.value)
        with pytest.raises(AnnotationFileError):
            fresh.set_flags(ARTICLE, read=True)
        assert path.read_bytes() == raw


def test_a_surrogate_in_a_hand_added_key_is_a_file_error_at_save(
    store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.core.annotations import yamlio

    monkeypatch.setattr(yamlio, "FAST_LOADER", yaml.SafeLoader)  # PyYAML without libyaml
    path = store.path_for(ARTICLE)
    path.parent.mkdir(parents=True)
    raw = b'reviewer: "Bob \\ud800"\n'
    path.write_bytes(raw)
    with pytest.raises(AnnotationFileError, match="not UTF-8") as caught:
        store.set_flags(ARTICLE, read=True)
    assert "\n" not in str(caught.value)
    assert path.read_bytes() == raw
