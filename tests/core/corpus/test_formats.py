"""Readers per format (issue 12): each kind of file an analyst saves is read with its
title, source, date and byline, its boilerplate left out, through one interface."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from format_files import (
    ATOM_FEED,
    BOILERPLATE,
    HTML_PAGE,
    MIXED,
    RSS_FEED,
    SAVED_PAGE,
    docx_bytes,
    email_bytes,
    encrypted_pdf_bytes,
    make_pdf,
    page_html,
    pdf_bytes,
    write_mixed_corpus,
)

from briefing.core.corpus import (
    ExtractionCache,
    UnreadableFile,
    articles_from_bytes,
    holds_many,
    read_article_report,
)
from briefing.core.corpus.formats import format_for


def _articles(tmp_path: Path, name: str, data: bytes, cache: ExtractionCache | None = None):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return articles_from_bytes(data, path, tmp_path, cache=cache)


def _unreadable(tmp_path: Path, name: str, data: bytes) -> UnreadableFile:
    with pytest.raises(UnreadableFile) as info:
        _articles(tmp_path, name, data)
    assert "\n" not in str(info.value)
    return info.value


def test_every_kind_gives_its_title_source_date_and_byline_without_boilerplate(tmp_path):
    root = write_mixed_corpus(tmp_path / "corpus")
    found = {}
    for expected in MIXED:
        rel = next(p for p in root.rglob("*") if p.is_file() and _is_file_of(p, root, expected.id))
        for article in articles_from_bytes(rel.read_bytes(), rel, root):
            found[article.id] = article
    for expected in MIXED:
        article = found[expected.id]
        got = (article.title, article.source, article.date, article.byline, article.format)
        assert got == (
            expected.title,
            expected.source,
            expected.date,
            expected.byline,
            expected.format,
        ), expected.id
        assert expected.phrase in article.text
        for cruft in BOILERPLATE:
            assert cruft not in article.text, (expected.id, cruft)
        assert not article.text.startswith(article.title)  # the <h1> is the header's


def _is_file_of(path: Path, root: Path, article_id: str) -> bool:
    stem = path.relative_to(root).with_suffix("").as_posix()
    return article_id == stem or article_id.startswith(stem + "/")


def test_html_saved_as_txt_is_read_as_html(tmp_path):
    (article,) = _articles(tmp_path, "saved.txt", SAVED_PAGE.encode("utf-8"))
    assert article.format == "html"
    assert article.title == "Ferry operators strike over night shifts"
    assert "<" not in article.text and "DOCTYPE" not in article.title


def test_an_html_page_keeps_its_canonical_url(tmp_path):
    (article,) = _articles(tmp_path, "page.html", HTML_PAGE.encode("utf-8"))
    assert article.url == "https://harbour-herald.example/world/grain-corridor-extended"


def test_an_html_page_in_a_declared_legacy_charset(tmp_path):
    markup = page_html(
        "Café owners protest rent rises",
        "Le Petit Journal",
        "Éloïse Martin",
        "2023-02-01",
        "https://petit.example/cafe",
        ["Les propriétaires de café ont manifesté contre la hausse des loyers à Besançon."],
        charset="iso-8859-1",
    )
    (article,) = _articles(tmp_path, "cafe.htm", markup.encode("iso-8859-1"))
    assert article.byline == "Éloïse Martin"
    assert "propriétaires de café" in article.text


def test_a_page_with_no_story_is_named(tmp_path):
    error = _unreadable(
        tmp_path, "empty.html", b"<html><head><title>x</title></head><body></body></html>"
    )
    assert error.reason == "no article text found in the page"


def test_a_pdf_is_read_page_by_page(tmp_path):
    (article,) = _articles(tmp_path, "report.pdf", pdf_bytes())
    assert article.format == "pdf"
    assert len(article.pages) == 2
    assert article.pages[0] == 0
    second = article.text[article.pages[1] :]
    assert second.startswith("Herring catches held steady")
    assert "Herring" not in article.text[: article.pages[1]]


def test_a_pdf_title_that_names_no_article_is_not_taken(tmp_path):
    data = make_pdf(
        [["Quarterly shipping figures", "", "Tonnage rose by a fifth."]],
        {"Title": "Microsoft Word - draft3.docx"},
    )
    (article,) = _articles(tmp_path, "draft.pdf", data)
    assert article.title == "Quarterly shipping figures"


def test_an_encrypted_pdf_is_named_not_a_traceback(tmp_path):
    error = _unreadable(tmp_path, "locked.pdf", encrypted_pdf_bytes())
    assert error.path == "locked.pdf"
    assert error.reason == "encrypted PDF (it needs a password)"


def test_a_pdf_encrypted_with_an_empty_password_is_read(tmp_path):
    (article,) = _articles(tmp_path, "open.pdf", encrypted_pdf_bytes(password=""))
    assert "Herring catches held steady" in article.text


def test_a_pdf_without_text_and_a_damaged_pdf_are_named(tmp_path):
    scanned = _unreadable(tmp_path, "scan.pdf", make_pdf([[]]))
    assert "no text in the PDF" in scanned.reason
    damaged = _unreadable(tmp_path, "broken.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 8)
    assert damaged.reason.startswith("not a PDF that can be read")


def test_an_email_with_only_html_goes_through_the_html_reader(tmp_path):
    (article,) = _articles(tmp_path, "alert.eml", email_bytes(html_only=True))
    assert article.title == "Central bank holds rates at 4.5 per cent"
    assert article.byline == "Ines Okafor"
    assert "remained above its target" in article.text
    for cruft in BOILERPLATE:
        assert cruft not in article.text


def test_a_file_that_is_no_email_is_named(tmp_path):
    error = _unreadable(tmp_path, "notes.eml", b"\x00\x01" * 10 + b"just bytes")
    assert error.path == "notes.eml"


def test_each_feed_entry_is_its_own_article_with_its_own_id(tmp_path):
    articles = _articles(tmp_path, "feeds/northern.rss", RSS_FEED.encode("utf-8"))
    assert [a.id for a in articles] == [
        "feeds/northern/floods-close-river-port",
        "feeds/northern/fishing-quotas-agreed",
    ]
    assert articles[0].url == "https://northern-wire.example/2023/05/floods-close-river-port"
    assert articles[0].entry == "floods-close-river-port"
    assert all(a.path == tmp_path / "feeds/northern.rss" for a in articles)
    assert holds_many("feeds/northern.rss") and not holds_many("a.pdf")


def test_entry_ids_do_not_move_when_entries_come_and_go(tmp_path):
    first = [a.id for a in _articles(tmp_path, "f.xml", RSS_FEED.encode("utf-8"))]
    newer = RSS_FEED.replace(
        "<item>",
        "<item><title>New dock opens</title><guid>https://n.example/2023/05/new-dock</guid>"
        "<description>The new dock opened.</description></item>\n<item>",
        1,
    )
    second = [a.id for a in _articles(tmp_path, "f.xml", newer.encode("utf-8"))]
    assert second == ["f/new-dock", *first]


def test_entries_alike_in_key_get_distinct_stable_ids(tmp_path):
    item = "<item><title>Update</title><guid>urn:uuid:{n}</guid><description>Text {n}.</description></item>"
    feed = f"<rss version='2.0'><channel><title>T</title>{item.format(n=1)}{item.format(n=2)}</channel></rss>"
    ids = [a.id for a in _articles(tmp_path, "u.rss", feed.encode())]
    assert len(set(ids)) == 2 and all(i.startswith("u/update-") for i in ids)
    again = [a.id for a in _articles(tmp_path, "u.rss", feed.encode())]
    assert again == ids


def test_an_atom_feed(tmp_path):
    (article,) = _articles(tmp_path, "notes.atom", ATOM_FEED.encode("utf-8"))
    assert article.id == "notes/dredging-inner-channel"
    assert (article.title, article.byline, article.date, article.source) == (
        "Dredging of the inner channel begins",
        "Pia Sorensen",
        "2023-06-01",
        "Harbour Notes",
    )


def test_xml_that_is_no_feed_is_named(tmp_path):
    error = _unreadable(tmp_path, "sitemap.xml", b"<?xml version='1.0'?><urlset><url/></urlset>")
    assert "feed" in error.reason


def test_a_word_document_keeps_its_tables_in_order(tmp_path):
    (article,) = _articles(tmp_path, "memo.docx", docx_bytes())
    assert "Old Town | Monday, Wednesday, Friday" in article.text
    assert article.text.index("alternate days") < article.text.index("Old Town")


def test_a_renamed_doc_or_a_zip_bomb_is_named(tmp_path):
    assert (
        "Word document"
        in _unreadable(tmp_path, "old.docx", b"\xd0\xcf\x11\xe0" + bytes(600)).reason
    )


def test_unsupported_types_are_named_with_their_suffix(tmp_path):
    assert _unreadable(tmp_path, "prices.xlsx", b"PK").reason == "unsupported type (.xlsx)"
    assert format_for("a/B.PDF") is format_for("c.pdf")


def test_extraction_is_cached_by_content_hash(tmp_path, monkeypatch):
    cache = ExtractionCache(tmp_path / "cache")
    first = _articles(tmp_path, "a/report.pdf", pdf_bytes(), cache)
    calls = []
    monkeypatch.setattr("briefing.core.corpus.formats.run_reader", lambda *a: calls.append(a))
    again = _articles(tmp_path, "b/copy.pdf", pdf_bytes(), cache)  # same bytes, other name
    assert calls == []
    assert [a.text for a in again] == [a.text for a in first]
    assert again[0].id == "b/copy"


def test_a_reader_verdict_is_cached_but_names_the_file_asking(tmp_path, monkeypatch):
    cache = ExtractionCache(tmp_path / "cache")
    locked = encrypted_pdf_bytes()  # once: encryption salts every copy differently
    with pytest.raises(UnreadableFile):
        _articles(tmp_path, "locked.pdf", locked, cache)
    monkeypatch.setattr("briefing.core.corpus.formats.run_reader", None)  # never called
    with pytest.raises(UnreadableFile, match="^other.pdf: encrypted PDF"):
        _articles(tmp_path, "other.pdf", locked, cache)


def test_a_damaged_cache_entry_is_a_miss(tmp_path):
    cache = ExtractionCache(tmp_path / "cache")
    _articles(tmp_path, "page.html", HTML_PAGE.encode(), cache)
    for entry in (tmp_path / "cache").rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    (article,) = _articles(tmp_path, "page.html", HTML_PAGE.encode(), cache)
    assert article.title.startswith("Grain corridor")
    assert all(json.loads(p.read_text()) for p in (tmp_path / "cache").rglob("*.json"))


def test_removed_lines_of_a_feed_entry_and_a_page(tmp_path):
    path = tmp_path / "feeds" / "northern.rss"
    path.parent.mkdir()
    path.write_text(RSS_FEED, encoding="utf-8")
    article, report = read_article_report(
        path, tmp_path, article_id="feeds/northern/fishing-quotas-agreed"
    )
    assert article.title.startswith("Fishing quotas")
    page = tmp_path / "page.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    _, removed = read_article_report(page, tmp_path)
    assert [(r.reason, r.metadata) for r in removed] == [("metadata", "title")]


def test_utf16_and_cp1251_files_as_articles(tmp_path):
    text = "Notes\n\nThe harbour office said the café would open in spring.\n"
    (utf16,) = _articles(tmp_path, "n.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert utf16.text == "The harbour office said the café would open in spring."
    assert utf16.warnings == ()
