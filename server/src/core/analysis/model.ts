/**
 * Plain data produced by the analysis. Lines and columns are 0-based; columns count UTF-16
 * code units, which is what LSP uses by default. Nothing here refers to tree-sitter.
 */

export interface Span {
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
}

export type ParamKind = 'positional-only' | 'regular' | 'var-positional' | 'keyword-only' | 'var-keyword';

export interface Parameter {
  name: string;
  kind: ParamKind;
  annotation?: string;
  default?: string;
}

export type MethodKind = 'instance' | 'class' | 'static' | 'property';

/** One increment of the cognitive complexity score, kept so the hover can explain it. */
export interface CognitiveIncrement {
  line: number;
  /** Where the construct (or, for and/or, its first operator) starts: 0-based UTF-16 column. */
  col: number;
  amount: number;
  /** e.g. "if (+1 nesting)", "and/or sequence". */
  reason: string;
  /** The construct alone: `if`, `elif`, `except`, `conditional expression`, `and`, `and, or`... */
  construct: string;
  /** The nesting level it paid for (amount = 1 + nesting); undefined for the flat +1s (elif, else, and/or). */
  nesting?: number;
}

export type Rank = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

export interface Metrics {
  /** McCabe cyclomatic complexity counted by radon 5.1's rules. */
  cyclomatic: number;
  /**
   * Decision points in the scope's own code (radon's count). For a function it is
   * cyclomatic - 1; a class's cyclomatic averages over its methods, this does not.
   */
  decisions: number;
  rank: Rank;
  /** SonarSource cognitive complexity, as sonar-python counts it (nested functions included). */
  cognitive: number;
  cognitiveIncrements: CognitiveIncrement[];
  /** Deepest nesting of if/for/while/try/with/match blocks inside the body. */
  nesting: number;
  booleanOperators: number;
  calls: number;
  statements: number;
  lines: number;
}

export interface Docstring {
  /** The literal as written, prefix and quotes included. */
  raw: string;
  /** The text between the quotes (escape sequences left as written). */
  value: string;
  span: Span;
}

export interface Attribute {
  name: string;
  annotation?: string;
}

export type DefinitionKind = 'function' | 'class';
export type ParentKind = 'module' | 'class' | 'function';

export interface Definition {
  kind: DefinitionKind;
  name: string;
  /** Python's __qualname__: `Outer.method.<locals>.inner`. */
  qualname: string;
  /** From the `def`/`class` keyword (or `async`) to the end of the body. */
  span: Span;
  nameSpan: Span;
  /** Where the definition starts including its decorators. */
  decoratedStartLine: number;
  parentKind: ParentKind;
  /** Index into ModuleAnalysis.definitions of the enclosing definition, or -1. */
  parentIndex: number;
  decorators: string[];
  isAsync: boolean;
  /** Functions only. */
  parameters: Parameter[];
  returnAnnotation?: string;
  isGenerator: boolean;
  /** Generators only: some `yield` hands out a value (`yield x`, `yield from xs`), not only a bare `yield`. */
  yieldsValue?: boolean;
  methodKind?: MethodKind;
  /** Classes only: the base-class list as written. */
  bases: string[];
  docstring?: Docstring;
  /**
   * True when the body starts with any string literal (f-strings and concatenations too).
   * pydocstyle counts those as present for D1xx, so the presence checks use this flag.
   */
  hasDocstringToken: boolean;
  /** Exception names raised in the function's own body (`raise X(...)`, `raise X`). */
  raises: string[];
  /** Those of `raises` raised only with a message saying the case cannot happen ("Unexpected error"). */
  guardRaises?: string[];
  /** Those raised with a message saying "not implemented" (`raise AttributeError('not implemented')`). */
  notImplementedRaises?: string[];
  /** Calls its own name (or self./cls. of it for methods). */
  recursive: boolean;
  globals: string[];
  nonlocals: string[];
  lambdas: number;
  returnsValue: boolean;
  /** Has a `return None` written out: its author decided what it returns. */
  returnsNoneExplicitly?: boolean;
  /** Its own parameters it hands to `super().__init__(...)`, by name or as `name=name`. */
  forwardedToSuper: string[];
  /** Every value it returns is a call's result (`return helper(x)`): it hands back what another function gives. */
  returnsOnlyCalls: boolean;
  /** With `returnsOnlyCalls`, what is called when each is a plain name or `self.`/`cls.` one (`helper`, `self._close`). */
  returnedCallees?: string[];
  /** A method whose every returned value is a new `cls(...)`: an alternate constructor. */
  returnsNewInstance?: boolean;
  /** Any `raise` statement in its own body, bare re-raises included. */
  hasRaiseStatement: boolean;
  /** The body is only a docstring, `pass`, `...` and `raise` statements. */
  isStub: boolean;
  /** Classes: public attributes annotated in the class body or assigned to `self.` in `__init__`. */
  attributes: Attribute[];
  /** The definition contains a syntax error: consumers that edit code must skip it. */
  hasSyntaxError: boolean;
  metrics: Metrics;
}

export interface ModuleAnalysis {
  definitions: Definition[];
  docstring?: Docstring;
  hasDocstringToken: boolean;
  /** Names in a literal top-level `__all__`, or null when absent or not a plain literal. */
  dunderAll: string[] | null;
  /** Metrics of the module's own top-level code (definitions excluded). */
  metrics: Metrics;
  lineCount: number;
  syntaxErrors: Span[];
}
