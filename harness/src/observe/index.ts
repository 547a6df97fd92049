export {
  startObserver,
  type ObservedService,
  type JsonSource,
  type ObserverOptions,
  type RunningObserver,
} from './observer.js';
export { parsePrometheusText, prometheusSamples } from './prometheus-text.js';
