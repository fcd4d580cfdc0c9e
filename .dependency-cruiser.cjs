/**
 * fedcxr's layers (DESIGN.md §2), bottom to top; each room imports only from rooms below it:
 *   shared/domain → shared/engine → shared/model, shared/data → shared/train
 *   → shared/federation, shared/config, proto → coordinator | site-client → sim → experiments → cli
 * bench/ and test/ may import anything; nothing imports them. `npm test` runs this (npm run lint:layers);
 * test/unit/architecture/layers.test.ts plants a violation and checks that it is caught.
 */
const ROOMS = 'shared/(engine|model|data|train|federation|config)|proto|coordinator|site-client|sim|experiments|cli';

/** A rule forbidding `from` to import anything matching `to`, with the reason printed on a violation. */
function forbid(name, from, to, comment) {
  return { name, comment, severity: 'error', from: { path: from }, to: { path: to } };
}

module.exports = {
  forbidden: [
    forbid('domain-is-dependency-free', '^shared/domain/', `^(${ROOMS}|shared/log\\.ts)|^node_modules`,
      'shared/domain/ is the bottom layer: plain types and pure functions, no npm package and no other room.'),
    forbid('engine-below-model', '^shared/engine/', '^(shared/(model|data|train|federation|config)|proto|coordinator|site-client|sim|experiments|cli)/',
      'shared/engine/ (tfjs backends, native engine) sits just above domain: it may not know models, data, training or federation.'),
    forbid('model-below-train', '^shared/model/', '^(shared/(data|train|federation|config)|proto|coordinator|site-client|sim|experiments|cli)/',
      'shared/model/ (VGG16, unfreeze map, checkpoints) may import only domain and engine.'),
    forbid('data-below-train', '^shared/data/', '^(shared/(model|train|federation|config)|proto|coordinator|site-client|sim|experiments|cli)/',
      'shared/data/ (manifests, decoding, phantoms) may import only domain and engine.'),
    forbid('train-below-federation', '^shared/train/', '^(shared/(federation|config)|proto|coordinator|site-client|sim|experiments|cli)/',
      'shared/train/ may import domain, engine, model and data, never federation or the roles above it.'),
    forbid('federation-below-roles', '^(shared/(federation|config)|proto)/', '^(coordinator|site-client|sim|experiments|cli)/',
      'shared/federation/, shared/config/ and proto/ are shared by both roles: they may not import a role, sim, experiments or the CLI.'),
    forbid('coordinator-not-site', '^coordinator/', '^(site-client|sim|experiments|cli)/',
      'The coordinator and the site client meet only through the wire: compose them in sim/, never by import.'),
    forbid('site-not-coordinator', '^site-client/', '^(coordinator|sim|experiments|cli)/',
      'The site client and the coordinator meet only through the wire: compose them in sim/, never by import.'),
    forbid('sim-below-experiments', '^sim/', '^(experiments|cli)/',
      'sim/ composes both roles in one process; experiments and the CLI build on it, not the other way round.'),
    forbid('experiments-below-cli', '^experiments/', '^cli/', 'experiments/ is called by the CLI, never the reverse.'),
    forbid('product-not-tests', `^(shared/domain|${ROOMS})/`, '^(test|bench)/',
      'Product code may not import tests or benchmarks.'),
    {
      name: 'no-circular',
      comment: 'Import cycles make the layers meaningless: break the cycle by moving the shared piece down.',
      severity: 'error',
      from: { path: '^(shared|coordinator|site-client|sim|experiments|cli|proto)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|native/.*/build)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.d.ts'] },
  },
};
