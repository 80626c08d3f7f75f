import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCondition, evaluateCondition } from './evaluate-condition.js';
import { contextView } from './context.js';
import { ipOperators } from './ip.js';

const holds = (op: string, values: string[], v?: string) =>
  evaluateCondition(compileCondition(op, 'aws:SourceIp', values, true), contextView(v === undefined ? {} : { 'aws:SourceIp': v })).holds;

// "Condition operators" › IP address condition operators
const cases: Array<[string, string[], string | undefined, boolean]> = [
  ['IpAddress', ['203.0.113.0/24'], '203.0.113.7', true],
  ['IpAddress', ['203.0.113.0/24'], '203.0.114.7', false],
  ['IpAddress', ['203.0.113.7'], '203.0.113.7', true], // bare address = /32
  ['IpAddress', ['203.0.113.7'], '203.0.113.8', false],
  ['IpAddress', ['2001:DB8:1234:5678::/64'], '2001:db8:1234:5678::1', true],
  ['IpAddress', ['2001:DB8:1234:5678::/64'], '2001:db8:1234:5679::1', false],
  ['IpAddress', ['203.0.113.0/24', '2001:DB8::/32'], '2001:db8::9', true], // mixed v4/v6 list
  ['IpAddress', ['203.0.113.0/24'], '::ffff:203.0.113.9', true], // IPv4-mapped IPv6
  ['IpAddress', ['203.0.113.0/24'], 'garbage', false],
  ['NotIpAddress', ['203.0.113.0/24'], '198.51.100.1', true],
  ['NotIpAddress', ['203.0.113.0/24'], '203.0.113.1', false],
  ['NotIpAddress', ['203.0.113.0/24'], undefined, true],
];
for (const [op, values, v, want] of cases) {
  test(`ip: ${op} ${values} vs ${v} → ${want}`, () => assert.equal(holds(op, values, v), want));
}

test('ip: a policy value that is not an address or CIDR is rejected', () => {
  assert.equal(typeof ipOperators[0].compile('10.0.0.0/33', false), 'string');
  assert.equal(typeof ipOperators[0].compile('nope', false), 'string');
});
