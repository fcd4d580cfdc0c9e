/** coordinator.yaml: network, TLS, allowed sites with their keys, and the federated run (see federation.ts). */
import { z } from 'zod';
import { SiteIdSchema } from './site-id.js';
import { FederationSchema } from './federation.js';

/** What the operator enrols for a site: the most training and test examples it may count (caps self-reported counts). */
export const EnrolmentSchema = z
  .object({ train: z.number().int().positive().optional(), test: z.number().int().nonnegative().optional() })
  .strict();

/** One allowed site: its id, pre-shared key (inline or from a file) and optional enrolment. */
export const AllowedSiteSchema = z
  .object({ id: SiteIdSchema, key: z.string().min(16).optional(), keyFile: z.string().optional(), enrolled: EnrolmentSchema.optional() })
  .strict()
  .refine((s) => (s.key === undefined) !== (s.keyFile === undefined), { message: 'give exactly one of key, keyFile' });

/** The whole coordinator.yaml. */
export const CoordinatorConfigSchema = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8443),
    tls: z.object({ cert: z.string(), key: z.string(), ca: z.string().optional() }).strict().optional(),
    insecure: z.boolean().default(false),
    wireDType: z.enum(['float32', 'float16']).default('float32'),
    /** Dashboard and /metrics: readable on loopback; off loopback only with the token in this file (`fedcxr certs --dashboard-token`). */
    dashboard: z.object({ tokenFile: z.string().optional() }).strict().default({}),
    sites: z.array(AllowedSiteSchema).min(1),
    federation: FederationSchema.default(FederationSchema.parse({})),
  })
  .strict();

/** A parsed coordinator.yaml. */
export type CoordinatorConfig = z.infer<typeof CoordinatorConfigSchema>;
