import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { KERNEL, MODULES, WEB_ROLES } from './architecture.js';

const webFiles = WEB_ROLES.map((role) => `**/*.${role}.ts`);
const anyWebFile = WEB_ROLES.map((role) => `**/*.${role}.ts`);
const upperLayers = ['**/http/**', '**/web/**', '**/cli/**', '**/demo/**'];

const laterModules = (index) =>
  MODULES.slice(index + 1).flatMap((later) => [`../${later}/**`, `**/modules/${later}/**`]);

/** A module's domain files import the kernel and the modules before it: never later ones. */
const domainBoundaries = MODULES.map((module, index) => ({
  files: [`src/modules/${module}/**/*.ts`],
  ignores: [...webFiles, '**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            // Never empty (the last module has no later ones): nothing imports the home module.
            group: [...new Set(['**/modules/home/**', ...laterModules(index)])],
            message: `A domain file imports only modules before it (architecture.js): ${module} comes before this one.`,
          },
          {
            group: [...upperLayers, ...anyWebFile, ...WEB_ROLES.map((role) => `./*.${role}.ts`)],
            message: 'A domain file imports no web or composition file (architecture.js).',
          },
          {
            group: MODULES.filter((other) => other !== module).flatMap((other) => [
              `../${other}/*.store.ts`,
              `**/modules/${other}/**/*.store.ts`,
            ]),
            message: "Another module's store is private: read through its queries file.",
          },
        ],
      },
    ],
  },
}));

/** Web files use any module's domain files, but not another module's store or the composition. */
const webBoundaries = MODULES.map((module) => ({
  files: webFiles.map((glob) => `src/modules/${module}/${glob.slice(3)}`),
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: ['**/http/app.ts', '**/http/modules.ts', '**/cli/**', '**/demo/**'],
            message: 'Pages and routes import no composition file (architecture.js).',
          },
          {
            group: MODULES.filter((other) => other !== module).flatMap((other) => [
              `../${other}/*.store.ts`,
              `**/modules/${other}/**/*.store.ts`,
            ]),
            message: "Another module's store is private: read through its queries file.",
          },
        ],
      },
    ],
  },
}));

const kernelBoundary = {
  files: KERNEL.map((entry) => (entry.endsWith('/') ? `${entry}**/*.ts` : entry)),
  ignores: ['**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: ['**/modules/**', ...upperLayers],
            message: 'The kernel imports only the kernel (architecture.js).',
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'coverage', 'bin', 'dist', 'src/web/public', '**/.scratch'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  kernelBoundary,
  ...domainBoundaries,
  ...webBoundaries,
  {
    files: ['eslint.config.js', 'architecture.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
