export * from './types.js';
export { loadMesh, meshFileFor, packageRoot, sampleMeshFile } from './load-mesh.js';
export { checkAgainstMesh } from './check-against-mesh.js';
export { isMeshFileText, meshJsonSchema } from './mesh-schema.js';
export type * from './compose-types.js';
export { isComposeFile, loadComposeMesh, TOXIPROXY_ALIAS } from './load-compose.js';
export { canaryRequest, rewriteReferences } from './compose-edges.js';
