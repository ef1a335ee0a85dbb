"""A made-up wire story in the variants outlets print it in, for the copy detection tests.

``VARIANTS``: file name -> (headline, paragraphs). The original; the same text under a new
headline; the end trimmed (two paragraphs of six gone); a local paragraph added. Plus an
unrelated story on the same subject, which shares no run of five words with it.
"""

from __future__ import annotations

from pathlib import Path

HEADLINE = "Port strike halts grain exports from Valdoria"
PARAGRAPHS = (
    "Dock workers at the port of Selmar walked out on Monday morning, halting grain "
    "shipments that feed much of the region and leaving dozens of cargo ships at anchor "
    "outside the harbour wall.",
    "The union representing some four thousand stevedores said the strike would last "
    "until the port authority agreed to restore night-shift bonuses that were cut in "
    "January without consultation.",
    "Officials at the port authority told reporters that talks had broken down late on "
    "Sunday after the union rejected an offer of a phased return of the bonuses over "
    "eighteen months.",
    "Grain traders warned that prices could climb sharply within days if the ships were "
    "not loaded, since silos inland are already close to full after a record harvest.",
    "The transport minister, Irena Kovacs, urged both sides to return to the table and "
    "said the government was ready to appoint a mediator if no agreement was reached by "
    "the end of the week.",
    "Previous stoppages at Selmar, in 2016 and again in 2019, lasted less than three days "
    "each, but union leaders said they were prepared for a much longer dispute this time.",
)
ADDED = (
    "In the northern farming town of Brevik, growers said lorries loaded with wheat were "
    "already queueing on the ring road, with drivers sleeping in their cabs while they "
    "waited for news from the coast."
)
UNRELATED = (
    "Valdorian farmers expect higher wheat yields",
    (
        "Agronomists at the national institute raised their forecast for the winter wheat "
        "crop on Tuesday, citing mild weather through February and good soil moisture.",
        "The institute now expects yields about six per cent above the ten-year average, "
        "with the biggest gains in the river valleys of the south and east.",
        "Fertiliser costs remain a concern for smaller farms, the report added, after "
        "suppliers raised prices twice in the autumn because of higher energy bills.",
        "Cooperatives said storage would be tight if exports slowed for any reason, and "
        "asked the ministry to release funds for temporary silos near the railheads.",
    ),
)

VARIANTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "wire_a_original.txt": (HEADLINE, PARAGRAPHS),
    "wire_b_headline.txt": ("Selmar dockers strike over bonus cuts", PARAGRAPHS),
    "wire_c_trimmed.txt": (HEADLINE, PARAGRAPHS[:4]),
    "wire_d_added.txt": (HEADLINE, (*PARAGRAPHS[:4], ADDED, *PARAGRAPHS[4:])),
}
VARIANT_IDS = tuple(name.removesuffix(".txt") for name in VARIANTS)
UNRELATED_ID = "farm_report"


def body(paragraphs: tuple[str, ...]) -> str:
    """Paragraphs as clean text: one blank line between them."""
    return "\n\n".join(paragraphs)


def texts() -> dict[str, str]:
    """Article id -> clean text, for every variant and the unrelated story."""
    found = {name.removesuffix(".txt"): body(paras) for name, (_, paras) in VARIANTS.items()}
    found[UNRELATED_ID] = body(UNRELATED[1])
    return found


def write_corpus(folder: Path) -> None:
    """Write every variant and the unrelated story into *folder* as text files (headline,
    blank line, body)."""
    folder.mkdir(parents=True, exist_ok=True)
    stories = dict(VARIANTS)
    stories[f"{UNRELATED_ID}.txt"] = UNRELATED
    for name, (headline, paragraphs) in stories.items():
        (folder / name).write_text(f"{headline}\n\n{body(paragraphs)}\n", "utf-8")
