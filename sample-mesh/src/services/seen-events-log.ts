import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One consumed event as the log keeps it. */
export interface SeenEvent {
  eventId: string;
  orderId: string;
}

/**
 * Shipping's own data: the events it has recorded, one `eventId orderId` line each, appended
 * before the event is acknowledged. A write that returned is in the kernel's page cache, so it
 * survives a crash of the process (SIGKILL) — what a chaos run does — though not of the machine.
 * A torn last line (killed mid-write) is dropped on load; its event was never acknowledged, so the
 * outbox delivers it again.
 */
export class SeenEventsLog {
  private readonly file: string;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'shipping-seen-events.log');
  }

  load(): SeenEvent[] {
    if (!existsSync(this.file)) return [];
    const lines = readFileSync(this.file, 'utf8').split('\n');
    lines.pop(); // the text after the last newline: empty, or a torn write
    return lines.flatMap((line) => {
      const [eventId, orderId] = line.split(' ');
      return eventId && orderId ? [{ eventId, orderId }] : [];
    });
  }

  append(e: SeenEvent): void {
    appendFileSync(this.file, `${e.eventId} ${e.orderId}\n`);
  }
}
