import { FIELD_KEEP_BYTES, MAX_NOTICE_BYTES, MessageFilter } from '../../../src/sandbox/guard-protocol.js';

/** One backend message: type byte, int32 length (itself included), body. */
const message = (type: string, body: Buffer | string) => {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeUInt32BE(bytes.length + 4, 1);
  return Buffer.concat([header, bytes]);
};
const dataRow = (value: string) => {
  const v = Buffer.from(value);
  const body = Buffer.alloc(2 + 4 + v.length);
  body.writeUInt16BE(1, 0);
  body.writeInt32BE(v.length, 2);
  v.copy(body, 6);
  return message('D', body);
};
const fields = (entries: Array<[string, string]>) => Buffer.concat([...entries.map(([code, text]) => Buffer.concat([Buffer.from(code), Buffer.from(text), Buffer.from([0])])), Buffer.from([0])]);
const rowDescription = message('T', Buffer.from([0, 0]));
const complete = (tag: string) => message('C', `${tag}\0`);
const ready = message('Z', 'I');

/** Feeds `input` in chunks of `size` bytes and returns what passed. */
function run(filter: MessageFilter, input: Buffer, size: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; i < input.length; i += size) filter.push(input.subarray(i, i + size), (b) => out.push(Buffer.from(b)));
  return Buffer.concat(out);
}

const CHUNK_SIZES = [1, 2, 3, 4, 5, 6, 7, 13, 64, 1 << 20];

describe('MessageFilter', () => {
  test.each(CHUNK_SIZES)('passes everything unchanged when not discarding (chunks of %i bytes)', (size) => {
    const input = Buffer.concat([rowDescription, dataRow('a'), dataRow('bb'), complete('SELECT 2'), ready, message('N', fields([['S', 'NOTICE'], ['M', 'hi']]))]);
    expect(run(new MessageFilter(), input, size).equals(input)).toBe(true);
  });

  test.each(CHUNK_SIZES)('drops rows and COPY data of one statement, until its ReadyForQuery (chunks of %i bytes)', (size) => {
    const filter = new MessageFilter();
    filter.discarding = true;
    const statement = Buffer.concat([rowDescription, dataRow('x'.repeat(1000)), dataRow('y'), message('H', Buffer.from([0, 0, 0])), message('d', 'row\n'), message('c', ''), complete('COPY 1'), ready]);
    const next = Buffer.concat([rowDescription, dataRow('kept'), complete('SELECT 1'), ready]);
    const out = run(filter, Buffer.concat([statement, next]), size);
    expect(out.equals(Buffer.concat([rowDescription, message('H', Buffer.from([0, 0, 0])), message('c', ''), complete('COPY 1'), ready, next]))).toBe(true);
    expect(filter.counts).toMatchObject({ droppedRows: 2, droppedCopyMessages: 1 });
  });

  test.each(CHUNK_SIZES.filter((s) => s >= 5))('cuts each field of a huge notice or error at a character boundary (chunks of %i bytes)', (size) => {
    const filter = new MessageFilter();
    const huge = `a${'é'.repeat(MAX_NOTICE_BYTES)}`; // 2 bytes each after the a: the cut falls inside one
    const input = Buffer.concat([message('E', fields([['S', 'ERROR'], ['C', 'P0001'], ['M', huge], ['D', 'detail']])), ready]);
    const out = run(filter, input, size);
    expect(out.readUInt32BE(1) + 1).toBe(out.length - ready.length);
    const text = out.subarray(5, out.length - ready.length).toString('utf8');
    expect(text).toContain('SERROR\0CP0001\0M');
    expect(text).toContain(`Ma${'é'.repeat(FIELD_KEEP_BYTES / 2 - 1)} … [${Buffer.byteLength(huge) - FIELD_KEEP_BYTES + 1} more bytes cut by pg-dba-review]\0Ddetail\0\0`);
    expect(text).not.toContain('\uFFFD');
    expect(out.subarray(out.length - ready.length).equals(ready)).toBe(true);
    expect(filter.counts.truncatedMessages).toBe(1);
  });
});
