import type { SeverityName } from '../../shared/settings';

export interface CodeInfo {
  code: string;
  title: string;
  peer: string;
  defaultSeverity: Exclude<SeverityName, 'off'>;
}

/** Every diagnostic code Docwright reports; docs/codes.md describes each. */
export const CODES: readonly CodeInfo[] = [
  { code: 'DW100', title: 'Missing docstring in public module', peer: 'pydocstyle D100', defaultSeverity: 'information' },
  { code: 'DW101', title: 'Missing docstring in public class', peer: 'pydocstyle D101', defaultSeverity: 'information' },
  { code: 'DW102', title: 'Missing docstring in public method', peer: 'pydocstyle D102', defaultSeverity: 'information' },
  { code: 'DW103', title: 'Missing docstring in public function', peer: 'pydocstyle D103', defaultSeverity: 'information' },
  { code: 'DW104', title: 'Missing docstring in public package', peer: 'pydocstyle D104', defaultSeverity: 'information' },
  { code: 'DW105', title: 'Missing docstring in magic method', peer: 'pydocstyle D105', defaultSeverity: 'information' },
  { code: 'DW106', title: 'Missing docstring in public nested class', peer: 'pydocstyle D106', defaultSeverity: 'information' },
  { code: 'DW107', title: 'Missing docstring in __init__', peer: 'pydocstyle D107', defaultSeverity: 'information' },
  { code: 'DW401', title: 'Parameter missing from the docstring', peer: 'pydoclint DOC101/DOC103', defaultSeverity: 'warning' },
  { code: 'DW402', title: 'Documented parameter not in the signature', peer: 'pydoclint DOC102/DOC103', defaultSeverity: 'warning' },
  { code: 'DW403', title: 'Value returned but no Returns section', peer: 'pydoclint DOC201', defaultSeverity: 'warning' },
  { code: 'DW404', title: 'Returns documented but nothing returned', peer: 'pydoclint DOC202', defaultSeverity: 'warning' },
  { code: 'DW405', title: 'Generator without a Yields section', peer: 'pydoclint DOC402', defaultSeverity: 'warning' },
  { code: 'DW406', title: 'Raised exception not documented', peer: 'pydoclint DOC501/DOC503', defaultSeverity: 'warning' },
  { code: 'DW407', title: 'Documented exception never raised', peer: 'pydoclint DOC502', defaultSeverity: 'warning' },
  { code: 'DW408', title: 'Documented type contradicts the annotation', peer: 'pydoclint DOC105/DOC203', defaultSeverity: 'warning' },
  { code: 'DW501', title: 'Docstring is a placeholder', peer: '(none)', defaultSeverity: 'information' },
  { code: 'DW901', title: 'Cyclomatic complexity too high', peer: 'ruff C901, radon cc', defaultSeverity: 'warning' },
  { code: 'DW902', title: 'Cognitive complexity too high', peer: 'Sonar S3776', defaultSeverity: 'warning' },
  { code: 'DW903', title: 'Nesting too deep', peer: 'ruff PLR1702', defaultSeverity: 'warning' },
];

export const CODE_INFO = new Map(CODES.map((c) => [c.code, c]));
