/**
 * The nested pretraining protocol's pieces: learning-rate schedule, EMA weight averaging, test-time augmentation,
 * the patient-disjoint carves, and the progress / ETA line.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/domain/errors.js';
import { initEngine } from '../../../shared/engine/index.js';
import { patientOverlap } from '../../../shared/data/split.js';
import { carveNested } from '../../../shared/train/pretrain-carve.js';
import { emaDecayAt, emaUpdate, WeightAverage } from '../../../shared/train/pretrain-ema.js';
import { etaSeconds, formatDuration, progressLine } from '../../../shared/train/pretrain-progress.js';
import { checkSchedule, learningRateAt, setLearningRate } from '../../../shared/train/pretrain-schedule.js';
import { augmentFor, withLegacyDefaults } from '../../../shared/train/pretrain-settings.js';
import { DEFAULT_TTA_VIEWS, scoreWithTta, warpView } from '../../../shared/train/pretrain-tta.js';
import { TINY_SIZE, tinyVggLike, toySamples } from './tiny-model.js';

beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
});

describe('learningRateAt', () => {
  const o = { base: 1e-3, warmupSteps: 10, totalSteps: 110, minFactor: 0.01 };

  it('warms up linearly from 10 % to the peak, then decays by a cosine to minFactor at the last step', () => {
    expect(learningRateAt(0, o)).toBeCloseTo(1e-4, 12);
    expect(learningRateAt(5, o)).toBeCloseTo(1e-4 + 0.5 * 9e-4, 12);
    expect(learningRateAt(10, o)).toBeCloseTo(1e-3, 12);
    expect(learningRateAt(10 + 99 / 2, o)).toBeCloseTo(1e-3 * (0.01 + 0.99 * 0.5), 12);
    expect(learningRateAt(109, o)).toBeCloseTo(1e-5, 12);
    expect(learningRateAt(500, o)).toBeCloseTo(1e-5, 12);
  });

  it('is monotone: rising through warm-up, falling after', () => {
    const rates = Array.from({ length: 110 }, (_, s) => learningRateAt(s, o));
    for (let s = 1; s <= 10; s++) expect(rates[s]!).toBeGreaterThan(rates[s - 1]!);
    for (let s = 11; s < 110; s++) expect(rates[s]!).toBeLessThan(rates[s - 1]!);
  });

  it('minFactor 1 without warm-up is a constant rate (how runs before the schedule trained)', () => {
    const flat = { base: 2e-4, warmupSteps: 0, totalSteps: 50, minFactor: 1 };
    expect(new Set(Array.from({ length: 50 }, (_, s) => learningRateAt(s, flat)))).toEqual(new Set([2e-4]));
  });

  it('rejects a warm-up longer than the run and a bad factor, naming them', () => {
    expect(() => checkSchedule({ ...o, warmupSteps: 200 })).toThrow(/warm-up steps must be an integer in 0\.\.110, got 200/);
    expect(() => checkSchedule({ ...o, minFactor: 2 })).toThrow(ConfigError);
  });

  it('sets the rate of tfjs Adam (read at every step) and refuses objects without one', () => {
    const adam = tf.train.adam(0.1);
    setLearningRate(adam, 0.05);
    expect((adam as unknown as { learningRate: number }).learningRate).toBe(0.05);
    expect(() => setLearningRate({}, 0.05)).toThrow(/no settable learning rate/);
  });
});

describe('EMA weight averaging', () => {
  it('ramps the decay up from 0.1 to its ceiling', () => {
    expect(emaDecayAt(0, 0.999)).toBeCloseTo(0.1, 12);
    expect(emaDecayAt(90, 0.999)).toBeCloseTo(91 / 100, 12);
    expect(emaDecayAt(1e6, 0.999)).toBe(0.999);
  });

  it('emaUpdate blends in place and refuses a size mismatch', () => {
    const shadow = Float32Array.from([1, 2]);
    emaUpdate(shadow, [3, 6], 0.75);
    expect(Array.from(shadow)).toEqual([1.5, 3]);
    expect(() => emaUpdate(shadow, [1], 0.5)).toThrow(/2 values, the weight 1/);
  });

  it('tracks the variables, evaluates with the average and restores the raw weights, and resumes from saved shadows', async () => {
    // Prepare
    const v = tf.variable(tf.tensor1d([0, 0]), true, 'ema_test_v');
    const ema = new WeightAverage([v], 0.5);

    // Execute: two "steps" moving the weight to 4, then 8.
    v.assign(tf.tensor1d([4, 4]));
    ema.update(); // d = min(0.5, 1/10) = 0.1 → 3.6
    v.assign(tf.tensor1d([8, 8]));
    ema.update(); // d = min(0.5, 2/11) → 3.6·2/11 + 8·9/11
    const inside = await ema.withAveraged(() => Array.from(v.dataSync()));
    const resumed = new WeightAverage([v], 0.5, { shadows: ema.snapshot(), updates: ema.updates });

    // Assert
    const expected = 3.6 * (2 / 11) + 8 * (9 / 11);
    expect(inside[0]).toBeCloseTo(expected, 5);
    expect(Array.from(v.dataSync())).toEqual([8, 8]);
    expect(resumed.updates).toBe(2);
    expect(resumed.snapshot()[0]![1]).toBeCloseTo(expected, 5);
    expect(() => new WeightAverage([v], 1)).toThrow(/EMA decay must be in \(0, 1\)/);
    v.dispose();
  });
});

describe('test-time augmentation', () => {
  const size = 8;
  const ramp = Float32Array.from({ length: size * size * 3 }, (_, i) => Math.floor(i / 3) % size); // value = column

  it('the identity view is the image itself; a shift moves columns by dx·size', () => {
    expect(warpView(ramp, size, { scale: 1, dx: 0, dy: 0 })).toBe(ramp);
    const shifted = warpView(ramp, size, { scale: 1, dx: 0.25, dy: 0 });
    // Output column c samples source column c − 2 (edge-clamped at 0).
    const row = (img: Float32Array, y: number): number[] => Array.from({ length: size }, (_, c) => img[(y * size + c) * 3]!);
    expect(row(shifted, 3)).toEqual([0, 0, 0, 1, 2, 3, 4, 5]);
  });

  it('averages the model’s scores over the views (one view = plain scoring)', () => {
    // Prepare
    const model = tinyVggLike(3);
    const samples = toySamples(6, 4);
    const views = DEFAULT_TTA_VIEWS.slice(0, 3);

    // Execute
    const plain = scoreWithTta(model, samples, views.slice(0, 1));
    const perView = views.map((v) => scoreWithTta(model, samples.map((s) => ({ ...s, x: warpView(s.x, TINY_SIZE, v) })), views.slice(0, 1)));
    const tta = scoreWithTta(model, samples, views);

    // Assert
    const direct = model.predict(tf.tensor(samples.flatMap((s) => Array.from(s.x)), [6, TINY_SIZE, TINY_SIZE, 3])) as tf.Tensor;
    Array.from(direct.dataSync()).forEach((d, i) => expect(plain[i]).toBeCloseTo(d, 6));
    tta.forEach((t, i) => expect(t).toBeCloseTo((perView[0]![i]! + perView[1]![i]! + perView[2]![i]!) / 3, 6));
    direct.dispose();
    model.dispose();
  });
});

describe('carveNested', () => {
  // 60 normal patients (some with two images) and 90 pneumonia patients.
  const items = [
    ...Array.from({ length: 80 }, (_, i) => ({ id: `n${i}`, patient: `IM-${Math.min(i, 59)}`, y: 0 as const })),
    ...Array.from({ length: 90 }, (_, i) => ({ id: `p${i}`, patient: `person${i}`, y: 1 as const })),
  ];
  const base = { seed: 5, valFraction: 0.1, testFraction: 0.1, nTrain: 40, nVal: 8 };

  it('full: uses every image once, by patient, with about the asked fractions per class', () => {
    const c = carveNested(items, { ...base, protocol: 'full' });

    expect(patientOverlap(c)).toEqual([]);
    expect([...c.train, ...c.val, ...c.test].map((e) => e.id).sort()).toEqual(items.map((e) => e.id).sort());
    for (const y of [0, 1] as const) {
      const n = items.filter((e) => e.y === y).length;
      for (const split of [c.val, c.test]) expect(Math.abs(split.filter((e) => e.y === y).length - 0.1 * n)).toBeLessThanOrEqual(2);
    }
  });

  it('paper: balanced train and validation, internal test = the left-over patients only', () => {
    const c = carveNested(items, { ...base, protocol: 'paper' });

    expect(patientOverlap(c)).toEqual([]);
    expect([c.train.filter((e) => e.y === 0).length, c.train.filter((e) => e.y === 1).length]).toEqual([40, 40]);
    expect([c.val.filter((e) => e.y === 0).length, c.val.filter((e) => e.y === 1).length]).toEqual([8, 8]);
    const used = new Set([...c.train, ...c.val].map((e) => e.patient));
    expect(c.test.length).toBeGreaterThan(0);
    expect(c.test.every((e) => !used.has(e.patient))).toBe(true);
    expect(c.test.length).toBe(items.filter((e) => !used.has(e.patient)).length);
  });

  it('is seeded: the same seed gives the same carve, another seed another', () => {
    const ids = (seed: number): string[] => carveNested(items, { ...base, seed, protocol: 'full' }).test.map((e) => e.id);
    expect(ids(5)).toEqual(ids(5));
    expect(ids(6)).not.toEqual(ids(5));
  });

  it('rejects impossible fractions and a missing class, naming them', () => {
    expect(() => carveNested(items, { ...base, protocol: 'full', valFraction: 0.5, testFraction: 0.5 })).toThrow(/sum to < 1/);
    expect(() => carveNested(items.filter((e) => e.y === 0), { ...base, protocol: 'full' })).toThrow(/class 1 has 0 images/);
  });
});

describe('settings and progress', () => {
  it('an old state.json resumes as it trained: paper carve, constant rate, no EMA, TTA or augmentation', () => {
    const s = withLegacyDefaults({ data: 'd', out: 'o', inputSize: 64, epochs: 3, batchSize: 8, learningRate: 1e-4, seed: 1, patience: 4, nTrain: 4, nVal: 2, nTest: 0 });
    expect(s).toMatchObject({ protocol: 'paper', warmupEpochs: 0, minLrFactor: 1, emaDecay: 0, tta: false, augment: 'none' });
    expect(augmentFor('none')).toBeNull();
  });

  it('strong augmentation is seeded and changes the batch', () => {
    const batch = Float32Array.from({ length: 2 * 16 * 16 * 3 }, (_, i) => (i % 97) - 40);
    const aug = augmentFor('strong')!;
    expect(Array.from(aug(batch, 2, 16, 3))).toEqual(Array.from(aug(batch, 2, 16, 3)));
    expect(Array.from(aug(batch, 2, 16, 3))).not.toEqual(Array.from(batch));
  });

  it('formats durations and the ETA from this session’s rate', () => {
    expect([formatDuration(12.4), formatDuration(245), formatDuration(3720), formatDuration(NaN)]).toEqual(['12s', '4m05s', '1h02m', '?']);
    // Resumed at step 100 of 1000; 50 steps in this session took 100 s → 850 steps left at 2 s.
    expect(etaSeconds(150, 50, 100, 1000)).toBe(1700);
    expect(etaSeconds(100, 0, 0, 1000)).toBeNaN();
    expect(progressLine({ epoch: 2, epochs: 10, step: 150, totalSteps: 1000, loss: 0.5, lr: 1e-4, eta: 1700 })).toBe(
      'epoch 2/10  step 150/1000 (15.0%)  loss 0.5000  lr 1.00e-4  ETA 28m20s',
    );
  });
});
