"""The sample corpus as the tests know it: where it is, its ids, what must not survive."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED_CORPUS = REPO / "corpus"
# The originals, beside the project as CI and every developer has them.
SHARED_SEEDS = REPO.parent / "shared" / "seeds"
SEED_IDS = (
    "000_2e4ab08a31a0e250",
    "001_8031e908e71e3b1e",
    "002_1f6b0f63a8b626fd",
    "003_6feb70dea2efb894",
    "004_3568823fae90f6fc",
)
S000, S001, S002, S003, S004 = SEED_IDS
RODRIGUEZ = {S001, S002, S003, S004}
# Web cruft that no cleaned seed may show.
CRUFT = (
    "Exit mobile version",
    "Site icon",
    "You May Also Like",
    "Recommended for you",
    "Source link",
    "Disclaimer",
    "Copyright",
    "share buttons",
    "Follow us",
    "Newsletter",
)
