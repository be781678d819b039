/** Dependency rules: functions → app → core; adapters implement app ports; core has no I/O. */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core holds pure rules: no app, adapters, functions, local, or I/O packages.',
      severity: 'error',
      from: { path: '^src/core' },
      to: {
        path: [
          '^src/(app|adapters|functions|local|cli)',
          '^src/config\\.ts$',
          '@azure',
          'microsoft-graph-client',
        ],
      },
    },
    {
      name: 'core-no-node-io',
      severity: 'error',
      from: { path: '^src/core' },
      to: { dependencyTypes: ['core'], pathNot: '^(crypto|node:crypto)$' },
    },
    {
      name: 'app-depends-on-ports-only',
      comment: 'Use cases see ports and core, never concrete adapters or triggers.',
      severity: 'error',
      from: { path: '^src/app' },
      to: { path: ['^src/(adapters|functions|local|cli)', '@azure', 'microsoft-graph-client'] },
    },
    {
      name: 'adapters-not-to-triggers',
      severity: 'error',
      from: { path: '^src/adapters' },
      to: { path: ['^src/(functions|local|cli)'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
