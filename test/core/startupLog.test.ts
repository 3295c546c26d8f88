import { strict as assert } from 'node:assert';
import { projectFilesLine, settingsLine } from '../../client/src/startupLog';

describe('the output channel\'s startup lines', () => {
  it('say where each setting that is not a default came from', () => {
    assert.equal(settingsLine([{ key: 'docwright.enable' }, { key: 'docwright.maxCyclomatic' }]), 'Settings: all defaults (nothing set in user, workspace or folder settings).');
    assert.equal(settingsLine([
      { key: 'docwright.maxCyclomatic', user: 8, workspace: 12 },
      { key: 'docwright.llm.provider', user: 'openai' },
      { key: 'docwright.style', folder: 'numpy' },
      { key: 'docwright.enable' },
    ]), 'Settings set in user settings: docwright.maxCyclomatic, docwright.llm.provider; workspace settings: docwright.maxCyclomatic; folder settings: docwright.style (the rest are defaults).');
  });

  it('name the project files found and the tables that decide settings there', () => {
    assert.equal(projectFilesLine([]), 'Project files: no pyproject.toml in the workspace; the settings above decide.');
    assert.equal(projectFilesLine([
      { path: 'pyproject.toml', text: '[project]\nname = "x"\n\n[tool.docwright]\nmax-cyclomatic = 12\n\n[tool.ruff.lint.pydocstyle]\nconvention = "numpy"\n' },
      { path: 'sub/pyproject.toml', text: '[project]\nname = "y"\n# [tool.docwright] is not here\n' },
      { path: 'lib/pyproject.toml', text: '[tool.docwright.llm]\nmodel = "m"\n' },
    ]), 'Project files: pyproject.toml ([tool.docwright], [tool.ruff]), sub/pyproject.toml (no Docwright or ruff table), lib/pyproject.toml ([tool.docwright]).');
  });
});
