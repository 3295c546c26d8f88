"""Where each docstring of a tree of Python files is, for attributing ruff's findings to it.

Usage: docstrings.py DIR
Prints one JSON object: relative path -> [[owner, def_line, first_line, last_line, value], ...],
where owner names the module, class or function (with a counter when a name repeats), def_line
is the line of its `def`/`class` (1 for the module), first/last_line bound its docstring (0 when
it has none) and value is the docstring's value (null when none). Files that do not parse are
left out.
"""
import ast
import json
import os
import sys
import warnings

warnings.simplefilter("ignore")

DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def docstring_lines(node):
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        return body[0].lineno, body[0].end_lineno, body[0].value.value
    return 0, 0, None


def owners(tree):
    seen = {}
    out = [["<module>", 1, *docstring_lines(tree)]]

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, DEFINITIONS):
                name = prefix + child.name
                seen[name] = seen.get(name, 0) + 1
                out.append([f"{name}#{seen[name]}", child.lineno, *docstring_lines(child)])
                visit(child, name + ".")
            else:
                visit(child, prefix)

    visit(tree, "")
    return out


def main(root):
    result = {}
    for directory, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = os.path.join(directory, name)
            try:
                with open(path, "rb") as handle:
                    tree = ast.parse(handle.read(), filename=path)
            except (SyntaxError, ValueError):
                continue
            result[os.path.relpath(path, root)] = owners(tree)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
