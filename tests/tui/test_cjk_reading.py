"""Pilot tests of Chinese text in the reader: a search hit inside a clause is painted on
its own characters, and `h` highlights one sentence ended by 。 (issue 10, item 5)."""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import SIZE

from briefing.tui.app import BriefingApp
from briefing.tui.panes import ReaderPane

FIRST = "美国代表团周二抵达哈瓦那，与古巴官员会谈。"
SECOND = "双方同意继续合作！"
THIRD = "下一轮会谈何时举行？"


def cjk_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "zh.txt").write_text(f"古巴会谈\n\n{FIRST}{SECOND}{THIRD}\n", "utf-8")
    return corpus


async def open_hit(app: BriefingApp, pilot, query: str):
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("slash", *query, "enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    return app.query_one("#pane-a", ReaderPane)


async def test_a_chinese_hit_is_painted_on_its_characters(tmp_path: Path):
    app = BriefingApp(cjk_corpus(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_hit(app, pilot, "哈瓦那")
        reader = pane.reader
        text = reader.article.text
        start = text.index("哈瓦那")
        assert reader.hits == [(start, start + 3)]
        assert reader.offset == start
        row, col = reader.lines.location(start)
        hit_style = reader.get_component_rich_style("reader--hit", partial=True)
        styled = [s for s in reader.get_line(row).spans if s.style == hit_style]
        assert [(s.start, s.end) for s in styled] == [(col, col + 3)]


async def test_h_highlights_one_chinese_sentence(tmp_path: Path):
    app = BriefingApp(cjk_corpus(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_hit(app, pilot, "合作")
        assert pane.reader.article.text[pane.reader.offset :].startswith("合作")
        await pilot.press("h")
        await pilot.pause()
        assert [p.quote for p in pane.reader.placed] == [SECOND]
