/** The zod form of the one site-id pattern, for every config schema that names a site. */
import { z } from 'zod';
import { SITE_ID_PATTERN, SITE_ID_RULE } from '../domain/site-id.js';

/** A site id as config files give it; rejects what the wire would reject, with the rule in the message. */
export const SiteIdSchema = z.string().regex(SITE_ID_PATTERN, `not a valid site id (${SITE_ID_RULE})`);
