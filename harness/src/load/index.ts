export { runLoad, type LoadOptions } from './run-load.js';
export { routeInfo, executorOf } from './route-model.js';
export { TEMPLATE_VARIABLES } from './request-template.js';
