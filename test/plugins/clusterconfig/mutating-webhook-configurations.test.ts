// The shared suite (webhook-suite.ts) asserts the behaviour every function of this shape must have.
import { mutatingWebhookConfigurations } from '../../../plugins/clusterconfig/mutating-webhook-configurations.ts';
import { describeWebhookConfigurations } from './webhook-suite.ts';

describeWebhookConfigurations('mutating_webhook_configurations', mutatingWebhookConfigurations, 'MutatingWebhookConfiguration');
