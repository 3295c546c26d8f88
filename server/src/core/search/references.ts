import type { Node } from 'web-tree-sitter';
import type { ModuleAnalysis } from '../analysis/model';

/**
 * What a module's code refers to, read from its syntax tree: the callee of each call, by the
 * definition (not local to a function) whose body holds it, and the names its imports bind.
 * The export resolves these against the definitions it documents (crossReferences.ts). Pure.
 */

export interface ModuleReferences {
  /** Per index of ModuleAnalysis.definitions: the callees as written (`helper`, `self.add`, `json.dumps`), each once. */
  calls: string[][];
  /** Local name → what it imports, relative imports as written: `dumps` → `json.dumps`, `cart` → `.cart`. */
  imports: Record<string, string>;
}

export function readReferences(root: Node, analysis: ModuleAnalysis): ModuleReferences {
  const byPosition = new Map<string, number>();
  analysis.definitions.forEach((d, i) => {
    if (d.parentKind !== 'function') byPosition.set(`${d.nameSpan.startLine}:${d.nameSpan.startCol}`, i);
  });
  const calls: Set<string>[] = analysis.definitions.map(() => new Set());
  for (const call of root.descendantsOfType('call')) {
    const callee = call?.childForFieldName('function');
    if (!callee || (callee.type !== 'identifier' && callee.type !== 'attribute')) continue;
    const owner = enclosingDefinition(call!, byPosition);
    if (owner !== undefined) calls[owner]!.add(callee.text.replace(/\s+/g, ''));
  }
  return { calls: calls.map((set) => [...set]), imports: readImports(root) };
}

/** The nearest enclosing def or class that the export documents (a local's calls count as its owner's). */
function enclosingDefinition(node: Node, byPosition: Map<string, number>): number | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type !== 'function_definition' && n.type !== 'class_definition') continue;
    const name = n.childForFieldName('name');
    const index = name ? byPosition.get(`${name.startPosition.row}:${name.startPosition.column}`) : undefined;
    if (index !== undefined) return index;
  }
  return undefined;
}

function readImports(root: Node): Record<string, string> {
  const imports: Record<string, string> = {};
  for (const statement of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!statement) continue;
    const from = statement.type === 'import_from_statement' ? statement.childForFieldName('module_name')?.text ?? '' : undefined;
    for (const name of statement.childrenForFieldName('name')) {
      if (!name) continue;
      const target = name.type === 'aliased_import' ? name.childForFieldName('name')?.text ?? '' : name.text;
      const alias = name.type === 'aliased_import' ? name.childForFieldName('alias')?.text ?? target : target;
      if (from === undefined) imports[name.type === 'aliased_import' ? alias : target.split('.')[0]!] = name.type === 'aliased_import' ? target : target.split('.')[0]!;
      else imports[alias] = from.endsWith('.') ? `${from}${target}` : `${from}.${target}`;
    }
  }
  return imports;
}
