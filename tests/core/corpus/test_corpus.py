"""Reading corpus files: the seeds' metadata as a careful human reads it, clean text without
web cruft, front matter, decoding, control characters, user cleaning rules, and a corpus
that is only ever read."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest
from seeds import CRUFT, S000, S001, S002, S003, S004, SEED_CORPUS, SEED_IDS, SHARED_SEEDS

from briefing.core.corpus import (
    RulesError,
    UnreadableFile,
    article_from_bytes,
    article_id,
    decode,
    iter_article_files,
    load_rules,
    normalise,
    parse_article,
    read_article,
    scan_corpus,
)
from briefing.core.corpus.metadata import TITLE_MAX, first_sentence_title
from briefing.core.index import CorpusIndex, Searcher


@pytest.fixture(scope="module")
def seeds():
    """Every seed article, read from the repository copy (reading never writes)."""
    return {
        a.id: a for a in (read_article(p, SEED_CORPUS) for p in iter_article_files(SEED_CORPUS))
    }


def _article(text: str | bytes, name: str = "story.txt", rules=None):
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    root = Path("/corpus")
    return article_from_bytes(data, root / name, root, rules)


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# -- the sample corpus --------------------------------------------------------------------


def test_sample_corpus_holds_the_five_seeds(seeds):
    assert sorted(seeds) == list(SEED_IDS)


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="the shared seed folder is not here")
def test_sample_corpus_is_the_seeds_byte_for_byte():
    assert _digests(SEED_CORPUS) == _digests(SHARED_SEEDS)


# -- metadata of each seed, as a careful human reads it -----------------------------------


@pytest.mark.parametrize(
    ("aid", "title"),
    [
        (S001, "US, Cuba to Restart Talks on Law Enforcement: State Department"),
        (S002, "Under Biden, US resumes cooperation with Cuba to fight organized crime"),
        (S003, "Meeting between US and Cuban officials concludes in Havana"),
    ],
)
def test_printed_titles_are_read_exactly(seeds, aid, title):
    assert seeds[aid].title == title


def test_000_is_dated_from_its_leading_date(seeds):
    assert seeds[S000].date == "2023-01-14"


def test_001_date_source_and_byline(seeds):
    article = seeds[S001]
    assert article.date == "2023-01-16"
    assert article.source == "Global Research"
    assert article.byline == "Al Mayadeen"


def test_002_has_no_invented_metadata(seeds):
    article = seeds[S002]
    assert article.byline is None  # a bare "by" names nobody
    assert article.date is None


def test_003_source_from_site_icon(seeds):
    assert seeds[S003].source == "Latin america News"
    assert seeds[S003].date is None


def test_004_dateline_gives_source_and_place_but_no_year(seeds):
    article = seeds[S004]
    assert article.date is None  # "Feb 18" says no year: no date is invented
    assert "EFE" in article.source
    assert article.place == "Washington"


@pytest.mark.parametrize(
    ("aid", "sentence"),
    [
        (
            S000,
            "The US declared to send a delegation to Cuba in the upcoming week to revive "
            "discussions between the two administrations over law enforcement problems.",
        ),
        (S004, "The US government has confirmed that one of its top diplomats"),
    ],
)
def test_missing_titles_are_the_whole_first_sentence(seeds, aid, sentence):
    """Stored whole (exports, search and corrections start from it): only a display cuts
    a title, to its own width."""
    title = seeds[aid].title
    assert title.startswith(sentence)
    assert not title.endswith("…") and title.endswith(".")
    text = seeds[aid].text
    assert text.find(title) != -1  # the article's own first sentence
    assert not title.startswith(("date", "Washington, Feb"))  # no metadata in the title


def test_a_first_sentence_without_an_end_is_cut_at_a_word():
    words = " ".join(f"word{i}" for i in range(200))
    title = first_sentence_title(words)
    assert title is not None and title.endswith("…") and len(title) <= TITLE_MAX + 1
    assert words.startswith(title.removesuffix("…") + " ")


def test_ids_are_paths_without_suffix(seeds, messy_corpus):
    for aid, article in seeds.items():
        assert article.path.name == aid + ".txt"
    nested = messy_corpus / "sub" / "nested.md"
    assert article_id(nested, messy_corpus) == "sub/nested"


def test_content_hash_is_stable_and_follows_the_text(seeds):
    again = read_article(SEED_CORPUS / f"{S001}.txt", SEED_CORPUS)
    assert again.content_hash == seeds[S001].content_hash
    assert len({a.content_hash for a in seeds.values()}) == len(seeds)


# -- clean text ---------------------------------------------------------------------------


@pytest.mark.parametrize("aid", SEED_IDS)
def test_shown_text_has_no_web_cruft(seeds, aid):
    text = seeds[aid].text
    for literal in ("](", "\\*", "\\$"):
        assert literal not in text, literal
    lowered = text.lower()
    for cruft in CRUFT:
        assert cruft.lower() not in lowered, cruft
    assert not [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert "globalresearch.ca" not in lowered
    assert "\n\n\n" not in text
    assert text == text.strip()


def test_shown_text_keeps_real_content(seeds):
    text_001 = seeds[S001].text
    assert "$3.7 billion" in text_001
    assert "Havana Syndrome" in text_001  # link text kept when the link syntax goes
    assert "60 years of US economic embargo" in text_001
    assert "Reuters cited a source in Washington" in text_001  # *Reuters* loses its stars
    assert "Rodríguez" in seeds[S002].text
    assert "Rodríguez" in seeds[S003].text
    assert "Rodriguez" in seeds[S004].text
    assert "'Havana syndrome.'" in seeds[S000].text
    assert "$2 million" in seeds[S000].text
    assert seeds[S004].text.startswith("Washington, Feb 18 (Inditop.com/EFE) The US government")
    assert "#Cuba" in seeds[S003].text  # a hashtag inside a line is content, not a heading
    assert "Department of State" in seeds[S003].text  # a short subheading is kept


def test_title_lines_and_metadata_lines_are_not_repeated_in_the_text(seeds):
    assert not seeds[S001].text.startswith("US, Cuba to Restart Talks")
    assert "Global Research, January 16, 2023" not in seeds[S001].text
    assert not seeds[S003].text.startswith("Meeting between US and Cuban officials")
    assert not seeds[S000].text.startswith("date")


def test_markdown_syntax_is_removed():
    article = _article(
        "# Heading Title\n\n"
        "See [the report](https://example.org/a_(b)) and ![a chart](c.png).\n"
        "Prices rose \\$5 and \\*really\\* fell; **bold** and *italic* words.\n"
        "> quoted line\n"
        "## Subheading\n"
    )
    assert article.title == "Heading Title"
    assert "See the report and a chart." in article.text
    assert "Prices rose $5 and *really* fell; bold and italic words." in article.text
    assert "quoted line" in article.text
    assert "Subheading" in article.text
    assert "#" not in article.text
    assert "](" not in article.text


# -- front matter -------------------------------------------------------------------------


def test_front_matter_wins_over_heuristics(messy_corpus):
    article = read_article(messy_corpus / "frontmatter.md", messy_corpus)
    assert article.title == "The Title From Front Matter"
    assert article.source == "Front Matter Wire"  # not "Heuristic Source" from "Site icon"
    assert article.date == "2023-02-01"  # not the 2020-01-01 of the leading date
    assert article.url == "https://example.org/story"
    assert article.tags == ("migration", "Havana")  # tags keep their spelling everywhere
    assert "title:" not in article.text
    assert "---" not in article.text
    assert "Site icon" not in article.text
    assert article.text.startswith("The body of an article whose front matter wins")


def test_front_matter_fills_only_what_it_names():
    article = _article("---\ntags: cuba, talks\n---\nBy Jane Doe\n\nShort Title Here\n\nBody.\n")
    assert article.tags == ("cuba", "talks")
    assert article.byline == "Jane Doe"
    assert article.title == "Short Title Here"


def test_bad_front_matter_is_read_as_text_with_a_warning():
    article = _article("---\ntitle: [unclosed\n---\nBody text.\n", name="bad.md")
    assert any("bad.md" in w and "front matter" in w for w in article.warnings)
    assert "Body text." in article.text


# -- decoding and normalising ------------------------------------------------------------


def test_utf8_with_bom_decodes_without_warning():
    decoded = decode("\ufeffcafé".encode(), "bom.txt")
    assert decoded.text == "café"
    assert decoded.encoding == "utf-8"
    assert decoded.warnings == ()


def test_latin1_file_falls_back_with_a_warning_naming_it(messy_corpus):
    article = read_article(messy_corpus / "latin1.txt", messy_corpus)
    assert article.title == "Le café de Müller"
    assert "Hans Müller opened the café" in article.text
    assert "“It was a good year,”" in article.text  # cp1252 quotes, not C1 controls
    assert len(article.warnings) == 1
    assert "latin1.txt" in article.warnings[0]
    assert "cp1252" in article.warnings[0]


def test_bytes_undefined_in_cp1252_fall_back_to_latin1():
    decoded = decode(b"caf\xe9 \x81 end", "odd.txt")
    assert decoded.encoding == "latin-1"
    assert decoded.text.startswith("café")
    assert decoded.warnings and "odd.txt" in decoded.warnings[0]


def test_binary_file_is_unreadable_with_its_name(messy_corpus):
    with pytest.raises(UnreadableFile) as info:
        read_article(messy_corpus / "binary.txt", messy_corpus)
    message = str(info.value)
    assert "binary.txt" in message
    assert "\n" not in message


@pytest.mark.parametrize("data", [b"", b"  \n\r\n\t\n"])
def test_empty_file_is_unreadable(data):
    with pytest.raises(UnreadableFile, match="empty.txt"):
        _article(data, name="empty.txt")


def test_ansi_and_control_characters_are_stripped_markup_kept(messy_corpus):
    article = read_article(messy_corpus / "markup.txt", messy_corpus)
    shown = article.title + "\n" + article.text
    assert "\x1b" not in shown
    assert not [c for c in shown if unicodedata.category(c) == "Cc" and c != "\n"]
    assert "window title" not in shown  # an OSC title sequence is an escape, not text
    assert article.title == "[bold]Markup[/] survives here"
    assert "[bold]Breaking:[/] red alert in [italic]the capital[/]." in article.text
    assert "Keep [/] and [link=x]links[/link] literally." in article.text
    assert "Green text with a bell and a DEL char." in article.text


def test_bidi_overrides_are_stripped():
    assert normalise("a\u202eb\u2066c") == "abc"


def test_crlf_is_normalised(messy_corpus):
    article = read_article(messy_corpus / "crlf.txt", messy_corpus)
    assert article.title == "Windows line ends"
    assert article.text == "First line of the body.\nSecond line of it."
    assert normalise("a\r\nb\rc") == "a\nb\nc"


def test_text_is_nfc():
    decomposed = "Foreign Minister Bruno Rodri\u0301guez spoke."
    article = _article(decomposed)
    assert "Rodríguez" in article.text
    assert "Rodri\u0301guez" not in article.text
    assert unicodedata.is_normalized("NFC", article.text)
    assert article.content_hash == _article("Foreign Minister Bruno Rodríguez spoke.").content_hash


def test_only_files_a_reader_takes_are_read_recursively(messy_corpus):
    (messy_corpus / "notes.pdf").write_bytes(b"%PDF-1.4")
    (messy_corpus / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    (messy_corpus / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (messy_corpus / ".briefing").mkdir()
    (messy_corpus / ".briefing" / "cleaning.txt").write_text("not an article", encoding="utf-8")
    ids = [article_id(p, messy_corpus) for p in iter_article_files(messy_corpus)]
    assert ids == sorted(ids)
    assert set(ids) == {
        "binary",
        "crlf",
        "empty",
        "frontmatter",
        "latin1",
        "markup",
        "notes",
        "sub/nested",
    }
    assert scan_corpus(messy_corpus).unsupported == ["sheet.xlsx"]


def test_nested_markdown_article(messy_corpus):
    article = read_article(messy_corpus / "sub" / "nested.md", messy_corpus)
    assert article.id == "sub/nested"
    assert article.title == "A Nested Markdown Heading"
    assert article.text == "Text of the nested article about governance reforms."


# -- user-extensible cleaning rules --------------------------------------------------------

EXTRA_RULE = "drop_lines:\n  - '\\(with inputs from agencies\\)'\n"


def test_packaged_rules_keep_a_line_a_user_rule_drops(tmp_path):
    rules_file = tmp_path / "cleaning.yaml"
    rules_file.write_text(EXTRA_RULE, encoding="utf-8")
    path = SEED_CORPUS / f"{S000}.txt"
    plain = read_article(path, SEED_CORPUS)
    ruled = read_article(path, SEED_CORPUS, load_rules([rules_file]))
    assert "(With inputs from agencies)" in plain.text
    assert "(With inputs from agencies)" not in ruled.text
    assert ruled.content_hash != plain.content_hash
    assert load_rules([rules_file]).fingerprint != load_rules().fingerprint


def test_user_cut_from_rule_ends_the_article(tmp_path):
    rules_file = tmp_path / "cleaning.yaml"
    rules_file.write_text("cut_from:\n  - 'the end'\n", encoding="utf-8")
    article = _article(
        "Short Title\n\nKept.\n\nThe End\n\nDropped.\n", rules=load_rules([rules_file])
    )
    assert article.text == "Kept."


def test_corpus_rules_file_takes_effect_through_the_index(seed_corpus, make_index, index_dir):
    index = make_index(seed_corpus)
    assert "(With inputs from agencies)" in index.article(S000).text
    index.close()

    (seed_corpus / ".briefing").mkdir()
    (seed_corpus / ".briefing" / "cleaning.yaml").write_text(EXTRA_RULE, encoding="utf-8")
    index = make_index(seed_corpus, update=False)
    assert index.notice and "rules" in index.notice
    report = index.update()
    assert report.added == 5  # the rules changed: every article is read again
    assert "(With inputs from agencies)" not in index.article(S000).text
    assert [a.id for a in index.articles()] == list(SEED_IDS)  # .briefing/ is not an article


def test_user_config_rules_file_takes_effect(seed_corpus, make_index, isolated_dirs):
    config = isolated_dirs["BRIEFING_CONFIG"]
    config.mkdir(parents=True)
    (config / "cleaning.yaml").write_text(EXTRA_RULE, encoding="utf-8")
    index = make_index(seed_corpus)
    assert "(With inputs from agencies)" not in index.article(S000).text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("drop_lines:\n  - '(unclosed'\n", "bad pattern"),
        ("drop_lines: 'not a list'\n", "must be a list"),
        ("drop_lines: [\n", "not valid YAML"),
        ("- just\n- a list\n", "expected a mapping"),
    ],
)
def test_bad_rules_file_is_a_one_line_error_naming_it(tmp_path, content, expected):
    rules_file = tmp_path / "cleaning.yaml"
    rules_file.write_text(content, encoding="utf-8")
    with pytest.raises(RulesError) as info:
        load_rules([rules_file])
    message = str(info.value)
    assert expected in message
    assert str(rules_file) in message
    assert "\n" not in message


def test_bad_corpus_rules_file_fails_opening_the_index(seed_corpus, index_dir):
    (seed_corpus / ".briefing").mkdir()
    (seed_corpus / ".briefing" / "cleaning.yaml").write_text(
        "drop_lines: ['[a-']\n", encoding="utf-8"
    )
    with pytest.raises(RulesError) as info:
        CorpusIndex.open(seed_corpus, index_dir)
    assert "\n" not in str(info.value)
    assert "cleaning.yaml" in str(info.value)


# -- the corpus is only ever read ---------------------------------------------------------


def test_corpus_unchanged_byte_for_byte(seed_corpus, messy_corpus, make_index):
    for corpus in (seed_corpus, messy_corpus):
        before = _digests(corpus)
        index = make_index(corpus)
        searcher = Searcher(index)
        for query in ("Rodriguez", '"Havana syndrome"', "café", "govern*", "governmnt~"):
            searcher.search(query)
        for info in index.articles():
            index.article(info.id)
            searcher.related(info.id)
        index.update(rebuild=True)
        index.close()
        assert _digests(corpus) == before


def test_parse_article_keeps_given_warnings():
    article = parse_article(
        "Some Title\n\nBody.\n",
        article_id="x",
        path=Path("/c/x.txt"),
        rules=load_rules(),
        warnings=("x.txt: not UTF-8, read as cp1252",),
    )
    assert article.warnings == ("x.txt: not UTF-8, read as cp1252",)


def test_unicode_line_separators_become_newlines():
    """str.splitlines() (and so the reader) breaks lines at U+2028/2029 and NEL: the clean
    text must hold them as \\n, or every offset after one is off by a line in the reader."""
    from briefing.core.corpus import normalise

    text = normalise("One\u2028Two\u2029Three\x85Four")
    assert text == "One\nTwo\n\nThree\nFour"
    assert text.split("\n") == text.splitlines()


def test_a_date_alone_under_the_title_is_the_date():
    from briefing.core.corpus import load_rules, parse_article

    for line in ("July 27, 2024", "27 July 2024", "Saturday, Jul 27, 2024"):
        raw = f"Port strike ends\n\n{line}\n\nDockers went back to work on Friday.\n"
        article = parse_article(raw, article_id="x", path=Path("x.txt"), rules=load_rules())
        assert article.date == "2024-07-27", line
        assert line not in article.text


def test_a_cut_marker_mid_article_drops_only_its_line():
    from briefing.core.corpus import load_rules, parse_article

    body = "\n\n".join(f"Paragraph {i} of the story." for i in range(10))
    raw = f"Title\n\n{body.replace('Paragraph 3', 'You May Also Like' + chr(10) + chr(10) + 'Paragraph 3')}\n"
    raw += "\nYou May Also Like\n\nOther story one\n\nOther story two\n"
    text = parse_article(raw, article_id="x", path=Path("x.txt"), rules=load_rules()).text
    assert "Paragraph 9 of the story." in text  # the sidebar line mid-page cut nothing
    assert "You May Also Like" not in text
    assert "Other story" not in text  # the marker near the end still ends the article
