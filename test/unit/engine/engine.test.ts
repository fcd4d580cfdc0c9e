import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, UnavailableError } from '../../../shared/domain/errors.js';
import { BACKEND_CHAIN, backendFromEnv, initEngine, resolveThreads } from '../../../shared/engine/index.js';

// These tests exercise FEDCXR_BACKEND themselves: start each from a clean environment.
const savedEnv = { backend: process.env.FEDCXR_BACKEND, threads: process.env.FEDCXR_THREADS };
beforeEach(() => {
  delete process.env.FEDCXR_BACKEND;
  delete process.env.FEDCXR_THREADS;
});
afterEach(() => {
  if (savedEnv.backend === undefined) delete process.env.FEDCXR_BACKEND;
  else process.env.FEDCXR_BACKEND = savedEnv.backend;
  if (savedEnv.threads === undefined) delete process.env.FEDCXR_THREADS;
  else process.env.FEDCXR_THREADS = savedEnv.threads;
});

describe('initEngine', () => {
  it('activates a requested backend and reports it', async () => {
    const info = await initEngine({ backend: 'cpu' });
    expect(info.backend).toBe('cpu');
    expect(info.source).toBe('option');
    expect(tf.getBackend()).toBe('cpu');
    expect(info.tfjsVersion).toBe(tf.version_core);
    expect(info.threads).toBe(1);
    expect(info.tried).toEqual([]);
  });

  it('is idempotent and switches back after another request', async () => {
    const first = await initEngine({ backend: 'cpu' });
    const wasm = await initEngine({ backend: 'wasm' });
    const again = await initEngine({ backend: 'cpu' });
    expect(again).toBe(first);
    expect(tf.getBackend()).toBe('cpu');
    expect(wasm.backend).toBe('wasm');
    expect(wasm.simd).toBe(true);
    // tfjs' wasm backend has no worker threads in Node: it must say so rather than echo the request.
    expect(wasm.threads).toBe(1);
  });

  it('walks the chain in order, recording why each faster backend was skipped', async () => {
    const info = await initEngine();
    const selected = BACKEND_CHAIN.indexOf(info.backend);
    expect(info.source).toBe('chain');
    expect(info.tried.map((t) => t.backend)).toEqual(BACKEND_CHAIN.slice(0, selected));
    for (const t of info.tried) expect(t.error.length).toBeGreaterThan(5);
    expect(info.threads).toBeGreaterThanOrEqual(1);
  });

  it('lets FEDCXR_BACKEND override a test-requested backend inside vitest', async () => {
    process.env.FEDCXR_BACKEND = 'cpu';
    const info = await initEngine({ backend: 'wasm' });
    expect(info.backend).toBe('cpu');
    expect(info.source).toBe('env');
  });

  it('names the backend and the cause when a forced backend is unavailable', async () => {
    // tfjs-node-gpu is an optional peer this repository never installs.
    const attempt = initEngine({ backend: 'tensorflow-gpu' });
    await expect(attempt).rejects.toThrow(UnavailableError);
    await expect(attempt).rejects.toThrow(/backend tensorflow-gpu .*unavailable: .*tfjs-node-gpu/);
  });
});

describe('backendFromEnv', () => {
  it('accepts known names and rejects others with the list', () => {
    expect(backendFromEnv({ FEDCXR_BACKEND: 'wasm' })).toBe('wasm');
    expect(backendFromEnv({})).toBeUndefined();
    expect(() => backendFromEnv({ FEDCXR_BACKEND: 'webgl' })).toThrow(ConfigError);
    expect(() => backendFromEnv({ FEDCXR_BACKEND: 'webgl' })).toThrow(/tensorflow-gpu, tensorflow, fedcxr-native, wasm, cpu/);
  });
});

describe('resolveThreads', () => {
  it('prefers the option, then FEDCXR_THREADS, then all cores', () => {
    expect(resolveThreads(3, { FEDCXR_THREADS: '5' })).toBe(3);
    expect(resolveThreads(undefined, { FEDCXR_THREADS: '5' })).toBe(5);
    expect(resolveThreads(undefined, {})).toBeGreaterThanOrEqual(1);
  });

  it('rejects non-positive or fractional counts', () => {
    expect(() => resolveThreads(0)).toThrow(ConfigError);
    expect(() => resolveThreads(undefined, { FEDCXR_THREADS: 'many' })).toThrow(/FEDCXR_THREADS=many/);
    expect(() => resolveThreads(1.5)).toThrow(ConfigError);
  });
});
