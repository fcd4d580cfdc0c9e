/** site.yaml: identity, coordinator, local data (manifest or phantoms), cache dir and the operator's caps. */
import { z } from 'zod';
import { SiteIdSchema } from './site-id.js';

/** Local data: a manifest (CSV or class folders) or synthetic phantoms. */
export const SiteDataSchema = z
  .object({
    manifest: z.string().optional(),
    phantom: z
      .object({ nNormal: z.number().int().nonnegative(), nDisease: z.number().int().nonnegative(), seed: z.number().int().default(1), difficulty: z.enum(['easy', 'default', 'hard']).default('default') })
      .strict()
      .optional(),
    /** Input size the site preprocesses to (must equal the run's). @default 224 */
    inputSize: z.number().int().min(32).default(224),
    /** Held-out fraction per class for the test split when the manifest has no split column. @default 0.2 */
    testFraction: z.number().min(0).lt(1).default(0.2),
    valFraction: z.number().min(0).lt(1).default(0),
    seed: z.number().int().default(1),
  })
  .strict()
  .refine((d) => (d.manifest === undefined) !== (d.phantom === undefined), { message: 'give exactly one of manifest, phantom' });

/** What the site's operator allows, whatever the coordinator asks. */
export const CapsSchema = z
  .object({
    maxRounds: z.number().int().positive().default(1000),
    maxLocalEpochs: z.number().int().positive().default(10),
    maxUploadBytes: z.number().int().positive().default(1024 ** 3),
    /** Finest score histogram an evaluation may be asked for. @default 100 */
    maxHistogramBins: z.number().int().min(2).default(100),
  })
  .strict();

/** The site-side methods against label skew (docs/federation.md, "Methods against label skew"). */
export const SiteMethodsSchema = z
  .object({
    /** Personalisation: fine-tune the head on local training data before every evaluation. @default off */
    fineTune: z
      .object({
        epochs: z.number().int().positive(),
        learningRate: z.number().positive(),
        batchSize: z.number().int().positive().optional(),
        seed: z.number().int().optional(),
        /** Early stopping on the site's validation split (needs data.valFraction > 0). @default none */
        patience: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
    /** Harmonisation opt-in: share a histogram of training-image gray levels with this many bins. @default not shared */
    intensityBins: z.number().int().min(2).max(256).optional(),
  })
  .strict();

/** A parsed methods block. */
export type SiteMethodsConfig = z.infer<typeof SiteMethodsSchema>;

/** The executor options of a methods block (absent fields stay absent). */
export function siteMethodOptions(m: SiteMethodsConfig | undefined): {
  fineTune?: { epochs: number; learningRate: number; batchSize?: number; seed?: number; patience?: number };
  intensityBins?: number;
} {
  if (!m) return {};
  const ft = m.fineTune;
  return {
    ...(ft
      ? {
          fineTune: {
            epochs: ft.epochs,
            learningRate: ft.learningRate,
            ...(ft.batchSize !== undefined ? { batchSize: ft.batchSize } : {}),
            ...(ft.seed !== undefined ? { seed: ft.seed } : {}),
            ...(ft.patience !== undefined ? { patience: ft.patience } : {}),
          },
        }
      : {}),
    ...(m.intensityBins !== undefined ? { intensityBins: m.intensityBins } : {}),
  };
}

/** The whole site.yaml. */
export const SiteConfigSchema = z
  .object({
    siteId: SiteIdSchema,
    key: z.string().min(16).optional(),
    keyFile: z.string().optional(),
    coordinatorUrl: z.string().url(),
    /** PEM file pinning the coordinator's certificate (or its CA). @default system CAs */
    ca: z.string().optional(),
    /** PEM client certificate (CN = siteId) for a coordinator that requires mutual TLS (its `tls.ca`); with `clientKey`. */
    clientCert: z.string().optional(),
    /** PEM private key of `clientCert`. */
    clientKey: z.string().optional(),
    insecure: z.boolean().default(false),
    data: SiteDataSchema,
    cacheDir: z.string().default('./fedcxr-site-cache'),
    auditLog: z.string().optional(),
    backend: z.enum(['tensorflow-gpu', 'tensorflow', 'fedcxr-native', 'wasm', 'cpu']).optional(),
    threads: z.number().int().positive().optional(),
    caps: CapsSchema.default(CapsSchema.parse({})),
    /** Evaluation metrics from fewer examples are withheld. @default 10 */
    minReportExamples: z.number().int().positive().default(10),
    heartbeatSeconds: z.number().positive().default(5),
    /** Serve this site's Prometheus metrics on this port (off when absent). */
    metricsPort: z.number().int().min(0).max(65535).optional(),
    /** Interface of the metrics port. @default '127.0.0.1' */
    metricsHost: z.string().default('127.0.0.1'),
    methods: SiteMethodsSchema.optional(),
  })
  .strict()
  .refine((s) => (s.key === undefined) !== (s.keyFile === undefined), { message: 'give exactly one of key, keyFile' })
  .refine((s) => (s.clientCert === undefined) === (s.clientKey === undefined), { message: 'give both clientCert and clientKey, or neither', path: ['clientKey'] });

/** A parsed site.yaml. */
export type SiteConfig = z.infer<typeof SiteConfigSchema>;
