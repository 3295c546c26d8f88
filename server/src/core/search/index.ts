import MiniSearch, { type AsPlainObject } from 'minisearch';
import { documentBoost, indexOptions, type SearchDocument } from './options';
import { entriesOf, type IndexedModule, type IndexEntry } from './entries';

/**
 * The workspace's documentation index: every module, class and function by file, searchable by
 * name and by what its docstring says, ranked by BM25 with field weights (minisearch). Files are
 * replaced whole as they change; a removed file's entries are discarded and vacuumed by
 * minisearch in the background. Pure: the host reads files and says when they change.
 */

/**
 * What the index keeps of an entry once its words are indexed: the long texts live only in
 * the search engine's postings, which halves the memory of a large workspace's index.
 */
export type StoredEntry = Omit<IndexEntry, 'description' | 'params' | 'outcomes'>;

export interface SearchHit {
  entry: StoredEntry;
  score: number;
}

/** The index as the HTML site loads it: minisearch's own JSON and the entries by id. */
export interface SerializedIndex {
  index: AsPlainObject;
  entries: (StoredEntry & { id: number })[];
}

export class DocumentationIndex {
  private readonly byId = new Map<number, StoredEntry>();
  private readonly idsOfFile = new Map<string, number[]>();
  private readonly engine: MiniSearch<SearchDocument>;
  private nextId = 1;

  constructor() {
    this.engine = new MiniSearch(indexOptions((id) => documentBoost(this.byId.get(id)?.name ?? '')));
  }

  get size(): number {
    return this.byId.size;
  }

  get fileCount(): number {
    return this.idsOfFile.size;
  }

  files(): string[] {
    return [...this.idsOfFile.keys()];
  }

  has(file: string): boolean {
    return this.idsOfFile.has(file);
  }

  /** The file's entries, replacing what it held. */
  setFile(file: string, entries: IndexEntry[]): void {
    this.removeFile(file);
    const ids: number[] = [];
    for (const entry of entries) {
      const id = this.nextId++;
      ids.push(id);
      const { description: _description, params: _params, outcomes: _outcomes, ...stored } = entry;
      this.byId.set(id, stored);
      this.engine.add(searchDocument(id, entry));
    }
    this.idsOfFile.set(file, ids);
  }

  removeFile(file: string): void {
    const ids = this.idsOfFile.get(file);
    if (!ids) return;
    for (const id of ids) {
      this.engine.discard(id);
      this.byId.delete(id);
    }
    this.idsOfFile.delete(file);
  }

  /** Best first. An empty query gives nothing: there is nothing to rank by. */
  search(query: string, limit = 50): SearchHit[] {
    if (!query.trim()) return [];
    const hits: SearchHit[] = [];
    for (const result of this.engine.search(query)) {
      const entry = this.byId.get(result.id as number);
      if (!entry) continue;
      hits.push({ entry, score: result.score });
      if (hits.length >= limit) break;
    }
    return hits;
  }

  *entries(): IterableIterator<StoredEntry> {
    yield* this.byId.values();
  }

  /** For a page script that loads it with MiniSearch.loadJSON and the same options. */
  serialize(): SerializedIndex {
    return { index: this.engine.toJSON(), entries: [...this.byId].map(([id, entry]) => ({ id, ...entry })) };
  }
}

function searchDocument(id: number, entry: IndexEntry): SearchDocument {
  return {
    id, name: entry.name, qualname: entry.qualname, summary: entry.summary,
    description: entry.description, params: entry.params, outcomes: entry.outcomes,
  };
}

/** An index of these modules, each entry naming its file by the module's `file`. */
export function indexOfModules(modules: Iterable<IndexedModule>): DocumentationIndex {
  const index = new DocumentationIndex();
  for (const module of modules) index.setFile(module.file, entriesOf(module));
  return index;
}
