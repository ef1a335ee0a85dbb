"""briefing: search, read, annotate and brief from a corpus of news articles."""


def __getattr__(name: str) -> str:
    # The version is looked up when asked for (`--version`): importlib.metadata costs
    # ~40 ms, and every command and the app's start paid it.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("briefing")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0+unknown"
    raise AttributeError(f"module 'briefing' has no attribute {name!r}")
