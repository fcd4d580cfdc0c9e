/**
 * A site process for the site-SIGKILL trials: a SiteClient over a fake (arithmetic) site that trains slowly with
 * heartbeats. Usage: run-ts site-child.ts URL SITE_ID
 */
import { SiteClient } from '../../site-client/client.js';
import { FakeSite } from '../integration/fake-site.js';
import { KEYS } from '../integration/transport-helpers.js';

const [url, siteId] = process.argv.slice(2);
if (!url || !siteId) throw new Error('usage: site-child.ts URL SITE_ID');
const site = new FakeSite(siteId, 10, 0.1, 150);
site.fault = 'slow';
// FEDCXR_FAULT_INSECURE=1: plaintext to the partition proxy's private veth address (test network namespace only).
const insecure = process.env.FEDCXR_FAULT_INSECURE === '1';
const client = new SiteClient({ url, siteId, key: KEYS[siteId] ?? '', handler: site, heartbeatIntervalMs: 50, reconnect: { initialMs: 50, maxMs: 300 }, insecure });
await client.start();
