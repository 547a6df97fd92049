export { runLoad, type LoadOptions } from './run-load.js';
