import { strict as assert } from 'node:assert';
import { parseLifetime } from '../../src/shared/lifetime';

describe('parseLifetime (Bind Numbers…, custom lifetime)', () => {
  const MAX = 259_200;
  const cases: Array<[string, number | undefined]> = [
    ['600', 600],
    [' 90m ', 5400],
    ['90 min', 5400],
    ['12h', 43_200],
    ['3d', 259_200],
    ['2D', 172_800],
    ['1s', 1],
    ['0', undefined],
    ['4d', undefined],
    ['259201', undefined],
    ['1.5h', undefined],
    ['-5', undefined],
    ['h', undefined],
    ['', undefined],
    ['10 weeks', undefined],
  ];
  for (const [text, expected] of cases) it(`${JSON.stringify(text)} -> ${expected}`, () => assert.equal(parseLifetime(text, MAX), expected));
});
