export { SystemClock, sleep, systemClock, type Clock } from './clock.js';
export { FakeClock } from './fake-clock.js';
