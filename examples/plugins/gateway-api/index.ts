/**
 * `gateway_api`: an example third-party gatherer plugin. It collects Gateway API objects
 * (gateway.networking.k8s.io) that the original operator does not, and imports nothing but the plugin
 * API, as a plugin living outside this repository would.
 * @packageDocumentation
 */
import { definePlugin } from 'insights-operator/plugin-api';
import { gatewayClasses } from './gateway-classes.ts';
import { gateways } from './gateways.ts';
import { httpRoutes } from './httproutes.ts';

export default definePlugin({
  name: 'gateway_api',
  functions: {
    gateway_classes: gatewayClasses,
    gateways,
    httproutes: httpRoutes,
  },
});
