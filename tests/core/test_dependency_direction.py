"""Each dependency between the apps points one way (STYLE.md: reporting uses the form and the units,
consolidation reads reporting, nothing imports upward). Every import of the package is read with `ast`,
those inside functions included — an import moved into a function to dodge a cycle is still one — so a
cycle that was broken cannot come back silently."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "cchc"


def _module(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports():
    """{module: {imported module or name, fully qualified}} for every module of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = _module(path)
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module
                found.add(source)
                found.update(f"{source}.{a.name}" for a in node.names)
        out[module] = found
    return out


IMPORTS = imports()


def offenders(importer, imported):
    """Modules under `importer` that import anything under `imported`."""
    return sorted(
        m
        for m, names in IMPORTS.items()
        if m == importer or m.startswith(importer + ".")
        if any(n == imported or n.startswith(imported + ".") for n in names)
    )


@pytest.mark.parametrize(
    "lower, upper",
    [
        ("cchc.catalog", "cchc.reporting"),  # the form sits below the reports that fill it
        ("cchc.catalog", "cchc.consolidation"),
        ("cchc.audit", "cchc.orgunits"),  # the units log their changes: the log knows nothing of them
        ("cchc.audit", "cchc.reporting"),
        ("cchc.consolidation", "cchc.reporting.views_files"),  # no app reaches into another's pages
    ],
)
def test_it_never_imports_upward(lower, upper):
    assert offenders(lower, upper) == []


def test_no_module_imports_another_apps_views():
    """Pages are leaves: what two apps' pages share lives in a module that is not a view
    (cchc.reporting.downloads: the file downloads and the page saying why one failed)."""
    found = []
    for module, names in IMPORTS.items():
        app = module.split(".")[1] if module.count(".") else ""
        for name in names:
            parts = name.split(".")
            if len(parts) >= 3 and parts[0] == "cchc" and parts[1] != app and parts[2].startswith("views"):
                found.append(f"{module} → {name}")
    assert found == []


def test_the_reader_sees_imports_inside_functions():
    """The check itself: catalog.editing once imported reporting's Value inside functions only."""
    assert offenders("cchc.orgunits", "cchc.audit") != []  # the allowed direction is seen
    assert "cchc.reporting.board_files" in IMPORTS["cchc.management.commands.status"]  # imported in handle()
