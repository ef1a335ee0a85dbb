"""What a subcommand is: its arguments, its `run(args, workspace) -> int`, what it needs."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from briefing.core.workspace import Workspace

Run = Callable[[argparse.Namespace, Workspace], int]


@dataclass(frozen=True)
class Command:
    """One subcommand.

    *needs*: ``"index"`` runs with the index brought up to date first (most commands);
    ``"workspace"`` with the workspace opened but not updated (``index`` updates itself);
    ``"nothing"`` with no workspace at all (``paths``, which must work without a corpus).
    """

    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[..., int]
    needs: Literal["index", "workspace", "nothing"] = "index"
