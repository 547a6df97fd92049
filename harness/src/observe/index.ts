export {
  startObserver,
  type ObservedService,
  type ObserverOptions,
  type RunningObserver,
} from './observer.js';
export { parsePrometheusText, prometheusSamples } from './prometheus-text.js';
