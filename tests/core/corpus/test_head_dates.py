"""Only a date at the head of an article is its date, and a date line leaves the text only
when it is the date shown: a timeline's "January 17, 1961" lines are the story's."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.core.corpus import article_from_bytes, read_article_report


def _article(text: str):
    root = Path("/corpus")
    return article_from_bytes(text.encode("utf-8"), root / "story.txt", root)


EVENTS = (
    "The United States breaks off diplomatic relations with Cuba.",
    "Cuban exiles trained by the CIA land at the Bay of Pigs and are defeated within days.",
    "President Kennedy announces a naval quarantine of Cuba after missiles are found.",
)


def _timeline(dates: tuple[str, ...], head: str = "") -> str:
    parts = ["Cuba and the US: a timeline", *([head] if head else [])]
    for date, event in zip(dates, EVENTS, strict=False):
        parts += [date, event]
    return "\n\n".join(parts) + "\n"


@pytest.mark.parametrize(
    "dates",
    [
        ("January 3, 1961", "April 17, 1961", "October 22, 1962"),
        ("3 January 1961", "17 April 1961", "22 October 1962"),
        ("Jan. 3, 1961", "Apr. 17, 1961", "Oct. 22, 1962"),
        ("Tuesday, January 3, 1961", "Monday, April 17, 1961", "Monday, October 22, 1962"),
        ("1961-01-03", "1961-04-17", "1962-10-22"),
        ("January 3rd, 1961", "April 17th, 1961"),
        ("January 3, 1961", "April 17, 1961"),  # two entries: still a timeline
    ],
)
def test_a_timeline_has_no_date_and_keeps_its_date_lines(dates):
    article = _article(_timeline(dates))
    assert article.date is None
    lines = article.text.split("\n")
    for date, event in zip(dates, EVENTS, strict=False):
        assert date in lines
        assert lines[lines.index(date) + 2] == event  # each date still over its event
    assert article.title == "Cuba and the US: a timeline"


def test_a_timeline_under_a_dated_head_takes_the_head_date_only():
    dates = ("January 3, 1961", "April 17, 1961", "October 22, 1962")
    article = _article(_timeline(dates, head="Havana Times, March 2, 2023"))
    assert article.date == "2023-03-02"
    assert article.source == "Havana Times"
    for date in dates:
        assert date in article.text.split("\n")


def test_a_date_line_after_the_story_began_is_not_the_date():
    text = (
        "A letter from Havana\n\n"
        "The embassy released a letter on Friday that had been kept secret for decades.\n\n"
        "Historians say it changes what is known about the talks of that spring.\n\n"
        "March 3, 1962\n\n"
        "Dear Mr. President, I write to you about the prisoners.\n"
    )
    article = _article(text)
    assert article.date is None
    assert "March 3, 1962" in article.text.split("\n")


def test_a_single_date_under_the_title_is_still_the_date():
    article = _article(
        "Port strike ends\n\nJuly 27, 2024\n\nDockers went back to work on Friday.\n"
    )
    assert article.date == "2024-07-27"
    assert "July 27, 2024" not in article.text


def test_a_date_line_that_is_not_the_date_shown_stays():
    front = "---\ndate: 2023-02-01\n---\n"
    other = _article(front + "Port strike ends\n\nJuly 27, 2024\n\nDockers went back to work.\n")
    assert other.date == "2023-02-01"
    assert "July 27, 2024" in other.text
    same = _article(front + "Port strike ends\n\nFebruary 1, 2023\n\nDockers went back to work.\n")
    assert same.date == "2023-02-01"
    assert "February 1, 2023" not in same.text


def test_the_report_names_only_the_date_line_used(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Port strike ends\n\nJuly 27, 2024\n\nDockers went back to work.\n", "utf-8")
    _, report = read_article_report(path, tmp_path)
    assert [(r.line, r.metadata) for r in report] == [(1, "title"), (3, "date")]
    path.write_text(_timeline(("January 3, 1961", "April 17, 1961")), "utf-8")
    _, report = read_article_report(path, tmp_path)
    assert [(r.line, r.metadata) for r in report] == [(1, "title")]


def test_a_byline_far_down_is_the_story_s():
    paragraphs = "\n\n".join(f"Paragraph {i} of the story runs on for a while." for i in range(4))
    article = _article(f"Title Here\n\n{paragraphs}\n\nBy Jane Roe\n\nMore of the story.\n")
    assert article.byline is None
    assert "By Jane Roe" in article.text
