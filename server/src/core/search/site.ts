import MiniSearch, { type AsPlainObject } from 'minisearch';
import type { IndexEntry } from './entries';
import { documentBoost, indexOptions, type SearchDocument } from './options';

/**
 * The exported HTML site's search, bundled for the browser (dist/site-search.js, global
 * `DocwrightSearch`): the index the export serialized, loaded with the options the server and
 * the CLI search with, so the page ranks as the editor does. No DOM here: the page's few lines
 * of script put the hits on screen.
 */

export interface SiteEntry extends Pick<IndexEntry, 'qualname' | 'name' | 'kind' | 'module' | 'summary' | 'signature'> {
  id: number;
  /** Where the entry's section is, from the site's root. */
  href: string;
}

export interface SiteIndex {
  index: AsPlainObject;
  entries: SiteEntry[];
}

export interface SiteHit extends SiteEntry {
  score: number;
}

export function createSiteSearch(data: SiteIndex): (query: string, limit?: number) => SiteHit[] {
  const byId = new Map(data.entries.map((e) => [e.id, e]));
  const engine = MiniSearch.loadJS<SearchDocument>(data.index, indexOptions((id) => documentBoost(byId.get(id)?.name ?? '')));
  return (query, limit = 20) => {
    if (!query.trim()) return [];
    const hits: SiteHit[] = [];
    for (const result of engine.search(query)) {
      const entry = byId.get(result.id as number);
      if (entry) hits.push({ ...entry, score: result.score });
      if (hits.length >= limit) break;
    }
    return hits;
  };
}
