import type { Expected } from './expect';
import { contradicts, documentsException } from './merge';
import { documentedNames, hasSections, type DocstringModel } from './model';

/** Docstring vs signature (DW401–DW408), as pydoclint checks it. Pure. */

export interface DocstringProblem {
  code: string;
  message: string;
}

export function checkDocstring(doc: DocstringModel, expected: Expected): DocstringProblem[] {
  // Like pydoclint's default, a docstring with no sections at all is a short one: not checked.
  if (expected.skipChecks || expected.kind === 'module' || !hasSections(doc)) return [];
  const problems: DocstringProblem[] = [];
  const add = (code: string, message: string) => problems.push({ code, message });
  const checkParams = expected.params && !(expected.kind === 'class' && doc.params.length === 0);
  if (checkParams) {
    const documented = new Set(doc.params.flatMap(documentedNames));
    for (const p of expected.params!) {
      if (!documented.has(p.bare)) add('DW401', `Parameter \`${p.name}\` is missing from the docstring`);
    }
    const inSignature = new Set(expected.params!.map((p) => p.bare));
    if (!expected.acceptsKeywords) {
      for (const d of doc.params) {
        if (!documentedNames(d).some((n) => inSignature.has(n))) add('DW402', `Documented parameter \`${d.name}\` is not in the signature`);
      }
    }
    for (const d of doc.params) {
      const p = expected.params!.find((e) => documentedNames(d).includes(e.bare));
      if (p?.type && d.type && contradicts(d.type, p.type)) {
        add('DW408', `Documented type \`${d.type}\` of \`${d.name}\` contradicts the annotation \`${p.type}\``);
      }
    }
  }
  if (expected.returns === 'required' && doc.returns.length === 0) add('DW403', 'A value is returned but the docstring has no Returns section');
  if (expected.returns === 'forbidden' && doc.returns.length > 0) add('DW404', 'The docstring has a Returns section but nothing is returned');
  const returned = doc.returns[0];
  if (expected.returnType && returned?.type && doc.returns.length === 1 && contradicts(returned.type, expected.returnType)) {
    add('DW408', `Documented return type \`${returned.type}\` contradicts the annotation \`${expected.returnType}\``);
  }
  if (expected.yields === 'required' && doc.yields.length === 0) add('DW405', 'A generator without a Yields section');
  for (const raised of expected.raises) {
    if (!doc.raises.some((r) => documentsException(r.type, raised))) add('DW406', `\`${raised}\` is raised but not documented`);
  }
  if (expected.raisesForbidden && doc.raises.length > 0) {
    add('DW407', `Documented exception${doc.raises.length > 1 ? 's' : ''} ${doc.raises.map((r) => `\`${r.type}\``).join(', ')} never raised`);
  }
  return problems;
}
