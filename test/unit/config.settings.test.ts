// The settings rules in plain Node: every default, every limit, every fallback, written out here
// by hand (not read from the code), and package.json checked against the same hand-written table.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseSettings } from '../../src/config/parse';

const parse = (values: Record<string, unknown>) => parseSettings((k) => values[k]);

/** The defaults as the README documents them. */
const EXPECTED_DEFAULTS = {
  baseUrl: 'https://api.laaffic.com/v3',
  timeoutSeconds: 15,
  expireTimeZone: '+08:00',
  expireZoneMinutes: 480,
  pageSize: 50,
  expiringSoonHours: 24,
  apps: [],
  searchConcurrency: 6,
  searchMatch: 'partial',
  cacheSeconds: 60,
  retries: 2,
  loadAllMaxBindings: 50_000,
  lowBalance: 10,
  maskNumbers: false,
  copyFormat: 'digits',
  defaultCountry: '',
  autoRefreshMinutes: 0,
  problems: [],
};

/** [setting, lowest valid, highest valid, whole numbers only, default]. */
const LIMITS: Array<[string, number, number, boolean, number]> = [
  ['timeoutSeconds', 1, 120, false, 15],
  ['pageSize', 1, 100, true, 50],
  ['expiringSoonHours', 0, 8760, false, 24],
  ['searchConcurrency', 1, 16, true, 6],
  ['cacheSeconds', 0, 3600, false, 60],
  ['retries', 0, 5, true, 2],
  ['loadAllMaxBindings', 100, 1_000_000, true, 50_000],
  ['lowBalance', 0, 1_000_000_000, false, 10],
  ['autoRefreshMinutes', 0, 1440, true, 0],
];

describe('settings: parseSettings()', () => {
  it('nothing set: the documented defaults, no problems', () => {
    assert.deepEqual(parse({}), EXPECTED_DEFAULTS);
  });

  for (const [key, min, max, whole, fallback] of LIMITS) {
    describe(`laafficPns.${key}`, () => {
      it(`accepts ${min} and ${max}`, () => {
        for (const v of [min, max]) {
          const s = parse({ [key]: v });
          assert.equal((s as unknown as Record<string, unknown>)[key], v);
          assert.deepEqual(s.problems, []);
        }
      });
      const bad: unknown[] = [min - 1, max + 1, 'x', '5', Number.NaN, Infinity, true, {}];
      if (whole) bad.push(min + 0.5);
      for (const v of bad) {
        it(`${String(v)} falls back to ${fallback} and is reported`, () => {
          const s = parse({ [key]: v });
          assert.equal((s as unknown as Record<string, unknown>)[key], fallback);
          assert.equal(s.problems.length, 1, JSON.stringify(s.problems));
          assert.match(s.problems[0], new RegExp(`^laafficPns\\.${key} must be .*; using ${fallback}\\.$`));
        });
      }
    });
  }

  it('retries: 0 means no retry (not the default)', () => {
    assert.equal(parse({ retries: 0 }).retries, 0);
  });

  it('expireTimeZone: offsets are read; a bad one is reported and leaves no zone', () => {
    assert.equal(parse({ expireTimeZone: '+05:30' }).expireZoneMinutes, 330);
    assert.equal(parse({ expireTimeZone: '-0800' }).expireZoneMinutes, -480);
    assert.equal(parse({ expireTimeZone: 'Z' }).expireZoneMinutes, 0);
    assert.equal(parse({ expireTimeZone: ' +09:00 ' }).expireTimeZone, '+09:00');
    assert.equal(parse({ expireTimeZone: '' }).expireZoneMinutes, 480);
    const bad = parse({ expireTimeZone: 'Mars/Olympus' });
    assert.equal(bad.expireZoneMinutes, null);
    assert.match(bad.problems[0], /^laafficPns\.expireTimeZone must be an offset such as \+08:00/);
  });

  it('searchMatch: "exact" or "partial"; anything else is reported', () => {
    assert.equal(parse({ searchMatch: 'exact' }).searchMatch, 'exact');
    assert.equal(parse({ searchMatch: 'partial' }).searchMatch, 'partial');
    const s = parse({ searchMatch: 'fuzzy' });
    assert.equal(s.searchMatch, 'partial');
    assert.equal(s.problems.length, 1);
  });

  it('baseUrl: trimmed; empty or not text means the default', () => {
    assert.equal(parse({ baseUrl: ' http://127.0.0.1:8787/v3 ' }).baseUrl, 'http://127.0.0.1:8787/v3');
    assert.equal(parse({ baseUrl: '' }).baseUrl, 'https://api.laaffic.com/v3');
    assert.equal(parse({ baseUrl: 42 }).baseUrl, 'https://api.laaffic.com/v3');
  });

  it('apps: valid ids kept once, labels made one safe line, bad entries reported', () => {
    const s = parse({
      apps: [
        { appId: ' 4luaKsL2 ', label: 'Rides\n[x](command:evil)' },
        '4luaKsL2',
        'second',
        { appId: 'has space' },
        { appId: '[x](command:evil)' },
        { label: 'no id' },
        { appId: 'x'.repeat(65) },
        { appId: 'x'.repeat(64) },
      ],
    });
    assert.deepEqual(s.apps, [{ appId: '4luaKsL2', label: 'Rides \uff3bx\uff3d(command:evil)' }, { appId: 'second' }, { appId: 'x'.repeat(64) }]);
    assert.equal(s.problems.length, 4, JSON.stringify(s.problems));
    for (const p of s.problems) assert.ok(!/[[\]\n]/.test(p), p);
    assert.deepEqual(parse({ apps: 'nope' }).apps, []);
    assert.equal(parse({ apps: 'nope' }).problems.length, 1);
  });

  it('package.json declares the same defaults and limits', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    const props = pkg.contributes.configuration.properties as Record<string, { default: unknown; minimum?: number; maximum?: number; scope?: string }>;
    for (const [key, min, max, , fallback] of LIMITS) {
      const p = props[`laafficPns.${key}`];
      assert.ok(p, `laafficPns.${key} is not declared`);
      assert.deepEqual([p.default, p.minimum, p.maximum], [fallback, min, max], key);
    }
    assert.equal(props['laafficPns.baseUrl'].default, 'https://api.laaffic.com/v3');
    assert.equal(props['laafficPns.baseUrl'].scope, 'application');
    assert.equal(props['laafficPns.expireTimeZone'].default, '+08:00');
    assert.equal(props['laafficPns.searchMatch'].default, 'partial');
    // Masking is a user setting: a repository's settings cannot turn it off.
    assert.deepEqual([props['laafficPns.maskNumbers'].default, props['laafficPns.maskNumbers'].scope], [false, 'application']);
    assert.equal(props['laafficPns.copyFormat'].default, 'digits');
    assert.deepEqual((props['laafficPns.copyFormat'] as unknown as { enum: string[] }).enum, ['digits', 'e164']);
  });

  it('maskNumbers and copyFormat: valid values are taken, others fall back and are reported', () => {
    assert.deepEqual([parse({ maskNumbers: true }).maskNumbers, parse({ maskNumbers: true }).problems], [true, []]);
    assert.deepEqual([parse({ copyFormat: 'e164' }).copyFormat, parse({ copyFormat: 'e164' }).problems], ['e164', []]);
    for (const v of ['yes', 1, {}]) {
      const s = parse({ maskNumbers: v });
      assert.equal(s.maskNumbers, false);
      assert.equal(s.problems.length, 1, JSON.stringify(v));
    }
    for (const v of ['E164', '+', 1]) {
      const s = parse({ copyFormat: v });
      assert.equal(s.copyFormat, 'digits');
      assert.equal(s.problems.length, 1, JSON.stringify(v));
    }
  });

  it('defaultCountry: a calling code ("91", "+91") is taken as its digits; anything else is reported and left unset', () => {
    assert.deepEqual([parse({ defaultCountry: '91' }).defaultCountry, parse({ defaultCountry: ' +91 ' }).defaultCountry, parse({ defaultCountry: '1' }).problems], ['91', '91', []]);
    for (const v of ['IN', '0', '+', '1234', '9 1', 91, {}]) {
      const s = parse({ defaultCountry: v });
      assert.equal(s.defaultCountry, '', JSON.stringify(v));
      assert.equal(s.problems.length, 1, JSON.stringify(v));
      assert.match(s.problems[0], /laafficPns\.defaultCountry must be a calling code/);
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    assert.equal(pkg.contributes.configuration.properties['laafficPns.defaultCountry'].default, '');
  });
});
