import { parse } from 'yaml';
import { z } from 'zod';

const serviceSchema = z
  .object({
    command: z
      .array(z.string())
      .min(1)
      .describe('argv to start the service locally (no shell), run in `cwd`, e.g. [npm, start]'),
    cwd: z
      .string()
      .min(1)
      .optional()
      .describe("folder the command runs in, relative to the mesh file's folder (default: that folder)"),
    port: z
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(0)
      .describe('a fixed port, or 0 to let faultline pick a free one; passed as PORT'),
    health: z
      .string()
      .startsWith('/')
      .default('/healthz')
      .describe('liveness path, probed twice a second during the run: 2xx is up'),
    ready: z
      .string()
      .startsWith('/')
      .default('/readyz')
      .describe('readiness path: faultline waits for a 2xx here before any load'),
    metrics: z
      .string()
      .startsWith('/')
      .default('/metrics')
      .describe('Prometheus text endpoint, sampled during the run; optional for the service'),
    env: z
      .record(z.string(), z.string())
      .default({})
      .describe('extra environment variables for this service'),
    upstreams: z
      .record(z.string(), z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name'))
      .default({})
      .describe("services this one calls → the variable that carries that edge's proxy URL"),
    docker: z
      .object({
        image: z.string().min(1).describe('image to run; `faultline` is the image faultline builds'),
        command: z.array(z.string()).optional().describe("arguments after the image's entrypoint"),
        port: z
          .number()
          .int()
          .min(1)
          .max(65535)
          .default(8080)
          .describe('port the service listens on inside its container'),
      })
      .strict()
      .optional()
      .describe('how to run the service as a container (--platform docker)'),
    external: z
      .object({ url: z.url({ protocol: /^https?$/ }), container: z.string().min(1).optional() })
      .strict()
      .optional()
      .describe('where the already running service is (--platform external)'),
  })
  .strict();

/** The shape of a mesh file (docs/mesh-file.md); cross-field rules are in loadMesh. */
export const meshSchema = z
  .object({
    name: z.string().min(1).describe("the system's name, shown in messages and the report"),
    entry: z.string().min(1).describe('the service that receives the load (the front door)'),
    services: z
      .record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a service name like "payments"'), serviceSchema)
      .describe('the services of the system, by name'),
    external: z
      .object({ toxiproxy: z.url({ protocol: /^https?$/ }) })
      .strict()
      .optional()
      .describe('the Toxiproxy of an already running system (--platform external)'),
  })
  .strict();

/**
 * The JSON Schema (draft-07, which every YAML editor understands) of a mesh file as written. The
 * published copy is harness/schema/mesh.schema.json; a test keeps it equal to this.
 */
export function meshJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(meshSchema, { io: 'input', unrepresentable: 'any', target: 'draft-7' }),
    title: 'faultline mesh file',
  };
}

/**
 * Whether YAML text is a mesh file rather than a scenario: a mapping with `services` and without
 * a scenario's `load`. Text that does not parse is not a mesh file (it is reported as a scenario).
 */
export function isMeshFileText(text: string): boolean {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return false;
  }
  return typeof doc === 'object' && doc !== null && 'services' in doc && !('load' in doc);
}
