export { runLoad, type LoadOptions } from './run-load.js';
export { routeInfo, executorOf, plannedRequests } from './route-model.js';
