"""What analysts save, through the real command (issue 12): a folder holding a page, a page
saved as .txt, an e-mail, a feed, a PDF, a Word document, UTF-16 and cp1251 text and two
files no reader takes. Each article is listed with the right metadata, searchable,
highlightable and exported with a citation that names its file and its page or entry; the
files not read are named with why; an unchanged PDF is never parsed twice."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from format_files import MIXED, RSS_FEED, UNSUPPORTED, write_mixed_corpus

from briefing.cli import main
from briefing.core.workspace import Workspace


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_mixed_corpus(tmp_path / "corpus")


def _run(capsys, corpus: Path, *argv: str) -> tuple[int, str, str]:
    status = main(["--corpus", str(corpus), *argv])
    out, err = capsys.readouterr()
    return status, out, err


def _json(capsys, corpus: Path, *argv: str):
    status, out, err = _run(capsys, corpus, *argv)
    assert status == 0, err
    return json.loads(out)


def test_index_reads_every_kind_and_names_each_file_it_skips(capsys, corpus):
    report = _json(capsys, corpus, "index", "--json")
    assert (report["added"], report["changed"], report["deleted"]) == (len(MIXED), 0, 0)
    assert report["skipped"] == [
        {"path": path, "reason": f"unsupported type ({suffix})"}
        for path, suffix in sorted(UNSUPPORTED.items())
    ]
    listed = {item["id"]: item for item in _json(capsys, corpus, "list", "--json")}
    assert set(listed) == {e.id for e in MIXED}
    for expected in MIXED:
        item = listed[expected.id]
        assert (item["title"], item["source"], item["date"]) == (
            expected.title,
            expected.source,
            expected.date,
        )
        shown = _json(capsys, corpus, "show", expected.id, "--json")
        assert (shown["byline"], shown["format"]) == (expected.byline, expected.format)


def test_people_are_told_which_files_were_skipped_and_why(capsys, corpus):
    status, out, err = _run(capsys, corpus, "index")
    assert status == 0
    for path, suffix in UNSUPPORTED.items():
        assert f"warning: {path}: unsupported type ({suffix}), skipped" in err
    assert f"{len(MIXED)} added" in out
    # Other commands say it in one line, not a list before every search.
    status, out, err = _run(capsys, corpus, "list")
    assert "xlsx" not in err
    assert "2 files in the corpus gave no article; `briefing index` names them" in err


def test_show_json_gives_the_format_pdf_pages_and_feed_entries(capsys, corpus):
    _run(capsys, corpus, "index")
    pdf = _json(capsys, corpus, "show", "reports/fisheries", "--json")
    pages = pdf["pages"]
    assert [p["page"] for p in pages] == [1, 2]
    assert pages[0]["start"] == 0 and pages[-1]["end"] == len(pdf["text"])
    assert pdf["text"][pages[1]["start"] : pages[1]["end"]].startswith("Herring catches")
    entry = _json(capsys, corpus, "show", "feeds/northern/floods-close-river-port", "--json")
    assert entry["entry"] == "floods-close-river-port"
    assert entry["url"] == "https://northern-wire.example/2023/05/floods-close-river-port"
    assert entry["path"].endswith("feeds/northern.rss")


def test_every_kind_is_searchable_highlightable_and_cited_by_file_page_or_entry(capsys, corpus):
    _run(capsys, corpus, "index")
    for expected in MIXED:
        hits = _json(capsys, corpus, "search", f'"{expected.phrase}"', "--json")
        assert expected.id in [h["id"] for h in hits], expected.id
        status, _, err = _run(
            capsys, corpus, "annotate", expected.id, "--quote", expected.phrase, "--tag", "desk"
        )
        assert status == 0, err
    status, markdown, err = _run(capsys, corpus, "export", "--format", "markdown")
    assert status == 0, err
    cites = {
        "web/grain-corridor": "`corpus/web/grain-corridor.html`",
        "web/saved-page": "`corpus/web/saved-page.txt`",
        "mail/rates-alert": "`corpus/mail/rates-alert.eml`",
        "feeds/northern/floods-close-river-port": (
            "`corpus/feeds/northern.rss`, entry floods-close-river-port"
        ),
        "reports/fisheries": "`corpus/reports/fisheries.pdf`, p. 2",
        "memos/water": "`corpus/memos/water.docx`",
        "text/harbour-utf16": "`corpus/text/harbour-utf16.txt:7`",
        "text/moscow-cp1251": "`corpus/text/moscow-cp1251.txt:3`",
    }
    blocks = markdown.split("\n> ")[1:]
    for expected in MIXED:
        block = next(b for b in blocks if b.startswith(expected.phrase))
        cite = cites.get(expected.id)
        if cite:
            assert cite + "\n" in block or cite + " " in block, (expected.id, block)
        # A page's line numbers are not the file's: no ":N" after an extracted file's name.
        if expected.format not in ("text",):
            assert not any(f"{ext}:" in block for ext in (".html`", ".pdf`", ".rss`", ".eml`"))


def test_an_unchanged_pdf_is_not_parsed_again(capsys, corpus, monkeypatch):
    _run(capsys, corpus, "index")
    calls: list[str] = []
    import briefing.core.corpus.formats as formats

    real = formats.run_reader

    def counted(reader, data, name, timeout):
        calls.append(name)
        return real(reader, data, name, timeout)

    monkeypatch.setattr(formats, "run_reader", counted)
    pdf = corpus / "reports" / "fisheries.pdf"
    os.utime(pdf, ns=(pdf.stat().st_atime_ns, pdf.stat().st_mtime_ns + 10**9))  # touched
    report = _json(capsys, corpus, "index", "--json")
    assert report["unchanged"] == len(MIXED) and report["changed"] == 0
    # A rebuild (new rules, a new version) cleans every article again, from the cache.
    report = _json(capsys, corpus, "index", "--rebuild", "--json")
    assert report["added"] == len(MIXED)
    assert calls == []
    # A changed PDF is read again.
    pdf.write_bytes(pdf.read_bytes().replace(b"Herring catches", b"Sprat catches  "))
    _json(capsys, corpus, "index", "--json")
    assert calls == ["reports/fisheries.pdf"]


def test_a_changed_feed_adds_and_deletes_its_entries(capsys, corpus, tmp_path):
    _run(capsys, corpus, "index")
    quote = ("--quote", "herring and cod quotas")
    status, _, err = _run(
        capsys, corpus, "annotate", "feeds/northern/fishing-quotas-agreed", *quote
    )
    assert status == 0, err
    feed = corpus / "feeds" / "northern.rss"
    start = RSS_FEED.index("<item>")
    end = RSS_FEED.index("</item>") + len("</item>")
    new_item = (
        "<item><title>Icebreaker season ends early</title>"
        "<guid>https://northern-wire.example/2023/05/icebreaker-season-ends</guid>"
        "<description>The last icebreaker left the gulf a month early.</description></item>"
    )
    feed.write_text(RSS_FEED[:start] + new_item + RSS_FEED[end:], encoding="utf-8")
    report = _json(capsys, corpus, "index", "--json")
    assert (report["added"], report["deleted"]) == (1, 1)
    ids = {item["id"] for item in _json(capsys, corpus, "list", "--json")}
    assert "feeds/northern/icebreaker-season-ends" in ids
    assert "feeds/northern/floods-close-river-port" not in ids
    # The entry kept keeps its id, and its highlight.
    shown = _json(capsys, corpus, "show", "feeds/northern/fishing-quotas-agreed", "--json")
    assert [h["status"] for h in shown["highlights"]] == ["exact"]
    # Unchanged, the feed is not read at all: its entries' ids come from the catalog.
    report = _json(capsys, corpus, "index", "--json")
    assert report["unchanged"] == len(MIXED) and report["added"] == report["deleted"] == 0


def test_an_annotation_change_reindexes_just_that_entry(corpus):
    workspace = Workspace(corpus)
    try:
        workspace.update()
        aid = "feeds/northern/fishing-quotas-agreed"
        workspace.highlight_quote(aid, "herring and cod quotas", note="quota note")
        report = workspace.update(only={aid})
        assert (report.changed, report.skipped) == (1, [])
        assert [h.id for h in workspace.search("note:quota").hits] == [aid]
    finally:
        workspace.close()


def test_a_feed_that_becomes_unreadable_is_named_once_and_keeps_its_entries(capsys, corpus):
    _run(capsys, corpus, "index")
    feed = corpus / "feeds" / "northern.rss"
    saved = feed.read_bytes()
    feed.write_text("<html>not a feed</html>", encoding="utf-8")  # a download cut short
    report = _json(capsys, corpus, "index", "--json")
    assert [s["path"] for s in report["skipped"]].count("feeds/northern.rss") == 1
    assert (report["deleted"], report["changed"]) == (0, 0)  # as an unreadable .txt keeps its
    ids = {item["id"] for item in _json(capsys, corpus, "list", "--json")}
    assert "feeds/northern/floods-close-river-port" in ids
    feed.write_bytes(saved)
    assert _json(capsys, corpus, "index", "--json")["skipped"] == [
        {"path": p, "reason": f"unsupported type ({x})"} for p, x in sorted(UNSUPPORTED.items())
    ]
