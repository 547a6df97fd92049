export * from './types.js';
export { loadMesh, meshFileFor, packageRoot, sampleMeshFile } from './load-mesh.js';
export { checkAgainstMesh } from './check-against-mesh.js';
export { isMeshFileText, meshJsonSchema } from './mesh-schema.js';
