import { readFileSync } from 'node:fs';

/** One sample of a process: memory in MB, CPU time (user + system) in ms. */
export interface ProcSample {
  /** ms since sampling started. */
  t: number;
  rssMb: number;
  /** Peak RSS so far (VmHWM). */
  hwmMb: number;
  cpuMs: number;
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

/** Reads /proc/<pid>/status and /proc/<pid>/stat; null once the process is gone. */
export function sampleProcess(pid: number, t: number): ProcSample | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const kb = (key: string): number =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    // Fields after the command name (which may contain spaces): utime and stime are 14th and 15th overall.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { t, rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024, cpuMs: (ticks * 1000) / TICKS_PER_S };
  } catch {
    return null;
  }
}
