export * from './toxic.js';
export * from './http-toxic.js';
export { toxicType, toxicTypes, type AnyToxicType } from './registry.js';
export { slicePoints } from './slicer.js';
export { HttpFramer, type Piece } from './http-framing.js';
export { targetPath } from './http-selection.js';
