/**
 * Prints the test objects as a kubectl `List`, to try the plugin against a running simulator by hand:
 * `npx node examples/plugins/gateway-api/test/print-objects.ts crds | kubectl create -f -`, then the
 * same with `objects` (kubectl can map the custom kinds only once their CRDs exist).
 */
import { gatewayApiCrds, gatewayApiObjects } from './gateway-api-objects.ts';

const which = process.argv[2];
if (which !== 'crds' && which !== 'objects') {
  process.stderr.write('usage: print-objects.ts crds|objects\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: which === 'crds' ? gatewayApiCrds : gatewayApiObjects }, null, 2)}\n`);
