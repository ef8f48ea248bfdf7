import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { compileOnFirstUse, compiledOnFirstUse } from './lazy-schemas.ts';
import { SCHEMA_CONTROLLER } from './validation.ts';

type Validate = ((data: unknown) => boolean) & { errors?: unknown; schemaEnv?: unknown };

describe('issue 11: route schemas compiled on first use', () => {
  it('issue 11: nothing is compiled until the first call, then once, and errors come through', () => {
    let compilations = 0;
    const validate = compileOnFirstUse<Validate>(() => {
      compilations += 1;
      const fn: Validate = (data) => {
        fn.errors = data === 1 ? null : [{ message: 'must be 1' }];
        return data === 1;
      };
      fn.schemaEnv = { compiled: true };
      return fn;
    });
    expect(compilations).toBe(0);
    expect(validate(2)).toBe(false);
    expect(validate.errors).toEqual([{ message: 'must be 1' }]);
    expect(validate(1)).toBe(true);
    expect(validate.errors).toBeNull();
    expect(validate.schemaEnv).toEqual({ compiled: true });
    expect(compilations).toBe(1);
  });

  it("issue 11: Fastify's question for schemaEnv compiles, so Ajv gets the parent data from the first request", () => {
    let compilations = 0;
    const factory = compiledOnFirstUse((prefix: string) => (route: { url: string }) => {
      compilations += 1;
      const fn: Validate = () => true;
      fn.schemaEnv = `${prefix}${route.url}`;
      return fn;
    });
    const compile = factory('env:');
    const validate = compile({ url: '/a' });
    expect(compilations).toBe(0);
    expect(validate.schemaEnv).toBe('env:/a');
    expect(compilations).toBe(1);
  });

  it("issue 11: secrel's validators and serialisers still check requests and shape responses", async () => {
    const app = Fastify({ schemaController: SCHEMA_CONTROLLER });
    app.post(
      '/things/:id',
      {
        schema: {
          params: {
            type: 'object',
            properties: { id: { type: 'integer' } },
            required: ['id'],
          },
          body: {
            type: 'object',
            properties: { name: { type: 'string' } },
            required: ['name'],
          },
          response: {
            200: {
              type: 'object',
              properties: { id: { type: 'integer' }, name: { type: 'string' } },
            },
          },
        },
      },
      (request) => ({ ...(request.params as object), ...(request.body as object), secret: 'x' }),
    );
    await app.ready();
    const refused = await app.inject({ method: 'POST', url: '/things/1', payload: { name: 3 } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ message: 'body/name must be string' });
    const notANumber = await app.inject({ method: 'POST', url: '/things/0x1', payload: {} });
    expect(notANumber.statusCode).toBe(400);
    const ok = await app.inject({ method: 'POST', url: '/things/7', payload: { name: 'a' } });
    expect(ok.statusCode).toBe(200);
    // The response schema decides what is written: `secret` is not in it.
    expect(ok.body).toBe('{"id":7,"name":"a"}');
    await app.close();
  });
});
