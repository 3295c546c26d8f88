import type { Expected } from './expect';
import { placeholderSummary, templateModel } from './expect';
import { mergeDocstring } from './merge';
import type { DocstringModel, DocstringStyle } from './model';

/**
 * Where docstring text comes from. The template provider answers offline from the signature;
 * the LLM providers (a later issue) plug in here and their output goes through the same
 * merge, formatter and edit check.
 */

export type GenerationMode = 'generate' | 'update' | 'regenerate';

export interface DocstringRequest {
  qualname: string;
  mode: GenerationMode;
  expected: Expected;
  existing?: DocstringModel;
  /** The definition's source text, for providers that read the code. */
  source: string;
  style: DocstringStyle;
  /** The file's module path (for exclude globs). */
  path: string;
  /** What else in the file helps describe it (enclosing class, imports, callees). */
  context?: RequestContext;
}

export interface RequestContext {
  classHeader?: string;
  imports: string[];
  callees: string[];
}

export interface DocstringProvider {
  readonly id: string;
  /** One model per request, in order; a rejected request is an Error in its place. */
  provide(requests: DocstringRequest[], signal?: AbortSignal): Promise<(DocstringModel | Error)[]>;
}

export class TemplateProvider implements DocstringProvider {
  readonly id = 'template';

  async provide(requests: DocstringRequest[]): Promise<DocstringModel[]> {
    return requests.map((r) => this.provideOne(r));
  }

  provideOne(request: DocstringRequest): DocstringModel {
    if (request.existing && request.mode === 'update') {
      return mergeDocstring(request.existing, request.expected, placeholderSummary(request.expected));
    }
    return templateModel(request.expected);
  }
}
