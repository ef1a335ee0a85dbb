"""App state that is not the user's work: reading positions, kept outside the corpus."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.core.atomic import write_atomic


class ReadingPositions:
    """Where the reader's cursor was in each article (a character offset), across launches.

    A lost or unreadable state file costs only positions, so errors here never stop the app:
    the file starts over empty.
    """

    def __init__(self, path: Path):
        self.path = path
        self._positions: dict[str, int] = {}
        try:
            data = json.loads(path.read_text("utf-8"))
            positions = data.get("positions", {}) if isinstance(data, dict) else {}
            self._positions = {
                str(k): int(v) for k, v in positions.items() if isinstance(v, int) and v >= 0
            }
        except (OSError, ValueError):
            pass
        self._dirty = False

    def get(self, article_id: str) -> int:
        return self._positions.get(article_id, 0)

    def set(self, article_id: str, offset: int) -> None:
        if self._positions.get(article_id) != offset:
            self._positions[article_id] = offset
            self._dirty = True

    def save(self) -> None:
        """Write the positions if they changed; a failure to write is not worth a crash."""
        if not self._dirty:
            return
        data = json.dumps({"positions": self._positions}, indent=1, sort_keys=True)
        try:
            write_atomic(self.path, data.encode("utf-8"))
            self._dirty = False
        except OSError:
            pass
