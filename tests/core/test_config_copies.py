"""The ``copies:`` settings of config.yaml: defaults, values read, bad values named."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.core.config import ConfigError, CopySettings, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, "utf-8")
    return path


def test_defaults_without_a_copies_key(tmp_path: Path):
    assert load_config(write(tmp_path, "author: Ana\n")).copies == CopySettings()
    assert load_config(tmp_path / "missing.yaml").copies == CopySettings(0.7, 5, 30)


def test_copy_settings_are_read(tmp_path: Path):
    path = write(tmp_path, "copies:\n  threshold: 0.85\n  shingle_words: 4\n  min_words: 50\n")
    assert load_config(path).copies == CopySettings(threshold=0.85, shingle_words=4, min_words=50)
    partial = write(tmp_path, "copies:\n  threshold: 1\n")
    assert load_config(partial).copies == CopySettings(threshold=1.0)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("copies: 0.8\n", "'copies' must map"),
        ("copies:\n  treshold: 0.8\n", "no setting 'treshold'"),
        ("copies:\n  threshold: 0\n", "'copies.threshold'"),
        ("copies:\n  threshold: 1.5\n", "'copies.threshold'"),
        ("copies:\n  threshold: yes\n", "'copies.threshold'"),
        ("copies:\n  threshold: high\n", "'copies.threshold'"),
        ("copies:\n  shingle_words: 0\n", "'copies.shingle_words'"),
        ("copies:\n  min_words: 2.5\n", "'copies.min_words'"),
    ],
)
def test_bad_copy_settings_are_named_on_one_line(tmp_path: Path, text: str, named: str):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    message = str(caught.value)
    assert named in message and "\n" not in message and "defaults in use" in message
