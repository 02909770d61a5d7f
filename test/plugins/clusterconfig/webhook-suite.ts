import { expect, it } from 'vitest';
import type { GatheringFunction } from '../../../plugin-api/index.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { describeListedKind, namedByPath } from './listed-kind-suite.ts';
import { withObjects } from './store-helpers.ts';

/**
 * The tests of the mutating and validating webhook configuration functions: the sample files, and the
 * CA bundle of each webhook masked to base64 of as many `x` as the bundle has bytes.
 */
export function describeWebhookConfigurations(key: string, fn: GatheringFunction<any>, kind: 'MutatingWebhookConfiguration' | 'ValidatingWebhookConfiguration'): void {
  const folder = kind.toLowerCase() + 's';
  describeListedKind({
    key,
    fn,
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind,
    listPath: `/apis/admissionregistration.k8s.io/v1/${folder}`,
    sampleDir: `config/${folder}`,
    // The sample was stitched: several files hold the same configuration; the simulator serves each
    // under its path's name. Their bundles are already masked, and masking them again changes nothing.
    expected: namedByPath,
    more: (env) => {
      it('replaces each CA bundle by base64 of x repeated for each of its bytes, and keeps the rest of the webhook', async () => {
        const pem = '-----BEGIN CERTIFICATE-----\nMIIcanaryCAbundle\n-----END CERTIFICATE-----\n';
        const bundle = Buffer.from(pem).toString('base64');
        const configuration = {
          apiVersion: 'admissionregistration.k8s.io/v1', kind, metadata: { name: 'canary-webhooks' },
          webhooks: [
            { name: 'a.canary.io', clientConfig: { caBundle: bundle, service: { name: 'svc', namespace: 'ns', port: 443 } }, sideEffects: 'None', admissionReviewVersions: ['v1'] },
            { name: 'b.canary.io', clientConfig: { url: 'https://hook.example.com' }, sideEffects: 'None', admissionReviewVersions: ['v1'] },
          ],
        };
        const out = await withObjects(env.sim, [configuration], () => gatherFunction(fn, { kube: env.kube }));
        const text = out.byPath.get(`config/${folder}/canary-webhooks.json`)!.text;
        const [a, b] = JSON.parse(text).webhooks;
        expect(Buffer.from(a.clientConfig.caBundle, 'base64').toString()).toBe('x'.repeat(Buffer.byteLength(pem)));
        expect(a.clientConfig.service).toEqual({ name: 'svc', namespace: 'ns', port: 443 });
        expect(a.name).toBe('a.canary.io');
        expect(b.clientConfig).toEqual({ url: 'https://hook.example.com' });
        expect(text).not.toContain(bundle);
        expect(text).not.toContain('MIIcanary');
      });
    },
  });
}
