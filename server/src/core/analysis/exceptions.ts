/**
 * Which exceptions a documented one covers. A maintainer who writes "Raises OSError" has
 * documented `raise FileNotFoundError(…)`: callers catching the base catch it. The builtin
 * hierarchy is Python's own (3.11); a module's classes add theirs (`class ParseError(ValueError)`).
 * Pure.
 */

/** Each builtin exception's base class, as `help(builtins)` lists them. */
const BUILTIN_BASE: Readonly<Record<string, string>> = {
  Exception: 'BaseException',
  GeneratorExit: 'BaseException', KeyboardInterrupt: 'BaseException', SystemExit: 'BaseException',
  ArithmeticError: 'Exception', FloatingPointError: 'ArithmeticError', OverflowError: 'ArithmeticError',
  ZeroDivisionError: 'ArithmeticError',
  AssertionError: 'Exception', AttributeError: 'Exception', BufferError: 'Exception', EOFError: 'Exception',
  ImportError: 'Exception', ModuleNotFoundError: 'ImportError',
  LookupError: 'Exception', IndexError: 'LookupError', KeyError: 'LookupError',
  MemoryError: 'Exception', NameError: 'Exception', UnboundLocalError: 'NameError',
  OSError: 'Exception', BlockingIOError: 'OSError', ChildProcessError: 'OSError', ConnectionError: 'OSError',
  BrokenPipeError: 'ConnectionError', ConnectionAbortedError: 'ConnectionError',
  ConnectionRefusedError: 'ConnectionError', ConnectionResetError: 'ConnectionError',
  FileExistsError: 'OSError', FileNotFoundError: 'OSError', InterruptedError: 'OSError',
  IsADirectoryError: 'OSError', NotADirectoryError: 'OSError', PermissionError: 'OSError',
  ProcessLookupError: 'OSError', TimeoutError: 'OSError',
  ReferenceError: 'Exception', RuntimeError: 'Exception', NotImplementedError: 'RuntimeError',
  RecursionError: 'RuntimeError', StopAsyncIteration: 'Exception', StopIteration: 'Exception',
  SyntaxError: 'Exception', IndentationError: 'SyntaxError', TabError: 'IndentationError',
  SystemError: 'Exception', TypeError: 'Exception', ValueError: 'Exception', UnicodeError: 'ValueError',
  UnicodeDecodeError: 'UnicodeError', UnicodeEncodeError: 'UnicodeError', UnicodeTranslateError: 'UnicodeError',
  // The standard library's best-known subclasses, raised by name in many projects.
  JSONDecodeError: 'ValueError', UnsupportedOperation: 'OSError',
};

/** A class name as the hierarchy knows it: `errors.ParseError` → `ParseError`. */
const lastPart = (name: string) => name.trim().split('.').pop()!;

/**
 * The classes a raised exception derives from, nearest first: its module's own classes
 * (`local`: class name → its bases as written) and then the builtins. Unknown bases end the
 * chain; a cycle cannot loop.
 */
export function ancestorsOf(raised: string, local: ReadonlyMap<string, readonly string[]> = new Map()): string[] {
  const found: string[] = [];
  const seen = new Set<string>([lastPart(raised)]);
  let frontier = [lastPart(raised)];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const name of frontier) {
      const bases = local.get(name) ?? (Object.hasOwn(BUILTIN_BASE, name) ? [BUILTIN_BASE[name]!] : []);
      for (const base of bases.map(lastPart)) {
        if (seen.has(base)) continue;
        seen.add(base);
        found.push(base);
        next.push(base);
      }
    }
    frontier = next;
  }
  return found;
}

/**
 * A host's reach into other modules: the classes that class `name`, as module `module` (as an
 * import writes it, `.errors` relative to the file) defines or re-exports it, derives from,
 * nearest first, or undefined when the module cannot be found. The core never reads files.
 */
export type ForeignClasses = (module: string, name: string) => readonly string[] | undefined;

/** Whether a builtin exception (so its ancestors are known without a module). */
export function isBuiltinException(name: string): boolean {
  return Object.hasOwn(BUILTIN_BASE, lastPart(name)) || lastPart(name) === 'BaseException';
}
