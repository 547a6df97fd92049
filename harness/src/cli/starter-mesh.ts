/**
 * The commented starter mesh file `faultline init --mesh` writes: two services, `web` calling
 * `api`, each started with `npm start` in its own folder. `schemaPath` is the path of the mesh
 * JSON Schema relative to the written file, for the editor comment on the first line.
 */
export function starterMesh(name: string, schemaPath: string): string {
  return `# yaml-language-server: $schema=${schemaPath}
# A faultline mesh file: the services of your system, how to start each, and which it calls.
# faultline puts a Toxiproxy proxy on every edge (caller -> upstream) and points the caller's
# upstream variable at it, so faults can reach every call. Reference: docs/mesh-file.md.
# Check it with \`faultline validate ${name}.yaml\`; a scenario uses it with \`mesh: ${name}.yaml\`.
name: my-system
entry: web                    # the service the scenario's load is sent to (the front door)
services:
  web:
    command: [npm, start]     # argv, no shell
    # cwd: web                # run in ./web (relative to this file; default: this file's folder)
    # Each service gets HOST and PORT and must listen there: HOST is 127.0.0.1 on the local
    # platform, 0.0.0.0 inside a container. port 0 lets faultline pick a free port.
    port: 0
    health: /healthz          # liveness, probed twice a second: 2xx is up
    ready: /readyz            # faultline waits for a 2xx here before sending load
    metrics: /metrics         # Prometheus text; optional (a 404 is fine)
    env: { LOG_LEVEL: info }  # extra environment (faultline run -e KEY=VALUE adds to every service)
    upstreams:
      api: API_URL            # web calls api at the URL in API_URL: the proxy of edge web->api
  api:
    command: [npm, start]
    # cwd: api
`;
}
