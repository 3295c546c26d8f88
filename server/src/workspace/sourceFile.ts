import type { SourceFile } from '../core/documenting/model';
import { decodePython } from '../core/parse/source';
import { readRegularFile } from './read';

/**
 * Reading a file to write docstrings into it, for both hosts: a regular file within the size
 * limit; a Python file decoded as Python reads it and refused unless it is UTF-8 (Docwright
 * writes UTF-8 only); a notebook (`.ipynb`) as its JSON text. The byte-order mark is taken off
 * the text and remembered, so that a write puts it back.
 */

export interface DiskSource extends SourceFile {
  bom: boolean;
}

export function readSourceFile(file: string, maxFileSizeKb: number): DiskSource | { skip: string } {
  const read = readRegularFile(file, maxFileSizeKb);
  if (!read.ok) return { skip: read.reason };
  if (file.endsWith('.ipynb')) {
    const text = read.bytes.toString('utf8');
    const bom = text.startsWith('\ufeff');
    return { text: bom ? text.slice(1) : text, kind: 'notebook', bom };
  }
  const decoded = decodePython(read.bytes);
  if (!decoded.ok) return { skip: decoded.reason };
  if (decoded.encoding !== 'utf-8') return { skip: `the file is ${decoded.encoding}; Docwright writes UTF-8 files only` };
  return { text: decoded.text, kind: 'python', bom: read.bytes[0] === 0xef && read.bytes[1] === 0xbb && read.bytes[2] === 0xbf };
}

/** The text to write back: with its byte-order mark if it had one. */
export function withBom(source: { bom: boolean }, text: string): string {
  return (source.bom ? '\ufeff' : '') + text;
}
