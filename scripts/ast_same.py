"""Invariant 1 at scale: each module is the same program with docstrings stripped.

Usage: ast_same.py BEFORE_DIR AFTER_DIR
Prints one JSON object: counts and the first differences.
"""
import ast
import json
import os
import sys
import warnings

warnings.simplefilter("ignore")


def strip_docstrings(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                node.body = body[1:]
    return ast.dump(tree, include_attributes=False)


def parse(path):
    with open(path, "rb") as handle:
        return ast.parse(handle.read(), filename=path)


def main(before_dir, after_dir):
    result = {"files": 0, "changed": 0, "identical_ast": 0, "unparsable_before": 0,
              "new_syntax_errors": [], "ast_differs": []}
    for root, _dirs, names in os.walk(before_dir):
        for name in sorted(names):
            if not name.endswith(".py"):
                continue
            before = os.path.join(root, name)
            after = os.path.join(after_dir, os.path.relpath(before, before_dir))
            result["files"] += 1
            with open(before, "rb") as a, open(after, "rb") as b:
                if a.read() != b.read():
                    result["changed"] += 1
            try:
                old = parse(before)
            except (SyntaxError, ValueError):
                result["unparsable_before"] += 1
                continue
            try:
                new = parse(after)
            except (SyntaxError, ValueError) as error:
                result["new_syntax_errors"].append(f"{after}: {error}")
                continue
            if strip_docstrings(old) == strip_docstrings(new):
                result["identical_ast"] += 1
            else:
                result["ast_differs"].append(after)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
