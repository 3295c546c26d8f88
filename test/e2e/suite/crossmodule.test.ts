import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { poll as pollUntil } from '../../poll';

/**
 * DW406 follows a raised class into the module that defines it, as the user meets it: the
 * importer is open, the user changes the base class in the other module and saves it, and the
 * importer's diagnostics change. The project is the shared fixture (test/fixtures/crossmodule),
 * copied outside the workspace so that no other suite sees its files.
 */

const poll = <T>(what: string, probe: () => T | undefined | Promise<T | undefined>) => pollUntil(what, probe, 30000, 50);

const REPO = path.resolve(__dirname, '../../../..');

function codesOf(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri)
    .filter((d) => d.source === 'docwright')
    .map((d) => `${d.range.start.line + 1}:${typeof d.code === 'object' ? d.code.value : d.code}`)
    .sort();
}

async function show(uri: vscode.Uri): Promise<vscode.TextEditor> {
  let document = await vscode.workspace.openTextDocument(uri);
  if (document.languageId !== 'python') document = await vscode.languages.setTextDocumentLanguage(document, 'python');
  return vscode.window.showTextDocument(document);
}

suite('Raised classes from other modules in VS Code', () => {
  let dir: string;
  let api: vscode.Uri;
  let errors: vscode.Uri;

  suiteSetup(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'docwright-e2e-cross-'));
    cpSync(path.join(REPO, 'test/fixtures/crossmodule'), dir, { recursive: true });
    api = vscode.Uri.file(path.join(dir, 'pkg/api.py'));
    errors = vscode.Uri.file(path.join(dir, 'pkg/errors.py'));
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  test('a raise its base class documents is no DW406 until the user saves a new base in the other module', async () => {
    const importer = await show(api);
    // A parameter the user adds without documenting it shows the file has been checked.
    const signature = importer.document.positionAt(importer.document.getText().indexOf('request):') + 'request'.length);
    assert.ok(await importer.edit((b) => b.insert(signature, ', strict=False')));
    assert.deepEqual(await poll('DW401 for the new parameter', () => {
      const codes = codesOf(api);
      return codes.length ? codes : undefined;
    }), ['5:DW401'], 'the base class documented in pkg/errors.py covers the raise');

    const other = await show(errors);
    const at = other.document.getText().indexOf('InvalidRequest(OAuthError)') + 'InvalidRequest('.length;
    assert.ok(await other.edit((b) => b.replace(new vscode.Range(other.document.positionAt(at), other.document.positionAt(at + 'OAuthError'.length)), 'ValueError')));
    assert.ok(await other.document.save());

    const after = await poll('DW406 once the new base is saved', () => {
      const codes = codesOf(api);
      return codes.includes('5:DW406') ? codes : undefined;
    });
    assert.deepEqual(after, ['5:DW401', '5:DW406']);
    const dw406 = vscode.languages.getDiagnostics(api).find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'DW406')!;
    assert.equal(dw406.message, '`errors.InvalidRequest` is raised but not documented (`validate`)');
  });
});
