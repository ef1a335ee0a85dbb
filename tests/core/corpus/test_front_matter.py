"""Front matter is text people wrote: every field keeps what was written (YAML 1.1 would make
`No` false, `12:30` the number 750 and `2023-01-05` a date object), dates are parsed by us,
and a block with anchors, aliases or tags is not read as front matter at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.core.corpus import RulesError, article_from_bytes, load_rules


def _article(text: str, name: str = "story.md"):
    root = Path("/corpus")
    return article_from_bytes(text.encode("utf-8"), root / name, root)


def _with(front: str, body: str = "The body of the story, in one plain sentence.\n"):
    return _article(f"---\n{front}\n---\n{body}")


@pytest.mark.parametrize(
    ("written", "title"),
    [
        ("No", "No"),  # YAML 1.1: false
        ("yes", "yes"),
        ("off", "off"),
        ("12:30", "12:30"),  # YAML 1.1: sexagesimal 750
        ("2023-01-05", "2023-01-05"),  # YAML 1.1: a date
        ("1e3", "1e3"),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        (".inf", ".inf"),
        ("007", "007"),
        ("'No'", "No"),
        ("=", "="),
        ("<<", "<<"),
    ],
)
def test_title_keeps_the_text_as_written(written, title):
    assert _with(f"title: {written}").title == title


def test_every_text_field_keeps_the_text_as_written():
    article = _with(
        "title: No\nsource: NO\nauthor: Yes\nurl: 12:30\nplace: Off\n"
        "tags: [GB, NO, SE, yes, 2023, 1:30]"
    )
    assert article.title == "No"
    assert article.source == "NO"
    assert article.byline == "Yes"
    assert article.url == "12:30"
    assert article.place == "Off"
    assert article.tags == ("GB", "NO", "SE", "yes", "2023", "1:30")


def test_byline_from_byline_key_and_a_list_of_authors():
    assert _with("byline: On Point").byline == "On Point"
    assert _with("author: [Jane Roe, John Doe]").byline == "Jane Roe, John Doe"


def test_keys_are_read_in_any_case():
    article = _with("Title: No\nSource: Wire")
    assert (article.title, article.source) == ("No", "Wire")


def test_null_means_no_value():
    article = _with("title: ~\nsource: null\nauthor:\n")
    assert article.source is None
    assert article.byline is None
    assert article.title == "The body of the story, in one plain sentence."


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ("[GB, NO, SE]", ("GB", "NO", "SE")),  # Norway, not false
        ("[Talks, talks, TALKS]", ("Talks",)),  # compared without case, first spelling kept
        ("human rights, migration", ("human rights", "migration")),
        ("cuba talks", ("cuba", "talks")),
        ("- NO\n  - Havana", ("NO", "Havana")),
        ("{a: b}", ()),
    ],
)
def test_tags_keep_their_spelling(tags, expected):
    front = f"tags:\n  {tags}" if tags.startswith("-") else f"tags: {tags}"
    assert _with(front).tags == expected


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2023-01-05", "2023-01-05"),
        ("'2023-01-05'", "2023-01-05"),
        ("2023-1-5", "2023-01-05"),
        ("2023-01-05T10:30:00Z", "2023-01-05"),
        ("2023-01-05 10:30:00 +01:00", "2023-01-05"),
        ("January 5, 2023", "2023-01-05"),
        ("5 Jan 2023", "2023-01-05"),
        ("Thursday, January 5th, 2023", "2023-01-05"),
        ("2023-02-30", None),  # no such day
        ("12:30", None),
        ("2023", None),
        ("No", None),
        ("January 2023", None),  # no day: never guessed
    ],
)
def test_front_matter_date_is_parsed_here(written, iso):
    assert _with(f"date: {written}").date == iso


@pytest.mark.parametrize(
    "front",
    [
        "title: &t Anchored\nsource: *t",
        "base: &b {source: Wire}\nmeta:\n  <<: *b",
        # "Billion laughs": nine lines that expand to a billion strings through aliases.
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "\n".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]"
            for i in range(8)
        ),
    ],
)
def test_front_matter_with_anchors_or_aliases_is_read_as_text(front):
    article = _with(front, body="Body text.\n")
    assert len(article.warnings) == 1
    warning = article.warnings[0]
    assert "story.md" in warning
    assert "anchors or aliases" in warning
    assert "\n" not in warning
    assert "Body text." in article.text
    assert article.source is None


@pytest.mark.parametrize(
    "front",
    [
        "title: !!python/object/apply:os.system ['echo pwned']",
        "title: !!int 5",
        "title: !!binary aGVsbG8=",
        "title: !custom x",
    ],
)
def test_front_matter_with_explicit_tags_is_read_as_text(front):
    article = _with(front, body="Body text.\n")
    assert len(article.warnings) == 1
    assert "story.md" in article.warnings[0]
    assert "tag" in article.warnings[0]
    assert "Body text." in article.text


def test_front_matter_that_is_not_a_mapping_is_read_as_text():
    article = _with("- just\n- a list", body="Body text.\n")
    assert any("not a mapping" in w for w in article.warnings)


def test_front_matter_lines_are_counted_for_nothing_else():
    article = _with("title: The Title\nsource: Wire", body="\nBody text here.\n")
    assert article.text == "Body text here."
    assert article.warnings == ()


def test_rules_files_are_read_as_text_too(tmp_path):
    """A rules file is YAML people write too: `- no` and `- 2023` are patterns, not false
    and a number, and anchors are refused there as well."""
    rules_file = tmp_path / "cleaning.yaml"
    rules_file.write_text("drop_lines:\n  - no\n  - 2023\n  - on\n", encoding="utf-8")
    rules = load_rules([rules_file])
    user = [r.pattern for r in rules.drop_lines if r.file == str(rules_file)]
    assert user == ["no", "2023", "on"]

    rules_file.write_text("drop_lines: &x ['a']\ncut_from: *x\n", encoding="utf-8")
    with pytest.raises(RulesError) as info:
        load_rules([rules_file])
    assert str(rules_file) in str(info.value)
    assert "\n" not in str(info.value)
