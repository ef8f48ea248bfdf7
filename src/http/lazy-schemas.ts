/**
 * Issue 11: Fastify compiles every route's request validators (Ajv) and response serialisers
 * (fast-json-stringify) while the app starts. For secrel's three hundred routes that was about a
 * second of CPU and 30 MB of memory before the first request, most of it for routes a server
 * may never answer. {@link compiledOnFirstUse} defers each route's compilation to its first
 * request: what is compiled, and how it checks and writes, is unchanged. (A schema that does not
 * compile now fails that route's first request, with a 500, instead of the start.)
 */

/** A compiled validator or serialiser, as Fastify calls it. */
type Compiled = ((...args: never[]) => unknown) & { errors?: unknown; schemaEnv?: unknown };

/** `compile()` on the first call (or when Fastify asks for Ajv's schemaEnv), then its result. */
export function compileOnFirstUse<F extends Compiled>(compile: () => F): F {
  let compiled: F | undefined;
  const get = (): F => (compiled ??= compile());
  const lazy = ((...args: never[]) => {
    const fn = get();
    const result = fn(...args);
    // Ajv leaves the errors of the last call on the function; Fastify reads them from ours.
    lazy.errors = fn.errors;
    return result;
  }) as F;
  // Fastify reads `schemaEnv` before calling an Ajv validator, to let it replace the root value.
  Object.defineProperty(lazy, 'schemaEnv', { get: () => get().schemaEnv });
  return lazy;
}

/** A Fastify compiler factory (buildValidator, buildSerializer) whose compilers defer. */
export function compiledOnFirstUse<A extends unknown[], R, F extends Compiled>(
  factory: (...args: A) => (route: R) => F,
): (...args: A) => (route: R) => F {
  return (...args) => {
    const compiler = factory(...args);
    return (route) => compileOnFirstUse(() => compiler(route));
  };
}
