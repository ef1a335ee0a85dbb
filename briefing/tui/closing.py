"""Replies from background work that arrive while the app closes are dropped.

Worker threads post their results (an index update, a search's hits, a job's progress) as
messages or ``call_from_thread`` callbacks. Textual removes the screens' widgets before the
app's last messages are handled, so a reply handled then finds no library, no job rows:
``NoMatches`` would end the app with a traceback instead of a quiet exit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from textual.message_pump import MessagePump

Handler = TypeVar("Handler", bound=Callable[..., Any])


def while_open(handler: Handler) -> Handler:
    """Wrap a method of a widget or app that handles a reply from background work: it runs
    only while the app runs and the node is still on a screen, and returns None otherwise.
    Textual still sees the handler's own parameters (``functools.wraps`` keeps them)."""

    @functools.wraps(handler)
    def guarded(self: MessagePump, *args: Any, **kwargs: Any) -> Any:
        if not self.app.is_running or not self.is_attached:
            return None
        return handler(self, *args, **kwargs)

    return guarded  # type: ignore[return-value]
