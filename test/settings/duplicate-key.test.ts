import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers.js';
import { duplicateKey } from '../../src/settings/duplicate-key.js';

describe('duplicateKey', () => {
  it('finds a key given twice in one object, at the line of its second appearance', () => {
    expect(duplicateKey('{"csat": ">= 95",\n "csat": ">= 70"}')).toEqual({ key: 'csat', line: 2 });
    expect(duplicateKey('{"a": {"b": 1, "c": {"b": 2}}, "d": [1, {"e": 1, "e": 2}]}')).toEqual({ key: 'e', line: 1 });
    expect(duplicateKey('{"a\\"b": 1, "a\\"b": 2}')).toEqual({ key: 'a"b', line: 1 });
  });
  it('the same key in different objects, or a value spelled like a key, is none', () => {
    expect(duplicateKey('[{"a": 1}, {"a": 1}]')).toBeNull();
    expect(duplicateKey('{"k": "v", "v": 1, "x": "\\"k\\": 1"}')).toBeNull();
    expect(duplicateKey('{"values": {"status": {"a": "resolved"}, "channel": {"a": "email"}}}')).toBeNull();
  });
});

describe('a targets or config file that repeats a key is refused, not read as its last rule', () => {
  it.each([
    ['--targets', 't.json'],
    ['--config', 't.json'],
  ])('%s', async (flag, file) => {
    const body = flag === '--targets' ? '{"csat": ">= 95",\n  "csat": ">= 70"}\n' : '{"targets": {"csat": ">= 95",\n  "csat": ">= 70"}}\n';
    const dir = scratch({ 's.csv': 'type,score\ncsat,4\ncsat,3\n', [file]: body });
    const r = await cli(['compute', 's.csv', flag, file, '--fail-on-breach'], { cwd: dir });
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'csm-kpi: t.json:2: "csat" is given twice in the same object; JSON would keep only the last: give it once\n']);
  });
});
