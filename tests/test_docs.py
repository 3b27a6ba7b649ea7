"""The README's tables are the user's manual: they must name every command and setting the
code has, and nothing it does not have, with the defaults the code really uses."""

from __future__ import annotations

import re

import typer

from bot.cli import app
from bot.settings import ENV_PREFIX, Settings
from bot.telegram.app import ADMIN_COMMANDS, READER_COMMANDS
from tests.support.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
TABLE_ROW = re.compile(r"^\| (.+?) \| (.+?) \|", re.MULTILINE)


def _first_cells() -> list[str]:
    return [match[1] for match in TABLE_ROW.finditer(README)]


def _cli_commands() -> set[str]:
    names: set[str] = set()
    group = typer.main.get_group(app)
    for name, command in group.commands.items():
        names.add(name)
        for sub in getattr(command, "commands", {}):
            names.add(f"{name} {sub}")
    return names


def test_every_command_line_command_is_in_the_readme_table() -> None:
    documented: set[str] = set()
    for cell in _first_cells():
        for code in re.findall(r"`([^`]+)`", cell):
            words = code.removeprefix("digestbot ").split()
            if code.startswith("digestbot ") or words[0] == "feeds":
                documented.add(" ".join(w for w in words[:2] if re.fullmatch(r"[a-z]+", w)))
                documented.add(words[0])
    assert _cli_commands() <= documented, _cli_commands() - documented
    top_level = {name for name in documented if " " not in name}
    assert top_level <= {name.split()[0] for name in _cli_commands()}


def test_every_bot_command_is_in_the_readme_tables() -> None:
    documented = {name for cell in _first_cells() for name in re.findall(r"`/([a-z_]+)", cell)}
    code = {name for c in (*READER_COMMANDS, *ADMIN_COMMANDS) for name in (c.name, *c.aliases)}
    assert documented == {*code, "help"}


def _settings_rows() -> dict[str, str]:
    return {
        match[1].strip("`"): match[2].strip()
        for match in TABLE_ROW.finditer(README)
        if match[1].startswith(f"`{ENV_PREFIX}")
    }


def test_the_settings_table_matches_the_settings_class() -> None:
    rows = _settings_rows()
    fields = {f"{ENV_PREFIX}{name.upper()}": info for name, info in Settings.model_fields.items()}
    assert set(rows) == set(fields)
    for variable, info in fields.items():
        default = info.default
        if (not default and default != 0) or variable.endswith("_SECRET"):
            assert rows[variable].startswith(("(none)", "random")), (variable, rows[variable])
            continue
        if isinstance(default, tuple | frozenset):
            shown = ",".join(default)
        elif hasattr(default, "strftime"):
            shown = default.strftime("%H:%M")
        elif isinstance(default, float) and default.is_integer():
            shown = str(int(default))
        else:
            shown = str(default)
        assert rows[variable].startswith(f"`{shown}`"), (variable, rows[variable], shown)
