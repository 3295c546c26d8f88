import type { DocstringModel } from '../docstring/model';
import type { DocstringProvider, DocstringRequest } from '../docstring/provider';
import type { Estimate } from '../llm/budget';

/**
 * What a run with an LLM would send and cost, found without sending anything: the docstring
 * engine runs against a provider that only records what it is asked, and the LLM provider
 * prices the recorded requests against its cache and budget.
 */

export type { Estimate };

export interface Estimator {
  estimate(requests: DocstringRequest[]): Estimate;
}

/** A provider that records every request. */
export interface Recorder extends DocstringProvider {
  readonly requests: DocstringRequest[];
}

/**
 * Records what it is asked. Without `standIn` each request is refused (nothing is written);
 * with one, the stand-in answers, so a dry run shows what the template would write while the
 * requests an LLM would get are counted.
 */
export function recordingProvider(standIn?: DocstringProvider): Recorder {
  const requests: DocstringRequest[] = [];
  return {
    id: 'estimate',
    requests,
    async provide(asked: DocstringRequest[]): Promise<(DocstringModel | Error)[]> {
      requests.push(...asked);
      return standIn ? standIn.provide(asked) : asked.map(() => new Error('estimate only'));
    },
  };
}
