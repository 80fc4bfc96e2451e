// A Stryker ignorer (stryker.config.mjs: ignorers: ['kpi-prose']): the prose of the KPI
// definitions — title, formula, inputs, example, and each band's text — is what `csm-kpi
// explain` and the table print, not what any KPI computes. Mutating those strings makes
// ~300 "static" mutants (evaluated once, at import) that only a byte-for-byte copy of the
// prose in a test could kill, and each would re-run the whole suite. The numbers in the
// examples are checked where it matters: test/metrics/kpis.test.ts feeds each example
// through its accumulator.
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

const DEFINITION_PROSE = new Set(['title', 'formula', 'inputs', 'example']);

/** The names of an object literal's plain keys. */
function keysOf(object) {
  return new Set(object.properties.filter((p) => p.type === 'ObjectProperty' && p.key.type === 'Identifier').map((p) => p.key.name));
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'kpi-prose', {
    shouldIgnore(path) {
      if (!path.isObjectProperty() || path.node.key.type !== 'Identifier') return undefined;
      const name = path.node.key.name;
      const keys = keysOf(path.parent);
      // A KpiDefinition literal: { id, title, unit, formula, inputs, better, bands, example }.
      if (DEFINITION_PROSE.has(name) && keys.has('formula') && keys.has('bands')) return 'KPI definition prose (explain text)';
      // A Band literal: { label, text, test }.
      if (name === 'text' && keys.has('label') && keys.has('test')) return 'band wording (explain text)';
      return undefined;
    },
  }),
];
