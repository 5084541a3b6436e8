import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exactJsonText, readSizedValue, valueToJson, valueToText, type Json } from './values.js';

function le(bits: 16 | 32 | 64, ...values: (number | bigint)[]): Buffer {
  const width = bits / 8;
  const buf = Buffer.alloc(values.length * width);
  values.forEach((v, i) => {
    if (bits === 16) buf.writeUInt16LE(Number(v), i * width);
    else if (bits === 32) buf.writeUInt32LE(Number(v), i * width);
    else buf.writeBigUInt64LE(BigInt(v), i * width);
  });
  return buf;
}

function value(type: number, bytes: Buffer): { json: Json; text: string } {
  const v = readSizedValue(bytes, 0, bytes.length, type);
  return { json: valueToJson(v), text: valueToText(v) };
}

const TICKS_1970 = 116444736000000000n;

test('strings end at their first NUL; ANSI strings drop NULs', () => {
  assert.deepEqual(value(0x01, Buffer.from('Advapi\0junk', 'utf16le')).json, 'Advapi');
  assert.deepEqual(value(0x02, Buffer.from('MsiExec\0\0', 'latin1')).json, 'MsiExec');
});

test('integers of each width keep their sign', () => {
  assert.equal(value(0x03, Buffer.from([0xff])).json, -1);
  assert.equal(value(0x04, Buffer.from([0xff])).json, 255);
  assert.equal(value(0x05, le(16, 0xfffe)).json, -2);
  assert.equal(value(0x06, le(16, 0xfffe)).json, 65534);
  assert.equal(value(0x07, le(32, 0xffffffff)).json, -1);
  assert.equal(value(0x08, le(32, 0xffffffff)).json, 4294967295);
  assert.equal(value(0x09, le(64, 0xffffffffffffffffn)).json, -1);
  assert.equal(value(0x0a, le(64, 6575n)).json, 6575);
});

test('floats: JSON keeps the f32 as a double, text is its shortest form', () => {
  const f32 = Buffer.alloc(4);
  f32.writeFloatLE(0.1);
  assert.deepEqual(value(0x0b, f32), { json: 0.10000000149011612, text: '0.1' });
  const nan = Buffer.alloc(8);
  nan.writeDoubleLE(NaN);
  assert.equal(value(0x0c, nan).json, null);
});

test('booleans: any non-zero value is true', () => {
  assert.equal(value(0x0d, le(32, 0)).json, false);
  assert.equal(value(0x0d, le(32, 1)).json, true);
  assert.equal(value(0x0d, le(32, 0x100)).json, true);
});

test('binary as upper-case hex, hex integers as lower-case 0x', () => {
  assert.equal(value(0x0e, Buffer.from([0xe1, 0x07, 0x00])).json, 'E10700');
  assert.equal(value(0x14, le(32, 2097151)).json, '0x1fffff');
  assert.equal(value(0x15, le(64, 0x8000000000000000n)).json, '0x8000000000000000');
  assert.equal(value(0x10, le(32, 4)).json, '0x4');
  assert.equal(value(0x10, le(64, 0x1234n)).json, '0x1234');
});

test('GUID in upper case without braces', () => {
  const guid = Buffer.from('2596845478549449a5ba3e3b0328c30d', 'hex');
  assert.equal(value(0x0f, guid).json, '54849625-5478-4994-A5BA-3E3B0328C30D');
});

test('SID with its big-endian authority and little-endian sub-authorities', () => {
  const sid = Buffer.concat([
    Buffer.from([1, 5, 0, 0, 0, 0, 0, 5]),
    le(32, 21, 3583694148, 1414552638, 2922671848, 1000),
  ]);
  assert.equal(value(0x13, sid).json, 'S-1-5-21-3583694148-1414552638-2922671848-1000');
});

test('FILETIME with microseconds, the last 100 ns digit truncated', () => {
  const ms = Date.UTC(2016, 6, 8, 18, 12, 51, 681);
  const ticks = TICKS_1970 + BigInt(ms) * 10_000n + 6_407n;
  assert.equal(value(0x11, le(64, ticks)).json, '2016-07-08T18:12:51.681640Z');
  assert.equal(value(0x11, le(64, TICKS_1970)).json, '1970-01-01T00:00:00.000000Z');
  assert.equal(value(0x11, le(64, 0n)).json, '1601-01-01T00:00:00.000000Z');
});

test('SYSTEMTIME with milliseconds; an impossible date is null', () => {
  assert.equal(
    value(0x12, le(16, 2019, 3, 5, 8, 23, 23, 5, 7)).json,
    '2019-03-08T23:23:05.007000Z',
  );
  assert.equal(value(0x12, le(16, 2019, 2, 0, 30, 0, 0, 0, 0)).json, null);
  assert.equal(value(0x12, le(16, 2019, 13, 0, 1, 0, 0, 0, 0)).json, null);
});

test('arrays of each kind', () => {
  assert.deepEqual(value(0x81, Buffer.from('sa\0[CLIENT: x]\0', 'utf16le')).json, [
    'sa',
    '[CLIENT: x]',
  ]);
  assert.deepEqual(value(0x86, le(16, 1, 2, 3)), { json: [1, 2, 3], text: '1,2,3' });
  assert.deepEqual(value(0x94, le(32, 1, 255)).json, ['0x1', '0xff']);
  assert.deepEqual(value(0x8d, le(32, 0, 7)).json, [false, true]);
  assert.deepEqual(value(0x8f, Buffer.alloc(32)).json, [
    '00000000-0000-0000-0000-000000000000',
    '00000000-0000-0000-0000-000000000000',
  ]);
  assert.deepEqual(value(0x91, le(64, TICKS_1970)).json, ['1970-01-01T00:00:00.000000Z']);
  assert.deepEqual(
    value(0x93, Buffer.concat([Buffer.from([1, 1, 0, 0, 0, 0, 0, 5]), le(32, 18)])).json,
    ['S-1-5-18'],
  );
});

test('a value longer than the data is an error naming the type', () => {
  assert.throws(() => readSizedValue(Buffer.alloc(4), 0, 8, 0x0a), /UInt64 value/);
  assert.throws(() => readSizedValue(Buffer.alloc(4), 0, 2, 0x08), /UInt32 value/);
  assert.throws(() => readSizedValue(Buffer.alloc(4), 0, 4, 0x7f), /value type/);
});

test('64-bit integers past 2^53 keep every digit in serialised output', () => {
  const max = readSizedValue(le(64, 0xffffffffffffffffn), 0, 8, 0x0a);
  assert.equal(valueToJson(max), 18446744073709551615);
  assert.equal(
    exactJsonText({ a: valueToJson(max, true), b: [1, 'x'] }),
    '{"a":18446744073709551615,"b":[1,"x"]}',
  );
  const min = readSizedValue(le(64, 0x8000000000000000n), 0, 8, 0x09);
  assert.equal(exactJsonText([valueToJson(min, true)]), '[-9223372036854775808]');
});
