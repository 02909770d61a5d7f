// The shared suite (webhook-suite.ts) asserts the behaviour every function of this shape must have.
import { validatingWebhookConfigurations } from '../../../plugins/clusterconfig/validating-webhook-configurations.ts';
import { describeWebhookConfigurations } from './webhook-suite.ts';

describeWebhookConfigurations('validating_webhook_configurations', validatingWebhookConfigurations, 'ValidatingWebhookConfiguration');
