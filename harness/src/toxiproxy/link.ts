import type { Socket } from 'node:net';
import type { Chunk, ToxicOutput } from './toxics/index.js';
import { isHttpSpec, type Direction, type ToxicSpec } from './toxic-spec.js';
import { ToxicStage } from './toxic-stage.js';

/**
 * Lets a link read its source socket through `onread` (`net.connect`'s option for the upstream
 * socket, see `withReusableReads` in proxy.ts for the accepted one): one buffer is reused for as
 * long as each chunk is written through at once, so the no-toxic path allocates nothing.
 */
export interface ReadHook {
  read: (n: number, buf: Buffer) => boolean;
  /** Whether the buffer of the last read may be filled again. */
  reuse: boolean;
}

/** A link stops reading once its toxics hold this many chunks (Toxiproxy: 1024 per toxic). */
const MAX_BUFFERED_CHUNKS = 1024;

/** Size of each read buffer, as a stream's default high-water mark for sockets. */
const READ_BUFFER_BYTES = 64 * 1024;

/** The `onread` option for `net.connect` that feeds `hook`. */
export function reusableReads(hook: ReadHook): {
  buffer: () => Buffer;
  callback: (n: number, buf: Buffer) => boolean;
} {
  let buf = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  return {
    buffer: () => {
      if (!hook.reuse) buf = Buffer.allocUnsafe(READ_BUFFER_BYTES);
      hook.reuse = true;
      return buf;
    },
    callback: (n, b) => hook.read(n, b),
  };
}

/** What a link needs from its connection. */
export interface LinkOwner {
  /** The destination is closed (EOF or a toxic closed the link): tear the connection down. */
  closeOutput(dest: Socket): void;
  isClosed(socket: Socket): boolean;
  /** An HTTP toxic was added to this live link: start framing HTTP on the connection. */
  httpNeeded?(): void;
  /** Close the connection with RST instead of FIN (http_abort). */
  resetOnClose?(): void;
}

/**
 * One direction of one connection: source socket → toxic stages → destination socket.
 * Without toxics a chunk is written straight to the destination (no timer, promise or
 * allocation); with toxics it enters the first stage stamped with its receive time.
 */
export class Link {
  received = 0;
  sent = 0;
  private readonly stages: ToxicStage[] = [];
  /** Removed stages, kept so that abort can clear a wait they may still hold. */
  private readonly removed: ToxicStage[] = [];
  private head: ToxicStage | undefined;
  /** While a framed read passes through the toxics: what reaches the sink, written as one. */
  private gathering: Buffer[] | undefined;
  private endAfterGather = false;
  /** HTTP framing in front of the toxics, only on connections of a proxy with an HTTP toxic. */
  private tap: ToxicOutput | undefined;
  private inputDone = false;
  /** Reading is paused because the toxics hold too much, not because the destination is slow. */
  private heldBack = false;

  private readonly sink: ToxicOutput = {
    push: (chunk: Chunk) => this.write(chunk.data),
    end: () => {
      if (this.gathering) this.endAfterGather = true;
      else this.owner.closeOutput(this.dest);
    },
  };

  /** Where the tap's labelled chunks (and injected answers) go: the first toxic, or the sink. */
  private readonly afterTap: ToxicOutput = {
    push: (chunk: Chunk) => (this.head ?? this.sink).push(chunk),
    end: () => (this.head ?? this.sink).end(),
  };

  private readonly readHook: ReadHook | undefined;

  constructor(
    readonly direction: Direction,
    private readonly source: Socket,
    private readonly dest: Socket,
    private readonly owner: LinkOwner,
    private readonly random: () => number,
    specs: readonly ToxicSpec[],
    readHook?: ReadHook,
  ) {
    for (const spec of specs) this.append(spec, false);
    this.readHook = readHook;
    if (readHook) readHook.read = this.onRead;
    else source.on('data', this.onData);
    source.on('end', () => this.inputEnded());
    dest.on('drain', () => {
      if (!this.heldBack) source.resume();
    });
  }

  /** The source can be read no more (EOF, error, or closed by the other link). */
  inputEnded(): void {
    if (this.inputDone) return;
    this.inputDone = true;
    (this.tap ?? this.head ?? this.sink).end();
  }

  /** Puts HTTP framing in front of the toxics; `make` gets where to send what it framed. */
  setTap(make: (forward: ToxicOutput) => ToxicOutput): void {
    this.tap = make(this.afterTap);
  }

  /** Sends a chunk the proxy made up (an http_error answer) through this link's toxics. */
  inject(chunk: Chunk): void {
    if (!this.owner.isClosed(this.dest)) this.afterTap.push(chunk);
  }

  /** Stops every toxic without passing anything on: the connection is being aborted. */
  abort(): void {
    this.inputDone = true;
    for (const stage of this.stages) stage.abort();
    for (const stage of this.removed) stage.abort();
  }

  addToxic(spec: ToxicSpec): void {
    if (isHttpSpec(spec)) this.owner.httpNeeded?.();
    if (!this.inputDone || this.stages.length > 0) this.append(spec, true);
  }

  updateToxic(spec: ToxicSpec): void {
    this.stages.find((s) => s.name === spec.name)?.restart(spec);
  }

  removeToxic(name: string): void {
    const i = this.stages.findIndex((s) => s.name === name);
    const stage = this.stages[i];
    if (!stage) return;
    this.stages.splice(i, 1);
    stage.detach();
    this.removed.push(stage);
    const prev = this.stages[i - 1];
    if (prev) prev.next = stage.next;
    this.head = this.stages[0];
  }

  private append(spec: ToxicSpec, live: boolean): void {
    const stage = new ToxicStage(spec, this.sink, this.random, () => this.owner.resetOnClose?.());
    const last = this.stages.at(-1);
    if (last) {
      // Toxiproxy interrupts the last stub: its chunk in progress leaves by the old output,
      // then the stub reruns (redrawing toxicity) feeding the new toxic.
      if (live) last.restart(undefined, stage);
      else last.next = stage;
    }
    this.stages.push(stage);
    this.head = this.stages[0];
  }

  private readonly onData = (data: Buffer): void => {
    this.received += data.length;
    const head = this.tap ?? this.head;
    if (head === undefined) this.write(data);
    else this.enter(head, data);
  };

  private enter(head: ToxicOutput, data: Buffer): void {
    // Framing cuts one read into head and body pieces: what passes at once leaves in one write.
    if (this.tap === undefined) head.push({ data, at: performance.now() });
    else {
      const gathered: Buffer[] = [];
      this.gathering = gathered;
      head.push({ data, at: performance.now() });
      this.gathering = undefined;
      if (gathered.length > 0) this.write(gathered.length === 1 ? gathered[0]! : Buffer.concat(gathered));
      if (this.endAfterGather) this.owner.closeOutput(this.dest);
    }
    if (this.buffered() > MAX_BUFFERED_CHUNKS) {
      this.heldBack = true;
      this.source.pause();
    }
  }

  private buffered(): number {
    let n = 0;
    for (const stage of this.stages) n += stage.buffered;
    return n;
  }

  /** Reads into the socket's reused buffer (see `reusableReads`). */
  private readonly onRead = (n: number, buf: Buffer): boolean => {
    this.received += n;
    const data = buf.subarray(0, n);
    const head = this.tap ?? this.head;
    if (head !== undefined) {
      this.enter(head, data);
      // HTTP framing copies what it holds; toxics that keep chunks make the buffer theirs.
      this.hook.reuse =
        this.tap !== undefined && this.dest.writableLength === 0 && this.stages.every((s) => s.passesAtOnce);
      return true;
    }
    this.write(data);
    // Reusable only if the kernel took every byte at once; otherwise the write still refers to it.
    this.hook.reuse = this.dest.writableLength === 0;
    return true;
  };

  private get hook(): ReadHook {
    return this.readHook as ReadHook;
  }

  private write(data: Buffer): void {
    if (this.gathering) {
      this.gathering.push(data);
      return;
    }
    if (this.owner.isClosed(this.dest)) return;
    this.sent += data.length;
    if (!this.dest.write(data)) this.source.pause();
    else if (this.heldBack && this.buffered() <= MAX_BUFFERED_CHUNKS / 2) {
      this.heldBack = false;
      this.source.resume();
    }
  }
}
