import { EventEmitter } from 'node:events';
import type pg from 'pg';

/**
 * What a session that runs untrusted SQL may receive is bounded here, below node-postgres'
 * parser, which holds each whole message in memory (a 100 MB row is 100 MB of Buffer, then a
 * 100 MB string) and, for a plain query, every row of the result:
 * - while `discardResults()` is on (one user statement, until its ReadyForQuery), DataRow and
 *   CopyData messages are counted and dropped as they stream in, never buffered: a 10 GB
 *   result costs one socket chunk of memory. The row count still comes from the statement's
 *   CommandComplete tag ("SELECT 100", "COPY 5"), as before;
 * - notices and errors larger than MAX_NOTICE_BYTES (a `RAISE NOTICE` of 500 MB, an error
 *   quoting a huge value) are cut field by field to FIELD_KEEP_BYTES, as they stream in.
 * Everything else passes through unchanged, so the catalog probes on the same session read
 * their rows as usual.
 */
export interface ProtocolGuard {
  /** From now until the next ReadyForQuery, rows and COPY data are counted and dropped. */
  discardResults(): void;
  readonly counts: Readonly<GuardCounts>;
}

export interface GuardCounts {
  droppedRows: number;
  droppedCopyMessages: number;
  droppedBytes: number;
  truncatedMessages: number;
}

/** Notices and errors up to this size pass whole. */
export const MAX_NOTICE_BYTES = 16 * 1024;
/** Of a larger one, each field keeps this much. */
export const FIELD_KEEP_BYTES = 4 * 1024;

const HEADER_BYTES = 5;
const DATA_ROW = 0x44; // 'D'
const COPY_DATA = 0x64; // 'd'
const NOTICE = 0x4e; // 'N'
const ERROR = 0x45; // 'E'
const READY_FOR_QUERY = 0x5a; // 'Z'

const guards = new WeakMap<pg.Client, ProtocolGuard>();

/** The guard installed on a client by guardProtocol, if any. */
export function protocolGuardOf(client: pg.Client): ProtocolGuard | undefined {
  return guards.get(client);
}

interface ConnectionInternals {
  attachListeners(stream: NodeJS.ReadableStream): void;
}

/**
 * Installs the guard on a client before it connects: node-postgres' connection hands its
 * socket (or, with TLS, the decrypted stream) to `attachListeners`, which feeds its parser;
 * the parser is given the filtered bytes instead.
 */
export function guardProtocol(client: pg.Client): ProtocolGuard {
  const connection = (client as unknown as { connection: ConnectionInternals }).connection;
  const filter = new MessageFilter();
  const attach = connection.attachListeners.bind(connection);
  connection.attachListeners = (stream) => {
    const filtered = new EventEmitter();
    stream.on('data', (chunk: Buffer) => filter.push(chunk, (bytes) => filtered.emit('data', bytes)));
    stream.on('end', () => filtered.emit('end'));
    attach(filtered as unknown as NodeJS.ReadableStream);
  };
  const guard: ProtocolGuard = {
    discardResults: () => void (filter.discarding = true),
    counts: filter.counts,
  };
  guards.set(client, guard);
  return guard;
}

type Mode = 'header' | 'pass' | 'drop' | 'cut';

/** A streaming filter over backend messages (type byte, int32 length, body). Exported for tests. */
export class MessageFilter {
  discarding = false;
  readonly counts: GuardCounts = { droppedRows: 0, droppedCopyMessages: 0, droppedBytes: 0, truncatedMessages: 0 };
  private readonly header = Buffer.alloc(HEADER_BYTES);
  private headerLength = 0;
  private mode: Mode = 'header';
  private remaining = 0;
  private cutter: FieldCutter | undefined;

  push(chunk: Buffer, emit: (bytes: Buffer) => void): void {
    let i = 0;
    // chunk[from, i) passes through and is not emitted yet: one emit per run of passed messages.
    let from = 0;
    const flushTo = (end: number) => {
      if (end > from) emit(chunk.subarray(from, end));
      from = end;
    };
    while (i < chunk.length) {
      if (this.mode === 'header') {
        const carried = this.headerLength;
        const headerStart = i;
        const take = Math.min(HEADER_BYTES - carried, chunk.length - i);
        chunk.copy(this.header, carried, i, i + take);
        this.headerLength += take;
        i += take;
        if (this.headerLength < HEADER_BYTES) {
          // the rest of the header comes with the next chunk; these bytes are carried
          flushTo(headerStart);
          from = chunk.length;
          return;
        }
        this.headerLength = 0;
        const type = this.header[0]!;
        const body = this.header.readUInt32BE(1) - 4;
        this.remaining = body;
        const next = this.decide(type, body);
        if (next === 'pass') {
          if (carried > 0) {
            flushTo(headerStart);
            emit(Buffer.from(this.header));
            from = i;
          }
          if (type === READY_FOR_QUERY) this.discarding = false;
        } else {
          flushTo(headerStart);
          from = i;
          if (next === 'cut') this.cutter = new FieldCutter(type);
        }
        this.mode = body > 0 ? next : 'header';
        if (body === 0 && next === 'cut') this.finishCut(emit);
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - i);
      if (this.mode === 'cut') this.cutter!.write(chunk.subarray(i, i + take));
      i += take;
      this.remaining -= take;
      if (this.mode !== 'pass') {
        from = i;
        if (this.mode === 'drop') this.counts.droppedBytes += take;
      }
      if (this.remaining === 0) {
        if (this.mode === 'cut') this.finishCut(emit);
        this.mode = 'header';
      }
    }
    flushTo(i);
  }

  private decide(type: number, body: number): Exclude<Mode, 'header'> {
    if (this.discarding && type === DATA_ROW) {
      this.counts.droppedRows++;
      return 'drop';
    }
    if (this.discarding && type === COPY_DATA) {
      this.counts.droppedCopyMessages++;
      return 'drop';
    }
    if ((type === NOTICE || type === ERROR) && body > MAX_NOTICE_BYTES) {
      this.counts.truncatedMessages++;
      return 'cut';
    }
    return 'pass';
  }

  private finishCut(emit: (bytes: Buffer) => void): void {
    emit(this.cutter!.finish());
    this.cutter = undefined;
  }
}

/**
 * Rebuilds a NoticeResponse or ErrorResponse (fields: a code byte and a NUL-terminated string,
 * then a 0) keeping at most FIELD_KEEP_BYTES of each field, cut at a character boundary and
 * marked, while the rest streams past.
 */
class FieldCutter {
  private readonly parts: Buffer[] = [];
  private field: Buffer[] = [];
  private kept = 0;
  private dropped = 0;
  private expectingCode = true;
  private terminated = false;

  constructor(private readonly type: number) {}

  write(bytes: Buffer): void {
    let i = 0;
    while (i < bytes.length) {
      if (this.expectingCode) {
        const code = bytes[i++]!;
        this.parts.push(Buffer.from([code]));
        if (code === 0) this.terminated = true;
        else {
          this.expectingCode = false;
          this.kept = 0;
          this.dropped = 0;
          this.field = [];
        }
        continue;
      }
      const nul = bytes.indexOf(0, i);
      const end = nul < 0 ? bytes.length : nul;
      const keep = Math.min(FIELD_KEEP_BYTES - this.kept, end - i);
      // copied: a subarray would keep the whole socket chunk alive
      if (keep > 0) this.field.push(Buffer.from(bytes.subarray(i, i + keep)));
      this.kept += keep;
      this.dropped += end - i - keep;
      i = end;
      if (nul >= 0) {
        this.endField();
        i = nul + 1;
      }
    }
  }

  finish(): Buffer {
    // a message cut short by the server: close it
    if (!this.expectingCode) this.endField();
    if (!this.terminated) this.parts.push(Buffer.from([0]));
    const body = Buffer.concat(this.parts);
    const header = Buffer.alloc(HEADER_BYTES);
    header[0] = this.type;
    header.writeUInt32BE(body.length + 4, 1);
    return Buffer.concat([header, body]);
  }

  private endField(): void {
    let text = Buffer.concat(this.field);
    if (this.dropped > 0) {
      const whole = characterBoundary(text);
      text = Buffer.concat([text.subarray(0, whole), Buffer.from(` … [${this.dropped + text.length - whole} more bytes cut by pg-dba-review]`)]);
    }
    this.parts.push(text, Buffer.from([0]));
    this.expectingCode = true;
  }
}

/** Length of the longest prefix of UTF-8 bytes that ends on a whole character. */
function characterBoundary(bytes: Buffer): number {
  let j = bytes.length - 1;
  while (j >= 0 && (bytes[j]! & 0xc0) === 0x80) j--;
  if (j < 0) return 0;
  const lead = bytes[j]!;
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return j + length > bytes.length ? j : bytes.length;
}
