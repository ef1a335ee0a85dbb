"""A real terminal for tests: tmux runs the command; keys go in, the screen comes out."""

from __future__ import annotations

import shlex
import subprocess
import time
from collections.abc import Callable
from pathlib import Path


class Terminal:
    """One tmux session running *command* (120x40 unless *size* says); *socket* gives it a private tmux
    server (for tests that change server options such as set-clipboard)."""

    def __init__(
        self,
        name: str,
        command: str,
        env: dict[str, str],
        cwd: Path,
        socket: str | None = None,
        size: tuple[int, int] = (120, 40),
    ):
        self.name = name
        self.tmux = ["tmux", "-L", socket] if socket else ["tmux"]
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        start = [
            *self.tmux,
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            "-c",
            str(cwd),
            f"env -u COLUMNS -u LINES {exports} TERM=xterm-256color {command}; sleep 30",
        ]
        # Once more if the first try fails: a new-session that meets the shared tmux server
        # while another test's last session is closing it gets "server exited unexpectedly".
        if subprocess.run(start).returncode != 0:
            time.sleep(0.5)
            subprocess.run(start, check=True)

    def keys(self, *keys: str) -> None:
        for key in keys:
            subprocess.run([*self.tmux, "send-keys", "-t", self.name, key], check=True)
            # A terminal sends escape as a lone ESC byte: a key right after it would read
            # as alt+key (or a broken sequence) to the app, so escape gets a longer pause.
            time.sleep(0.45 if key == "Escape" else 0.15)

    def text(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, "-l", *keys], check=True)

    def screen(self) -> str:
        out = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout

    def wait_for(self, predicate: Callable[[str], bool], what: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if predicate(shown):
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; screen was:\n{shown}")
            time.sleep(0.2)

    def press_until(self, key: str, predicate: Callable[[str], bool], what: str) -> str:
        """Press *key* until *predicate* holds (a loaded machine can lose a lone escape in
        the terminal's escape-sequence wait); three tries of five seconds."""
        for _ in range(2):
            self.keys(key)
            try:
                return self.wait_for(predicate, what, timeout=5)
            except AssertionError:
                continue
        self.keys(key)
        return self.wait_for(predicate, what, timeout=5)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-session", "-t", self.name], capture_output=True)

    def run(self, *args: str) -> str:
        """A tmux command against this session's server; its output."""
        done = subprocess.run([*self.tmux, *args], capture_output=True, text=True, check=True)
        return done.stdout
