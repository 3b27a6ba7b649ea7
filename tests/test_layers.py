"""The arrows point down (bot over storage over digest; only bot.telegram imports telegram),
checked by import-linter's contracts in pyproject.toml, as `make lint` does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

from tests.support.paths import ROOT


def test_the_layering_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph("bot", "storage", "digest")
    circles = [
        (module, imported)
        for module in sorted(graph.modules)
        for imported in graph.find_modules_directly_imported_by(module)
        if graph.chain_exists(importer=imported, imported=module)
    ]
    assert circles == []
