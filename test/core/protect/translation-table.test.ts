import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../../core/protect/ip-address.ts';
import { TranslationTable } from '../../../core/protect/translation-table.ts';

const net = (cidr: string) => parseCidr(cidr)!;

describe('TranslationTable', () => {
  it('hands out the next address of the network, once per original', () => {
    const table = new TranslationTable();
    expect(table.assign('10.128.0.55', net('10.128.0.0/14'))).toBe('10.128.0.1');
    expect(table.assign('10.128.0.56', net('10.128.0.0/14'))).toBe('10.128.0.2');
    expect(table.assign('10.128.0.55', net('10.128.0.0/14'))).toBe('10.128.0.1');
    expect(table.assign('172.30.0.5', net('172.30.0.0/16'))).toBe('172.30.0.1');
    expect(table.lookup('10.128.0.56')).toBe('10.128.0.2');
    expect(table.lookup('10.0.0.1')).toBeUndefined();
    expect(table.size).toBe(3);
  });

  it('skips the network and broadcast addresses when it wraps', () => {
    const table = new TranslationTable();
    const n = net('10.0.0.0/30');
    const out = ['a', 'b', 'c', 'd', 'e'].map((x) => table.assign(x, n));
    expect(out).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.1', '10.0.0.2', '10.0.0.1']);
  });

  it('counts IPv6 networks with bigints', () => {
    const table = new TranslationTable();
    expect(table.assign('fd01::abcd', net('fd01::/48'))).toBe('fd01::1');
    expect(table.assign('fd01::1:2', net('fd01::/48'))).toBe('fd01::2');
  });

  it('round-trips through JSON and keeps counting after it', () => {
    const table = new TranslationTable();
    table.assign('10.128.3.4', net('10.128.0.0/14'));
    table.assign('fd01::9', net('fd01::/48'));
    const copy = TranslationTable.fromJSON(JSON.parse(JSON.stringify(table)));
    expect(copy.lookup('10.128.3.4')).toBe('10.128.0.1');
    expect(copy.lookup('fd01::9')).toBe('fd01::1');
    expect(copy.assign('10.128.3.5', net('10.128.0.0/14'))).toBe('10.128.0.2');
    expect(copy.toJSON().version).toBe(1);
  });

  it('refuses what is not a table', () => {
    expect(() => TranslationTable.fromJSON({})).toThrow(/version 1/);
    expect(() => TranslationTable.fromJSON({ version: 1, addresses: { a: 1 }, counters: {} })).toThrow(/not a string/);
    expect(() => TranslationTable.fromJSON({ version: 1, addresses: {}, counters: { k: 'x' } })).toThrow(/decimal/);
  });

  it('forgets the least recently used addresses beyond its limit, never reusing a value', () => {
    const table = new TranslationTable({ limit: 4 });
    const n = net('10.0.0.0/8');
    for (const a of ['a', 'b', 'c', 'd']) table.assign(a, n);
    table.lookup('a');
    table.assign('e', n);
    expect(table.size).toBe(4);
    expect(table.lookup('a')).toBe('10.0.0.1');
    expect(table.lookup('b')).toBeUndefined();
    expect(table.assign('b', n)).toBe('10.0.0.6');
  });
});
