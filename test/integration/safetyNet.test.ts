// The safety net of src/ui/safety.ts in the real VS Code: every log line (at every level) and every
// message goes through safeText, and while masking is on every remembered phone A or B is
// masked, however the text was composed. The commands mask what they write themselves, so no
// journey reaches the net: this drives it directly (a mutation pass, scripts/mutate.mjs, showed
// that removing it went unnoticed). Its module state is the test bundle's own copy, not the
// running extension's.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { rememberPhone } from '../../src/display/phone';
import { rememberSecrets, safeLogChannel, safeMessage, setPhoneMasking } from '../../src/ui/safety';

/** A stand-in log channel that keeps each line it is given. */
function recordingChannel(): { channel: vscode.LogOutputChannel; lines: string[] } {
  const lines: string[] = [];
  const keep = (m: string) => void lines.push(m);
  const channel = { name: 'safety-net test', trace: keep, debug: keep, info: keep, warn: keep, error: keep, append: keep, appendLine: keep } as unknown as vscode.LogOutputChannel;
  return { channel, lines };
}

suite('Safety net for notifications and the log', () => {
  teardown(() => setPhoneMasking(false));

  test('every log level: one line, no link, no secret', () => {
    rememberSecrets('sNet-secret-4242');
    const { channel, lines } = recordingChannel();
    const log = safeLogChannel(channel);
    const hostile = 'reason [Fix](command:laafficPns.clearCredentials)\r\nforged line sNet-secret-4242';
    log.info(hostile);
    log.warn(hostile);
    log.error(hostile);
    assert.equal(lines.length, 3);
    for (const line of lines) assert.equal(line, 'reason ［Fix］(command:laafficPns.clearCredentials) forged line ***');
  });

  test('while masking is on, a remembered phone is masked in log lines and messages; off, it is shown', () => {
    rememberPhone('917414913233');
    const { channel, lines } = recordingChannel();
    const log = safeLogChannel(channel);
    setPhoneMasking(true);
    log.info('Bound 917414913233 in app x');
    log.error('Failed for +91 74149 13233');
    assert.deepEqual(lines, ['Bound +91 74•••• 3233 in app x', 'Failed for +91 74•••• 3233']);
    assert.equal(safeMessage('Bound 917414913233.'), 'Bound +91 74•••• 3233.');
    setPhoneMasking(false);
    assert.equal(safeMessage('Bound 917414913233.'), 'Bound 917414913233.');
  });
});
