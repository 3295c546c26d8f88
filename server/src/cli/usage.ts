import { API_KEY_VARIABLES } from '../shared/apiKeys';

/** The text `docwright help` prints, and every usage error after its message. */
export const USAGE = `Usage:
  docwright check [PATH...] [--format text|json|sarif|github|gitlab] [--select CODES]
                  [--ignore CODES] [--max-cyclomatic N] [--max-cognitive N] [--max-nesting N]
                  [--exclude GLOB]... [--jobs N] [--no-cache] [--exit-zero] [--statistics]
                  [--report-suppressed] [--baseline FILE] [--write-baseline FILE] [--diff REF]
                  [--add-noqa]
  docwright coverage [PATH...] [--fail-under PCT] [--format text|json|markdown]
                     [--badge FILE.svg] [--shields FILE.json]
  docwright metrics [PATH...] [--format text|json] [--jobs N] [--no-cache]
  docwright document [PATH...] [--provider template|openai|azure|compatible] [--model M]
                     [--base-url URL] [--budget-tokens N] [--budget-usd X] [--concurrency N]
                     [--estimate] [--style auto|google|numpy|sphinx] [--only missing|stale|all]
                     [--dry-run] [--diff] [--check] [--format text|json]
  docwright export [PATH...] [--format markdown|html] [--out FILE.md|DIR]
  docwright search QUERY [PATH...] [--format text|json] [--limit N]
  docwright lsp --stdio

PATH defaults to the current directory. Settings come from [tool.docwright] in the nearest
pyproject.toml; flags override them. Exit status: 0 clean, 1 findings, 2 usage or I/O error.
check and metrics keep each file's result in a cache (~/.cache/docwright/check, or under
DOCWRIGHT_CACHE_DIR) and analyse again only files whose content changed; --no-cache skips it.
--jobs N sets how many worker threads analyse files (default: one per core).
Every command takes --stats: after its output it prints on stderr what the run measured of
itself (parse and analysis times, memory, result- and answer-cache hit rates, the LLM's
latency, errors, retries and circuit breaker), the figures "Docwright: Show Status" shows.
check, metrics and document also read Jupyter notebooks (.ipynb), each Python code cell on
its own; their positions read path:cell N:line:col. document rewrites only the cells it
documents, and leaves outputs and metadata as they were.
document writes files in place (atomically); --dry-run and --check write nothing, and
--check exits 1 when a docstring is missing or stale. With the template provider, document
only completes existing docstrings (--only stale: entries added and dropped); a missing
docstring would be a placeholder, so --only missing or --only all must ask for those. With an
LLM provider, and with --check, --only defaults to all. LLM providers read the key from
${API_KEY_VARIABLES.openai} (azure: ${API_KEY_VARIABLES.azure}); --estimate, --dry-run and --check print what a
run would send and cost, and send nothing. The provider and where requests go come from flags
or the environment (DOCWRIGHT_LLM_PROVIDER, DOCWRIGHT_LLM_BASE_URL, AZURE_OPENAI_ENDPOINT,
AZURE_OPENAI_DEPLOYMENT), never from a project's pyproject.toml.
check --write-baseline FILE records today's findings (exit 0); --baseline FILE, or
[tool.docwright] baseline, reports only findings not in it (keyed by file, code and qualified
name, not line). --diff REF reports only findings in definitions changed since git REF.
--add-noqa writes # noqa: CODE on every reported line instead of reporting. --exit-zero exits 0
on findings; --statistics prints a count per code; --report-suppressed lists what # noqa and
# docwright: ignore[...] silence. coverage prints docstring coverage (DW100-DW107's public
definitions with a docstring that is no placeholder) and exits 1 under --fail-under PCT.
search ranks modules, classes and functions by their names and what their docstrings say
(exit status 1 when nothing matches); export --format html --out DIR writes a static site
with the same search in its pages.`;
