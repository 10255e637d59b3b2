// Electron: the fuses the packaged app is built with (applied through electron-builder's own code
// to a stand-in binary carrying Electron 45's fuse wire: electron-builder itself is never run
// here), and "open dropped file" limited to what the user just dropped.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DROP_TTL_MS, DroppedFiles } from '../../electron/preload/dropped_files.js';

const root = join(__dirname, '..', '..');
const require = createRequire(join(root, 'package.json'));
const config = require('./build/electron-builder.config.cjs');

describe('electron fuses', () => {
  it('the config passes electron-builder’s schema with electronFuses set', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    await expect(validateConfiguration(structuredClone(config), { isEnabled: false, add() {} })).resolves.toBeUndefined();
  });

  it('flipped into a binary as electron-builder does: no RunAsNode, no NODE_OPTIONS, no --inspect, cookies encrypted, ASAR only and checked, file:// plain', async () => {
    const { PlatformPackager } = require('app-builder-lib');
    const fuses = require('@electron/fuses');
    const { FuseV1Options } = fuses;
    const FuseState = { DISABLE: 48, ENABLE: 49 }; // '0' and '1' on the wire (@electron/fuses constants)
    const wireConfig = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses);
    // Electron's defaults (what an unfused binary ships): RunAsNode, NodeOptions, Inspect and
    // file:// privileges on; cookie encryption, ASAR integrity and ASAR-only off.
    const defaults = '101100010';
    const bin = join(mkdtempSync(join(tmpdir(), 'wt-sec-fuses-')), 'electron');
    writeFileSync(bin, Buffer.concat([Buffer.from('\x7fELF padding '), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX') /* @electron/fuses' SENTINEL */, Buffer.from([1, defaults.length]), Buffer.from(defaults), Buffer.from(' tail')]));
    await fuses.flipFuses(bin, wireConfig);
    const wire = await fuses.getCurrentFuseWire(bin);
    const state = (o: number) => wire[o];
    expect(state(FuseV1Options.RunAsNode)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(FuseState.DISABLE);
    expect(config.asar).toBe(true); // OnlyLoadAppFromAsar needs the app in app.asar
  });
});

describe('open dropped file: only what the user just dropped', () => {
  it('a path from no drop, or from a script-made (untrusted) drop, is refused', () => {
    const d = new DroppedFiles(() => 0);
    expect(d.take('/home/me/.ssh/id_rsa')).toBe(false);
    d.record(false, ['/etc/passwd']);
    expect(d.take('/etc/passwd')).toBe(false);
  });

  it('a trusted drop opens each of its paths once; a later drop replaces the earlier one', () => {
    const d = new DroppedFiles(() => 0);
    d.record(true, ['/a.yaml', '/b.yaml', '']);
    expect(d.take('')).toBe(false);
    expect(d.take('/a.yaml')).toBe(true);
    expect(d.take('/a.yaml')).toBe(false);
    d.record(true, ['/c.yaml']);
    expect(d.take('/b.yaml')).toBe(false);
    expect(d.take('/c.yaml')).toBe(true);
  });

  it('a dropped file kept by the page for later is refused after the time limit', () => {
    let now = 0;
    const d = new DroppedFiles(() => now);
    d.record(true, ['/a.yaml']);
    now = DROP_TTL_MS + 1;
    expect(d.take('/a.yaml')).toBe(false);
  });
});
