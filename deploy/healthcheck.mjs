#!/usr/bin/env node
// The coordinator image's HEALTHCHECK: GET /healthz over the coordinator's own TLS, verifying its certificate
// against the one `fedcxr certs` made (the coordinator serves only TLS off loopback, so plain HTTP cannot work).
//   FEDCXR_HEALTH_URL  @default https://127.0.0.1:8443/healthz   (http:// only for an `insecure: true` coordinator)
//   FEDCXR_HEALTH_CA   @default /config/coordinator.crt          (PEM; ignored for http://)
// Exit 0 on HTTP 200; otherwise exit 1 with the reason on stderr (Docker keeps it in `docker inspect`).
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';

const TIMEOUT_MS = 4000;
const fail = (why) => {
  process.stderr.write(`healthcheck ${url}: ${why}\n`);
  process.exit(1);
};
const url = process.env.FEDCXR_HEALTH_URL ?? 'https://127.0.0.1:8443/healthz';
let target;
try {
  target = new URL(url);
} catch {
  fail('FEDCXR_HEALTH_URL is not a URL');
}
let options = { timeout: TIMEOUT_MS };
if (target.protocol === 'https:') {
  const caPath = process.env.FEDCXR_HEALTH_CA ?? '/config/coordinator.crt';
  try {
    options = { ...options, ca: readFileSync(caPath) };
  } catch (err) {
    fail(`cannot read the CA certificate ${caPath} (${err.message}); set FEDCXR_HEALTH_CA`);
  }
} else if (target.protocol !== 'http:') {
  fail(`unsupported protocol ${target.protocol}`);
}
const req = (target.protocol === 'https:' ? httpsGet : httpGet)(target, options, (res) => {
  res.resume();
  if (res.statusCode === 200) process.exit(0);
  fail(`HTTP ${res.statusCode}`);
});
req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
req.on('error', (err) => fail(err.message));
