export {
  startObserver,
  type ObservedService,
  type JsonSource,
  type ObserverOptions,
  type RunningObserver,
} from './observer.js';
export { metricNames, prometheusSamples } from './prometheus-text.js';
