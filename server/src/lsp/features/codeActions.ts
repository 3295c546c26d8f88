import {
  CodeActionKind, type CancellationToken, type CodeAction, type Command, type Connection, type Diagnostic, type Range,
  type ServerCapabilities, type TextEdit as LspTextEdit, type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { z } from 'zod';
import type { Tree } from 'web-tree-sitter';
import { findings, type Finding } from '../../core/rules/findings';
import { isInFamily, type FamilyName } from '../../core/rules/registry';
import type { ModuleAnalysis } from '../../core/analysis/model';
import { planEach, planFile, refusal, slotsToDocument, type Action, type DocumentOptions, type FileInput, type FilePlan, type SlotRequest } from '../../core/docstring/engine';
import { definitionNodeAt, docstringNode, type TextEdit } from '../../core/docstring/edit';
import { DOCSTRING_STYLES, hasSections, placeholderRanges, type DocstringStyle } from '../../core/docstring/model';
import type { DocstringProvider, DocstringRequest } from '../../core/docstring/provider';
import { parserInput } from '../../core/parse/ipython';
import { recordingProvider, type Estimate } from '../../core/documenting/estimate';
import { slotOf, type DocstringSlot } from '../../core/docstring/targets';
import { snippetOf } from '../../core/docstring/snippet';
import { INSERT_SNIPPET_COMMAND, type InsertSnippetArgs } from '../../shared/protocol';
import type { ClientSupport } from '../clientFeatures';
import type { LlmHooks } from '../llm';
import { codeActionParams, executeCommandParams, signalOf, throwIfCancelled, validated, type CodeActionRequest } from '../requests';
import { foreignFor, type Session } from '../session';
import { moduleIdentity } from '../uri';
import type { ForeignClasses } from '../../core/analysis/exceptions';

/**
 * Docstring code actions: quick fixes for DW1xx (generate), DW4xx (update) and DW501 (fill in),
 * generate / update / convert on a def or class, and a source action for the whole file. LSP in,
 * the docstring engine's plan out, as a versioned WorkspaceEdit (or, for a new docstring in a
 * client that runs it, the snippet command).
 */

export const GENERATE_ALL_KIND = `${CodeActionKind.Source}.docwright.generateDocstrings`;
export const ACTION_KINDS = [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, GENERATE_ALL_KIND, CodeActionKind.RefactorExtract];

export interface ActionContext {
  document: TextDocument;
  tree: Tree;
  analysis: ModuleAnalysis;
  /** The module's path, for the module name and publicity rules. */
  path: string;
  findings: Finding[];
  parse: (text: string, old?: Tree) => Tree;
  provider: DocstringProvider;
  options: DocumentOptions;
  client: ClientSupport;
  /** Set when an LLM provider writes the text: actions are computed only when chosen. */
  llm?: LlmHooks;
  /** Aborted when the client cancels the request: planning stops (the caller answers RequestCancelled). */
  signal?: AbortSignal;
  /** The reach into other modules, so an update agrees with the diagnostics on raised classes. */
  foreign?: ForeignClasses;
}

/**
 * What a lazy action carries to its resolve (or command): it makes a round trip through the
 * client, so it is read back through this schema.
 */
export const resolveDataSchema = z.object({
  uri: z.string(),
  version: z.number().int(),
  requests: z.array(z.object({
    index: z.number().int().min(-1),
    action: z.union([z.enum(['generate', 'update', 'regenerate']), z.object({ convertTo: z.enum(['google', 'numpy', 'sphinx'] as const satisfies readonly DocstringStyle[]) })]),
  })),
});
export type ResolveData = z.infer<typeof resolveDataSchema>;

/** A code action to resolve: ours carry their ResolveData; one without data is handed back as it came. */
export const resolveParamsSchema = z.looseObject({ title: z.string(), data: resolveDataSchema.optional() });

/** The command an LLM action runs in clients that cannot resolve code actions lazily. */
export const APPLY_COMMAND = 'docwright.applyDocstrings';

export const STYLE_NAMES: Record<DocstringStyle, string> = { google: 'Google', numpy: 'NumPy', sphinx: 'Sphinx' };

export const capabilities: ServerCapabilities = {
  codeActionProvider: { codeActionKinds: ACTION_KINDS, resolveProvider: true },
  executeCommandProvider: { commands: [APPLY_COMMAND] },
};

export function register(connection: Connection, session: Session): void {
  connection.onCodeAction(async (raw: unknown, token) => {
    const params = validated(codeActionParams, raw, 'textDocument/codeAction');
    const ctx = await actionContext(session, params.textDocument.uri, token);
    const actions = ctx ? await codeActions(params, ctx, session.client.actions.resolve) : [];
    for (const contribute of session.contributions.codeActions) actions.push(...await contribute(params, token));
    throwIfCancelled(token, 'textDocument/codeAction');
    return ctx || actions.length ? actions : null;
  });

  connection.onCodeActionResolve(async (action: CodeAction, token) => {
    const { data } = validated(resolveParamsSchema, action, 'codeAction/resolve');
    const ctx = data ? await actionContext(session, data.uri, token) : null;
    if (!ctx || !data) return action;
    const resolved = await resolveAction(action, data, ctx);
    throwIfCancelled(token, 'codeAction/resolve');
    return resolved;
  });

  connection.onExecuteCommand(async (raw: unknown, token) => {
    const { command, arguments: args } = validated(executeCommandParams, raw, 'workspace/executeCommand');
    if (command !== APPLY_COMMAND) return null;
    const data = validated(resolveDataSchema, args?.[0], `workspace/executeCommand ${APPLY_COMMAND} arguments.0`);
    const ctx = await actionContext(session, data.uri, token);
    if (!ctx) return null;
    const result = await commandEdit(data, ctx);
    if (result.edit) await connection.workspace.applyEdit({ label: 'Docwright: docstrings', edit: result.edit });
    if (result.skipped.length) void connection.window.showWarningMessage(`Docwright left ${result.skipped.length} alone: ${result.skipped.join('; ')}`);
    return null;
  });
}

/** Everything a docstring action needs about an open document, or null when it is skipped. */
async function actionContext(session: Session, uri: string, token?: CancellationToken): Promise<ActionContext | null> {
  const entry = session.documents.get(uri);
  if (!entry || entry.skipped) return null;
  const settings = await session.settings.for(uri);
  const analysis = session.currentAnalysis(entry, settings); // a pending publish still runs (see the hover)
  session.documents.ensureTree(entry, settings);
  if (!analysis || !entry.tree || !settings.enable) return null;
  const module = moduleIdentity(uri);
  const path = module.path;
  const source = entry.document.getText();
  const foreign = foreignFor(session, uri);
  // A file in no workspace folder is its own style sample: nothing around it is walked.
  const writing = session.settings.writingOptions(path, settings, source);
  const llm = session.llm.for(settings);
  return {
    document: entry.document,
    tree: entry.tree,
    analysis,
    path,
    findings: findings(analysis, module, source, settings, session.docstrings, foreign),
    ...(foreign ? { foreign } : {}),
    parse: (text, old) => session.verifier.parse(parserInput(text, entry.ipython), old ?? null)!,
    provider: llm?.provider ?? session.template,
    ...(llm ? { llm: llm.hooks } : {}),
    options: { ...writing, staleChecks: settings.staleChecks },
    client: session.client.actions,
    ...(token ? { signal: signalOf(token) } : {}),
  };
}

export async function codeActions(params: CodeActionRequest, ctx: ActionContext, lazyFileAction: boolean): Promise<CodeAction[]> {
  const wanted = (kind: string) => !params.context.only || params.context.only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const actions: CodeAction[] = [];
  const offered = new Set<number>();
  if (wanted(CodeActionKind.QuickFix)) {
    const groups = diagnosticsBySlot(params.context.diagnostics, ctx.analysis);
    const stale = new Map([...groups].map(([i, g]) => [i, g.filter((d) => !isInFamily(d.code, 'placeholder'))] as const).filter(([, g]) => g.length > 0));
    for (const action of await quickFixes(ctx, stale, params.range)) {
      actions.push(action.action);
      offered.add(action.index);
    }
    for (const [index, group] of groups) {
      const placeholders = group.filter((d) => isInFamily(d.code, 'placeholder'));
      const fill = placeholders.length ? await placeholderFix(ctx, index) : undefined;
      if (fill) actions.push({ ...fill, diagnostics: placeholders, isPreferred: !stale.has(index) });
    }
  }
  const index = definitionAtCursor(ctx, params.range.start.line);
  if (index !== undefined && wanted(CodeActionKind.RefactorRewrite)) {
    const slot = slotOf(ctx.analysis, index, ctx.path);
    if (!offered.has(index)) {
      const action = await single(ctx, index, slot.existing ? 'update' : 'generate', CodeActionKind.RefactorRewrite);
      if (action) actions.push(action);
    }
    if (slot.existing && ctx.llm) {
      const action = await single(ctx, index, 'regenerate', CodeActionKind.RefactorRewrite);
      if (action) actions.push(action);
    }
    if (slot.existing && hasSections(slot.existing.model)) {
      for (const style of DOCSTRING_STYLES.filter((s) => s !== slot.existing!.style)) {
        const action = await single(ctx, index, { convertTo: style }, CodeActionKind.RefactorRewrite);
        if (action) actions.push(action);
      }
    }
  }
  if (wanted(GENERATE_ALL_KIND)) {
    const requests = slotsToDocument(ctx.analysis, ctx.findings, 'missing');
    if (requests.length > 0) {
      const action: CodeAction = { title: `Generate ${requests.length} missing docstring${requests.length === 1 ? '' : 's'} in file${ctx.llm ? ` with ${ctx.llm.model}` : ''}`, kind: GENERATE_ALL_KIND };
      if (lazyFileAction || ctx.llm) actions.push(lazy(action, ctx, requests));
      else {
        action.edit = toWorkspaceEdit(ctx, await plan(ctx, requests));
        actions.push(action);
      }
    }
  }
  return actions;
}

/** An action whose edit is computed when chosen: by codeAction/resolve, or by a command. */
function lazy(action: CodeAction, ctx: ActionContext, requests: SlotRequest[]): CodeAction {
  const data: ResolveData = { uri: ctx.document.uri, version: ctx.document.version, requests };
  if (ctx.client.resolve) action.data = data;
  else action.command = { title: action.title, command: APPLY_COMMAND, arguments: [data] };
  return action;
}

/** Fills in the edit of a lazily listed action, for the document as it is now. */
export async function resolveAction(action: CodeAction, data: ResolveData, ctx: ActionContext): Promise<CodeAction> {
  const result = await computeLazy(data, ctx);
  if (!result) return action;
  action.edit = toWorkspaceEdit(ctx, result);
  if (result.skipped.length) action.title += ` (${result.skipped.length} left alone)`;
  return action;
}

/** The edit of a lazy action for clients that run it as a command; undefined if declined or empty. */
export async function commandEdit(data: ResolveData, ctx: ActionContext): Promise<{ edit?: WorkspaceEdit; skipped: string[] }> {
  const result = await computeLazy(data, ctx);
  if (!result) return { skipped: [] };
  return { ...(result.edits.length ? { edit: toWorkspaceEdit(ctx, result) } : {}), skipped: result.skipped.map((s) => `${s.qualname}: ${s.reason}`) };
}

/**
 * With an LLM: what would be sent is estimated first (nothing sent), and the user is asked
 * when the run covers several functions or one request is above the threshold.
 */
async function computeLazy(data: ResolveData, ctx: ActionContext): Promise<FilePlan | undefined> {
  // The document may have changed since the action was listed: re-anchor by asking again.
  // An index past the definitions (a client's own data) names no slot.
  const requests = (ctx.document.version === data.version ? data.requests : currentRequests(data.requests, ctx))
    .filter((r) => r.index < ctx.analysis.definitions.length);
  if (!ctx.llm) return plan(ctx, requests);
  const recorder = recordingProvider();
  await plan(ctx, requests, recorder);
  const estimate = ctx.llm.estimate(recorder.requests);
  const needsConfirm = estimate.requests > 0 && (recorder.requests.length > 1 || estimate.maxTokens > ctx.llm.confirmAboveTokens);
  if (needsConfirm && !(await ctx.llm.confirm(estimateMessage(ctx.llm.model, estimate)))) return undefined;
  ctx.llm.beginRun();
  try {
    return await plan(ctx, requests);
  } finally {
    ctx.llm.finishRun();
  }
}

function currentRequests(requests: SlotRequest[], ctx: ActionContext): SlotRequest[] {
  if (requests.length > 1) return slotsToDocument(ctx.analysis, ctx.findings, 'missing');
  return requests; // one slot: the plan re-reads it by index; an edit for a stale version is refused by the client
}

export function estimateMessage(model: string, e: Estimate): string {
  const usd = e.usd > 0 ? `~$${e.usd.toFixed(4)} at most` : 'no known price';
  const fits = e.fits ? '' : ` Only part of it fits the budget (${e.remaining.tokens} tokens / $${e.remaining.usd.toFixed(4)} left): the rest will be skipped.`;
  return `Docwright will send ${e.requests} request${e.requests === 1 ? '' : 's'} to ${model} for ${e.functions} docstring${e.functions === 1 ? '' : 's'}: `
    + `${e.promptTokens} prompt tokens (up to ${e.maxTokens} with output), ${usd}; ${e.cacheHits} from the cache at no cost.${fits}`;
}

/** The title of a one-slot action. */
function actionTitle(ctx: ActionContext, index: number, qualname: string, action: Action): string {
  const name = index < 0 ? 'module' : `\`${qualname}\``;
  const verb = action === 'generate' ? 'Generate' : action === 'update' ? 'Update' : 'Regenerate';
  return typeof action === 'object'
    ? `Convert docstring of ${name} to ${STYLE_NAMES[action.convertTo]} style`
    : `${verb} docstring for ${name}${ctx.llm ? ` with ${ctx.llm.model}` : ''}`;
}

/**
 * Quick fixes computed at once, at most: each edit is proven alone by re-parsing the whole file,
 * so a request carrying a whole file's diagnostics would cost a parse per diagnostic. Those of
 * the diagnostics on the requested lines (a lightbulb's line has one or two) are computed; the
 * rest are listed lazily, computed when chosen.
 */
const EAGER_QUICK_FIXES = 5;

/** One quick fix per slot named by the diagnostics; the eager ones planned in one pass over the file. */
async function quickFixes(ctx: ActionContext, groups: Map<number, Diagnostic[]>, range: Range): Promise<{ index: number; action: CodeAction }[]> {
  const requests: SlotRequest[] = [...groups].map(([index, group]) => ({ index, action: group.some((d) => isInFamily(d.code, 'stale')) ? 'update' : 'generate' }));
  const inRange = (r: SlotRequest) => groups.get(r.index)!.some((d) => d.range.start.line <= range.end.line && d.range.end.line >= range.start.line);
  const eager = ctx.llm ? [] : requests.filter(inRange).slice(0, EAGER_QUICK_FIXES);
  const plans = await planEach(planInput(ctx), eager, ctx.provider, ctx.options, ctx.signal);
  const planned = new Set(eager.map((r) => r.index));
  const fixes: { index: number; action: CodeAction }[] = [];
  for (const request of requests) {
    const slot = slotOf(ctx.analysis, request.index, ctx.path);
    const action = planned.has(request.index)
      ? fromPlan(ctx, request, slot.qualname, plans.get(request.index), CodeActionKind.QuickFix)
      : lazyAction(ctx, request, slot, CodeActionKind.QuickFix);
    if (!action) continue;
    action.diagnostics = groups.get(request.index)!;
    action.isPreferred = true;
    fixes.push({ index: request.index, action });
  }
  return fixes;
}


async function single(ctx: ActionContext, index: number, action: Action, kind: string): Promise<CodeAction | undefined> {
  const slot = slotOf(ctx.analysis, index, ctx.path);
  if (ctx.llm && typeof action === 'string') return lazyAction(ctx, { index, action }, slot, kind);
  return fromPlan(ctx, { index, action }, slot.qualname, await plan(ctx, [{ index, action }]), kind);
}

/** Listed without its edit, computed when chosen (with an LLM, nothing is sent until then); disabled if refused. */
function lazyAction(ctx: ActionContext, request: SlotRequest, slot: DocstringSlot, kind: string): CodeAction | undefined {
  const title = actionTitle(ctx, request.index, slot.qualname, request.action);
  const reason = refusal(slot);
  if (reason) return ctx.client.disabled ? { title, kind, disabled: { reason: `Docwright left it alone: ${reason}` } } : undefined;
  return lazy({ title, kind }, ctx, [request]);
}

/** The action for a slot's plan: its edit, disabled with the reason it was refused, or none when up to date. */
function fromPlan(ctx: ActionContext, request: SlotRequest, qualname: string, result: FilePlan | undefined, kind: string): CodeAction | undefined {
  const title = actionTitle(ctx, request.index, qualname, request.action);
  const refused = result?.skipped[0];
  if (refused) return ctx.client.disabled ? { title, kind, disabled: { reason: `Docwright left it alone: ${refused.reason}` } } : undefined;
  const written = result?.edits[0];
  if (!result || !written) return undefined; // already up to date
  // A new docstring arrives as a snippet where the client can insert one: the verified edit's
  // own text, with a tab stop on each placeholder and the cursor on the summary.
  if (request.action === 'generate' && written.kind === 'added' && ctx.client.snippetCommand && result.edits.length === 1) {
    return { title, kind, command: snippetCommand(ctx, title, written.edit) };
  }
  return { title, kind, edit: toWorkspaceEdit(ctx, result) };
}

/**
 * DW501's fix: with an LLM, it writes the descriptions (placeholders are what it may replace);
 * otherwise the docstring as it is, as a snippet with a tab stop on each placeholder. A client
 * that cannot insert snippets gets nothing: the plain edit would change nothing.
 */
async function placeholderFix(ctx: ActionContext, index: number): Promise<CodeAction | undefined> {
  if (ctx.llm) return single(ctx, index, 'generate', CodeActionKind.QuickFix);
  if (!ctx.client.snippetCommand) return undefined;
  const literal = docstringLiteral(ctx, index);
  const text = literal ? ctx.document.getText().slice(literal.startIndex, literal.endIndex) : '';
  if (!literal || placeholderRanges(text).length === 0) return undefined;
  const slot = slotOf(ctx.analysis, index, ctx.path);
  const title = `Fill in the docstring placeholders of ${index < 0 ? 'the module' : `\`${slot.qualname}\``}`;
  const edit: TextEdit = { start: literal.startIndex, end: literal.endIndex, newText: text, literalStart: 0, literalEnd: text.length };
  return { title, kind: CodeActionKind.QuickFix, command: snippetCommand(ctx, title, edit) };
}

function docstringLiteral(ctx: ActionContext, index: number) {
  if (index < 0) return docstringNode(ctx.tree.rootNode).literal;
  const definition = ctx.analysis.definitions[index]!;
  const body = definitionNodeAt(ctx.tree, definition.nameSpan.startLine, definition.nameSpan.startCol)?.childForFieldName('body');
  return body ? docstringNode(body).literal : null;
}

function snippetCommand(ctx: ActionContext, title: string, edit: TextEdit): Command {
  const doc = ctx.document;
  const args: InsertSnippetArgs = {
    uri: doc.uri,
    version: doc.version,
    range: { start: doc.positionAt(edit.start), end: doc.positionAt(edit.end) },
    snippet: snippetOf(edit.newText),
  };
  return { title, command: INSERT_SNIPPET_COMMAND, arguments: [args] };
}

function planInput(ctx: ActionContext): FileInput {
  return { path: ctx.path, source: ctx.document.getText(), tree: ctx.tree, analysis: ctx.analysis, parse: ctx.parse, ...(ctx.foreign ? { foreign: ctx.foreign } : {}) };
}

function plan(ctx: ActionContext, requests: SlotRequest[], provider: DocstringProvider = ctx.provider): Promise<FilePlan> {
  return planFile(planInput(ctx), requests, provider, ctx.options, ctx.signal);
}

function toWorkspaceEdit(ctx: ActionContext, result: FilePlan): WorkspaceEdit {
  const doc = ctx.document;
  const edits: LspTextEdit[] = result.edits.map(({ edit }) => ({
    range: { start: doc.positionAt(edit.start), end: doc.positionAt(edit.end) },
    newText: edit.newText,
  }));
  // Versioned, so a client never applies it to a document that changed since (invariant 4).
  return ctx.client.documentChanges
    ? { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] }
    : { changes: { [doc.uri]: edits } };
}

/** The rule families whose findings a docstring edit fixes. */
const FIXED_BY_A_DOCSTRING: readonly FamilyName[] = ['missing', 'stale', 'placeholder'];

function diagnosticsBySlot(diagnostics: Diagnostic[], analysis: ModuleAnalysis): Map<number, Diagnostic[]> {
  // Definitions by where their name starts, once, rather than a search per diagnostic.
  const byName = new Map<string, number>();
  analysis.definitions.forEach((def, i) => {
    const key = `${def.nameSpan.startLine}:${def.nameSpan.startCol}`;
    if (!byName.has(key)) byName.set(key, i);
  });
  const groups = new Map<number, Diagnostic[]>();
  for (const d of diagnostics) {
    const code = String(d.code ?? '');
    if (d.source !== 'docwright' || !FIXED_BY_A_DOCSTRING.some((family) => isInFamily(code, family))) continue;
    const found = byName.get(`${d.range.start.line}:${d.range.start.character}`);
    // The module's DW501 sits on its docstring, as no name is there to carry it.
    const moduleLevel = code === 'DW100' || code === 'DW104' || (code === 'DW501' && found === undefined && analysis.docstring?.span.startLine === d.range.start.line);
    const index = moduleLevel ? -1 : found;
    if (index === undefined) continue;
    const group = groups.get(index);
    if (group) group.push(d);
    else groups.set(index, [d]);
  }
  return groups;
}

/** The innermost def/class whose header (decorators to colon) or docstring holds the line. */
function definitionAtCursor(ctx: ActionContext, line: number): number | undefined {
  let found: number | undefined;
  ctx.analysis.definitions.forEach((d, i) => {
    if (line < d.decoratedStartLine || line > d.span.endLine) return;
    const node = definitionNodeAt(ctx.tree, d.nameSpan.startLine, d.nameSpan.startCol);
    const bodyRow = node?.childForFieldName('body')?.startPosition.row ?? d.nameSpan.startLine;
    const headerEnd = Math.max(d.nameSpan.startLine, bodyRow - 1);
    const inHeader = line >= d.decoratedStartLine && line <= headerEnd;
    const inDocstring = d.docstring !== undefined && line >= d.docstring.span.startLine && line <= d.docstring.span.endLine;
    if (inHeader || inDocstring) found = i;
  });
  return found;
}
