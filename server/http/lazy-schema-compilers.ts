/**
 * Fastify's own schema compilers (Ajv for validation, fast-json-stringify for responses), made
 * lazy: a route's validator and serializer are compiled on its first request instead of at
 * start-up. Compiling all ~120 routes up front cost about 0.4 s of every restart while almost no
 * route is called in a process's first seconds. `compileDeferredSchemas` compiles whatever is
 * still pending, so `main.ts` warms them up right after listening and tests prove every schema
 * compiles.
 */
import ajvCompilerFactory from '@fastify/ajv-compiler';
import serializerCompilerFactory from '@fastify/fast-json-stringify-compiler';

type Compile<T> = () => T;
type AjvValidate = ((data: unknown, context?: unknown) => unknown) & { errors?: unknown };
type Serialize = (document: unknown) => string;
type RouteCompilerFactory<T> = (externalSchemas: unknown, options: unknown) => (route: unknown) => T;

const buildEagerValidator = ajvCompilerFactory() as unknown as RouteCompilerFactory<AjvValidate>;
const buildEagerSerializer = serializerCompilerFactory() as unknown as RouteCompilerFactory<Serialize>;

export interface LazySchemaCompilers {
  /** For `Fastify({ schemaController: { compilersFactory } })`. */
  readonly compilersFactory: { buildValidator: never; buildSerializer: never };
  /** Compiles every schema not compiled yet, yielding to the event loop between routes. */
  compileDeferred(): Promise<number>;
}

export function createLazySchemaCompilers(): LazySchemaCompilers {
  /** Compilations not forced yet; a route that has been called has left the set. */
  const pending = new Set<() => void>();

  function deferred<T>(compile: Compile<T>): () => T {
    let compiled: T | undefined;
    const force = (): T => {
      if (compiled === undefined) {
        compiled = compile();
        pending.delete(force);
      }
      return compiled;
    };
    pending.add(force);
    return force;
  }

  /**
   * Same contract as an Ajv validate function: returns a boolean and leaves `errors` on itself.
   * `schemaEnv` tells Fastify to pass the parent context, which Ajv needs to coerce a root value.
   */
  function lazyValidator(compile: Compile<AjvValidate>): AjvValidate {
    const force = deferred(compile);
    const validate: AjvValidate & { schemaEnv?: unknown } = (data, context) => {
      const compiled = force();
      const valid = context === undefined ? compiled(data) : compiled(data, context);
      validate.errors = compiled.errors;
      return valid;
    };
    validate.schemaEnv = true;
    return validate;
  }

  function lazySerializer(compile: Compile<Serialize>): Serialize {
    const force = deferred(compile);
    return (document) => force()(document);
  }

  const buildValidator: RouteCompilerFactory<AjvValidate> = (externalSchemas, options) => {
    const compileRoute = buildEagerValidator(externalSchemas, options);
    return (route) => lazyValidator(() => compileRoute(route));
  };
  const buildSerializer: RouteCompilerFactory<Serialize> = (externalSchemas, options) => {
    const compileRoute = buildEagerSerializer(externalSchemas, options);
    return (route) => lazySerializer(() => compileRoute(route));
  };

  return {
    compilersFactory: { buildValidator, buildSerializer } as unknown as LazySchemaCompilers['compilersFactory'],
    async compileDeferred() {
      let compiled = 0;
      for (const force of [...pending]) {
        force();
        compiled++;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      return compiled;
    },
  };
}
