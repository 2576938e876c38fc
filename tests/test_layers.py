"""The apps form layers: each may import only the ones below it, so no import cycle can come back.

accounts < portal < grants < reporting < demo (the demo data loads every app, so it sits above them all).
Every import is checked, also the ones inside functions, and in every module of the app (migrations too).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["accounts", "portal", "grants", "reporting", "demo"]


def imported_apps(path):
    """The top-level packages of the project a module imports (absolute imports; relative ones stay inside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


def higher_imports(app):
    allowed_above = set(LAYERS[LAYERS.index(app) + 1 :])
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        for line, imported in imported_apps(path):
            if imported in allowed_above:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    return found


@pytest.mark.parametrize("app", LAYERS[:-1])
def test_an_app_never_imports_a_higher_layer(app):
    assert higher_imports(app) == []


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def load():\n    from grants.demo import awards\n    import reporting.demo\n")
    assert list(imported_apps(module)) == [(2, "grants"), (3, "reporting")]
