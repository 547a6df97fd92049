export { runLoad, type LoadOptions } from './run-load.js';
export { routeInfo, executorOf, plannedRequests } from './route-model.js';
export { TEMPLATE_VARIABLES } from './request-template.js';
