"""The verbs that write (each app's actions.py, and every public function that runs in a transaction of
its own, wherever it lives) and the functions that decide who may do what (the access modules) say in
their signatures what they take and give: every one annotates each parameter and its return, so a new
verb or rule cannot arrive untyped."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "cchc"
MODULES = sorted(
    {
        *PACKAGE.glob("*/actions.py"),
        *PACKAGE.glob("*/access.py"),
        PACKAGE / "orgunits" / "roles.py",
        PACKAGE / "signatures" / "rules.py",
    }
)


def untyped(path, only_atomic=False):
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name.startswith("_"):
            continue
        if only_atomic and not any("transaction.atomic" in ast.unparse(d) for d in node.decorator_list):
            continue
        a = node.args
        params = [*a.posonlyargs, *a.args, *a.kwonlyargs, *filter(None, (a.vararg, a.kwarg))]
        missing = [p.arg for p in params if p.annotation is None]
        if node.returns is None:
            missing.append("return")
        if missing:
            yield f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name}: {', '.join(missing)}"


def test_every_action_and_access_function_is_typed():
    assert {p.parent.name for p in MODULES} >= {"reporting", "planning", "signatures", "orgunits"}
    assert [line for path in MODULES for line in untyped(path)] == []


def test_every_verb_that_runs_in_a_transaction_is_typed():
    """@transaction.atomic marks a write verb wherever it lives (register, narrative, imports, init)."""
    paths = [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]
    found = [line for path in paths for line in untyped(path, only_atomic=True)]
    assert found == []
