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
