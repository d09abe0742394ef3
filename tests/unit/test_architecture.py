"""The code's shape stays as README describes it: features import only the features
below them, no module grows past what one reader holds in mind, no package swallows
the application."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "hiring"
MAX_MODULE_LINES = 500
MAX_PACKAGE_SHARE = 0.20


def test_features_import_only_the_features_below_them() -> None:
    # The layers are in pyproject.toml ([tool.importlinter]); the report names every
    # import that breaks them, with the chain that leads to it. A process of its own:
    # the linter reconfigures logging, which the other tests read.
    linter = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(linter), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 kept, 0 broken" in run.stdout


def _lines() -> dict[Path, int]:
    return {
        path: len(path.read_text(encoding="utf-8").splitlines()) for path in PACKAGE.rglob("*.py")
    }


def test_no_module_is_longer_than_a_reader_holds_in_mind() -> None:
    too_long = {
        str(path.relative_to(ROOT)): count
        for path, count in _lines().items()
        if count > MAX_MODULE_LINES
    }
    assert too_long == {}


def test_no_package_holds_more_than_a_fifth_of_the_application() -> None:
    lines = _lines()
    total = sum(lines.values())
    per_package: Counter[str] = Counter()
    for path, count in lines.items():
        parts = path.relative_to(PACKAGE).parts
        if len(parts) > 1:
            per_package[parts[0]] += count
    too_big = {
        name: f"{count / total:.0%}"
        for name, count in per_package.items()
        if count > MAX_PACKAGE_SHARE * total
    }
    assert too_big == {}
