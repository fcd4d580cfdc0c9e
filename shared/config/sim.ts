/** sim.yaml: one machine, N sites (phantoms or manifests) and a coordinator, over loopback socket.io or in memory. */
import { z } from 'zod';
import { SiteIdSchema } from './site-id.js';
import { FederationSchema } from './federation.js';
import { CapsSchema, SiteDataSchema, SiteMethodsSchema } from './site.js';

/** One simulated site. */
export const SimSiteSchema = z
  .object({ id: SiteIdSchema, data: SiteDataSchema, caps: CapsSchema.default(CapsSchema.parse({})), methods: SiteMethodsSchema.optional() })
  .strict();

/** The whole sim.yaml. */
export const SimConfigSchema = z
  .object({
    /** 'socket' = real socket.io on 127.0.0.1 port 0; 'memory' = in-memory proxies (same loop). @default 'socket' */
    transport: z.enum(['socket', 'memory']).default('socket'),
    wireDType: z.enum(['float32', 'float16']).default('float32'),
    minReportExamples: z.number().int().positive().default(10),
    federation: FederationSchema.default(FederationSchema.parse({})),
    sites: z.array(SimSiteSchema).min(1),
  })
  .strict();

/** A parsed sim.yaml. */
export type SimConfig = z.infer<typeof SimConfigSchema>;
