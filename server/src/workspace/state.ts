import { homedir } from 'node:os';
import * as path from 'node:path';

/**
 * Where Docwright keeps its state (the answer cache, the usage ledger, the changelog and the
 * CLI's result cache; never the key), the same for both hosts: DOCWRIGHT_CACHE_DIR when set, so
 * the editor and the CLI can share one ledger and one daily budget; else the folder the host was
 * given (VS Code's global storage); else $XDG_CACHE_HOME/docwright; else ~/.cache/docwright.
 */
export function stateDirectory(env: NodeJS.ProcessEnv = process.env, hostDir?: string): string {
  if (env.DOCWRIGHT_CACHE_DIR) return env.DOCWRIGHT_CACHE_DIR;
  if (hostDir) return hostDir;
  return path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'docwright');
}
