"""The scripts behind docs/ still import against the package: each answers --help with its purpose."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = sorted((Path(__file__).resolve().parents[1] / "docs" / "experiments").glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_imports_and_describes_itself(script: Path):
    purpose = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))).splitlines()[0]
    result = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert " ".join(purpose.split()[:4]) in " ".join(result.stdout.split())
