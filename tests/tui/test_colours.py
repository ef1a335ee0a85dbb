"""Every mark is told apart from every other and from the selection and the cursor, in
truecolor and in 256 colours, dark theme and light, with text contrast of WCAG AA (4.5:1)."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from pilot_helpers import SIZE, open_article
from rich.color import Color, ColorSystem
from rich.style import Style

from briefing.tui.app import BriefingApp
from briefing.tui.article_list import ArticleList

READER_MARKS = (
    "reader--hit",
    "reader--hit-current",
    "reader--shared",
    "reader--shared-current",
    "reader--carried",
    "reader--only",
    *(f"reader--hl-{n}" for n in range(1, 10)),
    "text-area--selection",
    "text-area--cursor",
)


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = color.get_truecolor()
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Color, b: Color) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def in_256(color: Color) -> Color:
    return color.downgrade(ColorSystem.EIGHT_BIT)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_marks_are_distinct_and_readable(seed_corpus: Path, theme: str):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        pane = await open_article(app, pilot)
        reader = pane.reader
        styles: dict[str, Style] = {m: reader.get_component_rich_style(m) for m in READER_MARKS}
        for name, style in styles.items():
            assert style.bgcolor is not None and style.color is not None, name
            for convert in (lambda c: c, in_256):
                ratio = contrast(convert(style.color), convert(style.bgcolor))
                assert ratio >= 4.5, f"{name} in {theme}: {ratio:.2f}"
        for convert, what in ((lambda c: c.get_truecolor(), "truecolor"), (in_256, "256")):
            for (a, sa), (b, sb) in combinations(styles.items(), 2):
                assert convert(sa.bgcolor) != convert(sb.bgcolor), f"{a} = {b} in {what}"
        listing = app.query_one(ArticleList)
        for name in ("article-list--cursor", "article-list--hit"):
            style = listing.get_component_rich_style(name)
            assert contrast(in_256(style.color), in_256(style.bgcolor)) >= 4.5, name


async def test_a_highlight_paints_its_colour_on_the_rendered_line(seed_corpus: Path):
    app = BriefingApp(seed_corpus)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_article(app, pilot)
        await pilot.press("h")
        await pilot.pause()
        reader = pane.reader
        wanted = reader.get_component_rich_style("reader--hl-1").bgcolor
        painted = {
            seg.style.bgcolor
            for y in range(reader.size.height)
            for seg in reader.render_line(y)
            if seg.style is not None and seg.text.strip()
        }
        assert wanted in painted
