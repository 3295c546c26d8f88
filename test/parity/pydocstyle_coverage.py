"""Count what pydocstyle's D100-D107 check in each file, with pydocstyle's own parser.

For every Python file under the paths given, prints one JSON object per line:
{"file": path, "total": n, "documented": n}. ``total`` counts the definitions
pydocstyle 6.2's check_docstring_missing would report when their docstring is
missing: public ones, overloads of functions and methods left out; ``documented``
those of them whose body starts with a string. A file pydocstyle cannot parse
is printed with "error". Run it with the Python that has pydocstyle
(Debian: python3-pydocstyle).
"""

import json
import os
import sys

from pydocstyle.parser import (
    Class,
    Function,
    Method,
    Module,
    NestedClass,
    NestedFunction,
    Package,
    ParseError,
    Parser,
)


def is_checked(definition):
    """Whether D100-D107 would report this definition without a docstring."""
    if isinstance(definition, NestedFunction) or not definition.is_public:
        return False
    if isinstance(definition, Method):
        return definition.is_magic or definition.is_init or not definition.is_overload
    if isinstance(definition, Function):
        return not definition.is_overload
    return isinstance(definition, (Module, Package, Class, NestedClass))


def count(path):
    """The checked and documented definitions of one file."""
    with open(path, encoding="utf-8") as source:
        try:
            module = Parser()(source, path)
        except (ParseError, SyntaxError, UnicodeDecodeError) as error:
            return {"file": path, "error": str(error)}
    checked = [d for d in module if is_checked(d)]
    documented = [d for d in checked if d.docstring]
    return {"file": path, "total": len(checked), "documented": len(documented)}


def python_files(paths):
    """The .py files under each path, in a stable order."""
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        for folder, folders, files in os.walk(path):
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    yield os.path.join(folder, name)


def main():
    """Print one line per file."""
    for path in python_files(sys.argv[1:]):
        print(json.dumps(count(path)))


if __name__ == "__main__":
    main()
