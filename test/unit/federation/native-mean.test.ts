import { afterEach, describe, expect, it } from 'vitest';
import { meanKernelChoice } from '../../../shared/federation/native-mean.js';
import { ConfigError } from '../../../shared/domain/errors.js';

describe('FEDCXR_MEAN_KERNEL: which weighted-mean kernel FedAvg runs', () => {
  const saved = process.env.FEDCXR_MEAN_KERNEL;
  afterEach(() => {
    if (saved === undefined) delete process.env.FEDCXR_MEAN_KERNEL;
    else process.env.FEDCXR_MEAN_KERNEL = saved;
  });

  it('defaults to auto and accepts js and native', () => {
    delete process.env.FEDCXR_MEAN_KERNEL;
    expect(meanKernelChoice()).toBe('auto');
    for (const v of ['auto', 'js', 'native'] as const) {
      process.env.FEDCXR_MEAN_KERNEL = v;
      expect(meanKernelChoice()).toBe(v);
    }
  });

  it('rejects any other value with a ConfigError naming it', () => {
    process.env.FEDCXR_MEAN_KERNEL = 'simd';
    expect(() => meanKernelChoice()).toThrow(ConfigError);
    expect(() => meanKernelChoice()).toThrow(/FEDCXR_MEAN_KERNEL must be 'auto', 'js' or 'native', got 'simd'/);
  });
});
