// Stand-in for k6's `k6` module: `sleep` blocks the VU's thread, as in k6.

/** Blocks this VU for `seconds`, as k6's sleep does. */
export function sleep(seconds) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, seconds * 1000));
}

export default { sleep };
