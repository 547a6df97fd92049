/**
 * The commented starter scenario `faultline init` writes: a working run against the sample mesh
 * that a user edits into their own. `schemaPath` is the path of the JSON Schema relative to the
 * written file, for the editor comment on the first line.
 */
export function starterScenario(name: string, schemaPath: string): string {
  return `# yaml-language-server: $schema=${schemaPath}
# A faultline scenario: load on a system, faults on a timeline, and the checks that judge it.
# Check it with \`faultline validate ${name}.yaml\`, preview it with \`faultline plan ${name}.yaml\`,
# run it with \`faultline run ${name}.yaml\`. Reference: docs/authoring.md.
name: ${name}
# Say which resilience property this scenario proves; it is shown in the report.
description: >
  Payments slows down; orders must cut it off (timeout, breaker) and accept orders through its
  fallback, so checkout stays fast, and catalog must not notice.
# "sample" is the bundled e-commerce mesh; or give the path of your own mesh file (docs/mesh-file.md).
mesh: sample
seed: 1                      # makes jitter and load timing repeatable

load:
  warmup: 2s                 # sent but not recorded: lets connections and code warm up
  duration: 12s              # measured seconds; fault offsets count from here
  routes:                    # each route is driven at a fixed arrival rate (an open model)
    - { name: catalog, request: GET /api/catalog, rate: 50/s }
    - name: checkout
      request: POST /api/orders
      body: { sku: sku-1, qty: 1 }   # sent as JSON
      rate: 20/s
      timeout: 3s            # a request slower than this counts as failed

faults:                      # types: latency, partition, down, reset_peer, bandwidth, slow_close, timeout, crash, freeze,
                             # http_error, http_delay, http_abort
  - name: slow payments
    type: latency
    edge: orders->payments   # caller->upstream; faultline puts a proxy on every edge
    at: 3s
    for: 6s
    latency: 500ms
    jitter: 50ms

checks:
  thresholds:                # k6 syntax; tags select a route, a phase (baseline, fault, recovery) or a fault
    "http_req_failed{route:catalog}": ["rate<0.01"]
    "http_req_duration{route:catalog}": ["p(99)<200"]
    "http_req_failed{route:checkout}": ["rate<0.01"]
    "http_req_duration{route:checkout,phase:fault}": ["p(90)<150"]
`;
}
