export * from './types.js';
export { loadMesh, meshFileFor, sampleMeshFile } from './load-mesh.js';
export { checkAgainstMesh, type MeshMismatch } from './check-against-mesh.js';
