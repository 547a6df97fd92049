export * from './toxic.js';
export { toxicType, toxicTypes } from './registry.js';
export { slicePoints } from './slicer.js';
