"""Every command-line mistake (an argument, a setting, the feeds file) ends in one clear
line on stderr and exit 2, never in a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import run_cli


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["ingest", "x", "--date", "2025-13-01"], {}, "expected YYYY-MM-DD"),
        (["ingest", "x"], {"DIGESTBOT_TIMEZONE": "Nowhere/Land"}, "DIGESTBOT_TIMEZONE: unknown"),
        (["fetch"], {}, "no feeds file: set DIGESTBOT_FEEDS"),
        (["feeds"], {"DIGESTBOT_FEEDS": "/nonexistent/feeds.toml"}, "does not exist"),
        (["fetch"], {"DIGESTBOT_FETCH_TIMEOUT": "0"}, "DIGESTBOT_FETCH_TIMEOUT: Input should be"),
        (["feeds", "import", "/nonexistent.opml"], {"DIGESTBOT_FEEDS": "f.toml"}, "cannot read"),
    ],
)
def test_bad_arguments_and_settings_end_in_one_clear_line(
    tmp_path: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    result = run_cli(*args, database=tmp_path / "x.db", env=env)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
