/**
 * Site ids: the one pattern every boundary (wire, config files, CLI, ledger) checks. A leading letter or digit
 * keeps ids safe as file names and log keys; `@` allows mail-like ids.
 */

/** The site-id pattern: a letter or digit, then up to 127 of `[A-Za-z0-9._@-]`. */
export const SITE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;

/** Human description of `SITE_ID_PATTERN`, for error messages. */
export const SITE_ID_RULE = 'a letter or digit, then up to 127 of [A-Za-z0-9._@-]';

/** Whether a string is a valid site id. */
export function isSiteId(s: string): boolean {
  return SITE_ID_PATTERN.test(s);
}
