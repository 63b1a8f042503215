import { describe, expect, it } from 'vitest';
import { statusBarView } from '../../src/view-model/status-bar-view.js';
import { record, succeeded } from './records.js';

const a = record({ ref: 'ltx:text-to-video/a' }, { state: 'running', progress: 20 });
const b = record({ ref: 'ltx:text-to-video/b' }, { state: 'running', progress: 61 });
const q = record({ ref: 'ltx:text-to-video/q' });
const f = record({ ref: 'ltx:text-to-video/f' }, { state: 'failed', error: { type: 'x', message: 'boom' } });

describe('statusBarView', () => {
  it.each([
    ['idle', [succeeded()], [], { visible: false, text: '', error: false }],
    ['two running', [a, b], [], { visible: true, text: '$(sync~spin) LTX: 2 running 41%', error: false }],
    ['no progress known', [q], [], { visible: true, text: '$(sync~spin) LTX: 1 running', error: false }],
    [
      'running after a fresh failure',
      [a, f],
      [f.ref],
      { visible: true, text: '$(sync~spin) LTX: 1 running 20% · 1 failed', error: true },
    ],
    [
      'idle after a fresh failure',
      [f],
      [f.ref],
      { visible: true, text: '$(error) LTX: 1 failed', error: true },
    ],
    ['failure already seen', [f], [], { visible: false, text: '', error: false }],
    ['not watched any more', [{ ...a, watching: false }], [], { visible: false, text: '', error: false }],
  ])('%s', (_name, records, unseen, expected) => {
    expect(statusBarView(records, unseen)).toMatchObject(expected);
  });

  it('matches what the e2e tests look for', () => {
    expect(statusBarView([a], []).text).toMatch(/LTX: \d+ running/);
  });
});
