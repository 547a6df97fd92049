export * from './types.js';
export { loadMesh, meshFileFor, sampleMeshFile } from './load-mesh.js';
export { checkAgainstMesh } from './check-against-mesh.js';
