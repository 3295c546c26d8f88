import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver';
import type { ModuleAnalysis, Span } from '../core/analysis/model';
import { findingNotes } from '../core/complexity/explain';
import { definitionNodeAt } from '../core/docstring/edit';
import { findings, type Finding } from '../core/rules/findings';
import { docsAnchor, isInFamily } from '../core/rules/registry';
import { codeDescriptionCommandUri, SkippedFileNotification, type SkippedFileParams } from '../shared/protocol';
import type { Settings } from '../shared/settings';
import type { OpenDocument } from './documents';
import type { PerDocument } from './perDocument';
import { foreignFor, type Session } from './session';
import { moduleIdentity, modulePath } from './uri';
import { BaselineMatcher, scopesOf } from '../core/rules/baseline';
import { baselinePath, type BaselineCache } from '../workspace/baseline';

/**
 * Publishes each open document's diagnostics: a burst of changes coalesced into one analysis,
 * nothing for a document that is disabled, excluded or skipped (the skip said once), and never
 * for a version that a newer change or a close has overtaken.
 */

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export class DiagnosticsPublisher {
  /** Each document's scheduled analysis, as the function that cancels it. */
  private readonly pending: PerDocument<() => void>;
  /** Why each document was last skipped, so a reason is said once. */
  private readonly reportedSkips: PerDocument<string>;
  /** The findings of each document's last analysis, for the features that show them otherwise (the lens). */
  private readonly found: PerDocument<{ analysis: ModuleAnalysis; settings: Settings; findings: Finding[] }>;

  constructor(private readonly session: Session) {
    this.pending = session.scopes.create((cancel) => cancel());
    this.reportedSkips = session.scopes.create();
    this.found = session.scopes.create();
  }

  /** Coalesces a burst of changes into one analysis; a new change cancels the pending one. */
  schedule(uri: string, delayMs: number): void {
    this.pending.delete(uri);
    const run = () => {
      this.pending.delete(uri);
      this.publish(uri).catch((error: unknown) => this.session.log(`analysis of ${uri} failed: ${String(error)}`));
    };
    if (delayMs > 0) {
      const timer = setTimeout(run, delayMs);
      this.pending.set(uri, () => clearTimeout(timer));
    } else {
      const immediate = setImmediate(run);
      this.pending.set(uri, () => clearImmediate(immediate));
    }
  }

  /** Publishes again with findings computed anew: what the document reads from other files changed. */
  refresh(uri: string): void {
    if (!this.found.get(uri)) return;
    this.found.delete(uri);
    this.schedule(uri, 0);
  }

  /** Once the document's settings are known: its size verdict, then its diagnostics. */
  afterSettings(entry: OpenDocument): void {
    const uri = entry.document.uri;
    void this.session.settings.for(uri).then((settings) => {
      if (this.session.documents.get(uri) !== entry) return;
      this.session.documents.applyLimits(entry, settings);
      this.schedule(uri, 0);
    });
  }

  private async publish(uri: string): Promise<void> {
    const { documents, connection } = this.session;
    const entry = documents.get(uri);
    if (!entry) return;
    const version = entry.document.version;
    const settings = await this.session.settings.for(uri);
    // A newer change or a close arrived while we waited: that run publishes instead.
    if (documents.get(uri) !== entry || entry.document.version !== version) return;
    const silence = this.silence(uri, entry, settings);
    if (silence) {
      if (silence !== 'disabled') this.reportSkip(uri, silence);
      this.session.forgetAnalysis(uri);
      void connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    const analysis = this.session.currentAnalysis(entry, settings);
    if (!analysis) return;
    void connection.sendDiagnostics({ uri, version, diagnostics: this.toDiagnostics(analysis, entry, settings) });
  }

  /** Why the document gets no diagnostics, if it gets none. */
  private silence(uri: string, entry: OpenDocument, settings: Settings): 'disabled' | 'excluded' | { skipped: string } | undefined {
    if (!settings.enable) return 'disabled';
    // As `docwright check` would skip it: a library in a virtual environment, an excluded path.
    if (this.session.settings.isExcluded(uri)) return 'excluded';
    return entry.skipped ? { skipped: entry.skipped } : undefined;
  }

  private reportSkip(uri: string, why: 'excluded' | { skipped: string }): void {
    const reason = why === 'excluded' ? why : why.skipped;
    if (this.reportedSkips.get(uri) === reason) return;
    this.reportedSkips.set(uri, reason);
    if (why === 'excluded') {
      this.session.log(`no diagnostics for ${uri}: excluded (docwright exclude setting, or a virtual environment / site-packages)`);
      return;
    }
    this.session.log(`skipped ${uri}: ${reason}`);
    const params: SkippedFileParams = { uri, reason };
    void this.session.connection.sendNotification(SkippedFileNotification, params);
  }

  /** The findings of an analysis under these settings, computed once for the diagnostics and the lenses. */
  findingsOf(analysis: ModuleAnalysis, entry: OpenDocument, settings: Settings): Finding[] {
    const uri = entry.document.uri;
    const known = this.found.get(uri);
    if (known?.analysis === analysis && known.settings === settings) return known.findings;
    const computed = findings(analysis, moduleIdentity(uri), entry.document.getText(), settings, this.session.docstrings, foreignFor(this.session, uri));
    this.found.set(uri, { analysis, settings, findings: computed });
    return computed;
  }

  private toDiagnostics(analysis: ModuleAnalysis, entry: OpenDocument, settings: Settings): Diagnostic[] {
    const { codesDoc, client } = this.session;
    const link = client.codeDescriptionCommand ? codeDescriptionCommandUri : (code: string) => `${codesDoc}#${docsAnchor(code)}`;
    return documentDiagnostics(analysis, entry, settings, this.findingsOf(analysis, entry, settings), link, this.session.baselines);
  }
}

/** Analysis → LSP diagnostics. Thin: everything it knows comes from the findings (and the baseline, when the settings name one). */
export function documentDiagnostics(
  analysis: ModuleAnalysis, entry: OpenDocument, settings: Settings, found: Finding[], codeLink: (code: string) => string, baselines?: BaselineCache,
): Diagnostic[] {
  const baselined = baselines && settings.baseline ? inBaseline(analysis, found, modulePath(entry.document.uri), settings.baseline, baselines) : [];
  const diagnostics: Diagnostic[] = [];
  found.forEach((f, i) => {
    if (baselined[i] && settings.baselineFindings === 'hide') return;
    const diagnostic: Diagnostic = {
      range: toRange(f.span),
      severity: baselined[i] ? DiagnosticSeverity.Hint : SEVERITY[f.severity],
      code: f.code,
      codeDescription: { href: codeLink(f.code) },
      source: 'docwright',
      message: baselined[i] ? `${f.message} (in the baseline)` : f.message,
    };
    const related = isInFamily(f.code, 'complexity') ? relatedInformation(f, analysis, entry) : [];
    if (related.length) diagnostic.relatedInformation = related;
    diagnostics.push(diagnostic);
  });
  return diagnostics;
}

/** Which findings the baseline records, as `docwright check --baseline` matches them (core/rules/baseline.ts). */
function inBaseline(analysis: ModuleAnalysis, found: Finding[], file: string, baselineFile: string, baselines: BaselineCache): boolean[] {
  const matcher = new BaselineMatcher(baselines.get(baselineFile));
  const scopes = scopesOf(analysis, found.map((f) => f.span));
  const name = baselinePath(file, baselineFile);
  return found.map((f, i) => matcher.accepts({ file: name, code: f.code, qualname: scopes[i]!.qualname }));
}

function toRange(span: Span): Range {
  return { start: { line: span.startLine, character: span.startCol }, end: { line: span.endLine, character: span.endCol } };
}

/** DW902: one location per increment; DW903: the blocks down to the deepest. */
function relatedInformation(finding: Finding, analysis: ModuleAnalysis, entry: OpenDocument): DiagnosticRelatedInformation[] {
  const { startLine, startCol } = finding.span;
  const definition = analysis.definitions.find((d) => d.nameSpan.startLine === startLine && d.nameSpan.startCol === startCol);
  if (!definition) return [];
  const uri = entry.document.uri;
  const node = () => (entry.tree ? definitionNodeAt(entry.tree, startLine, startCol) : null);
  return findingNotes(finding.code, definition, node).map((note) => ({ location: { uri, range: toRange(note.span) }, message: note.message }));
}

/** The description of every code ships as docs/codes.md beside dist/. */
export function codesDocUri(distDir: string): string {
  return pathToFileURL(path.join(distDir, '..', 'docs', 'codes.md')).toString();
}
