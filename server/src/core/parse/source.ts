/**
 * Bytes → text the way Python reads a source file (PEP 263): a UTF-8 BOM, else a coding
 * declaration on line 1 or 2, else UTF-8. Binary and undecodable files get a reason instead.
 */

export type DecodeResult =
  | { ok: true; text: string; encoding: string }
  | { ok: false; reason: string };

const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

export function decodePython(bytes: Uint8Array): DecodeResult {
  // Anywhere in the file, as CPython refuses it: "source code cannot contain null bytes".
  if (bytes.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes)' };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return decodeAs(bytes.subarray(3), 'utf-8');
  }
  const declared = codingDeclaration(bytes);
  return decodeAs(bytes, declared ?? 'utf-8', declared === undefined);
}

function codingDeclaration(bytes: Uint8Array): string | undefined {
  // The declaration is ASCII by definition; latin1 maps each byte to the char of that code.
  // (A loop, not a spread of the bytes: spreading a typed array into arguments is slow.)
  let start = '';
  for (let i = 0, end = Math.min(bytes.length, 1024); i < end; i++) start += String.fromCharCode(bytes[i]!);
  const lines = start.split(/\r\n|\r|\n/, 2);
  for (const line of lines) {
    const match = CODING.exec(line);
    if (match) return normalizeEncoding(match[1]!);
    if (!/^[ \t\f]*(#.*)?$/.test(line)) break; // PEP 263: line 2 only if line 1 is a comment/blank
  }
  return undefined;
}

function normalizeEncoding(name: string): string {
  const lower = name.toLowerCase().replace(/_/g, '-');
  if (lower === 'utf8' || lower.startsWith('utf-8-') || lower === 'utf-8') return 'utf-8';
  if (lower === 'latin-1' || lower === 'iso-latin-1' || lower.startsWith('latin-1-')) return 'latin1';
  return lower;
}

function decodeAs(bytes: Uint8Array, encoding: string, implicit = false): DecodeResult {
  const decoder = fatalDecoder(encoding);
  if (!decoder) return { ok: false, reason: `unknown encoding '${encoding}' in the coding declaration` };
  try {
    return { ok: true, text: decoder.decode(bytes), encoding: decoder.encoding };
  } catch {
    return {
      ok: false,
      reason: implicit
        ? 'not valid UTF-8 and no PEP 263 coding declaration'
        : `not valid ${encoding} (as its coding declaration says)`,
    };
  }
}

// The global TextDecoder (the WHATWG one, the very class node:util exports): core imports no
// Node module. Undefined for a label it does not know.
function fatalDecoder(encoding: string) {
  try {
    return new TextDecoder(encoding, { fatal: true });
  } catch {
    return undefined;
  }
}
