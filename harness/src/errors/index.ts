export * from './faultline-error.js';
