import type { TextSink } from '../io';

/** Every JSON report: indented by two, one trailing newline. */
export function writeJson(sink: TextSink, value: unknown): void {
  sink.write(`${JSON.stringify(value, null, 2)}\n`);
}
