export {
  startObserver,
  type ObservedService,
  type JsonSource,
  type ObserverOptions,
  type RunningObserver,
} from './observer.js';
export { parsePrometheusText } from './prometheus-text.js';
