import { describe, expect, it } from 'vitest';
import { oauths } from '../../../plugins/clusterconfig/oauths.ts';
import { gatherFunction } from '../../helpers/gather-function.ts';
import { describeClusterSingleton } from './cluster-singleton-suite.ts';
import { useSampleCluster } from './setup.ts';
import { describeDeclaredPermissions } from './declared-permissions-check.ts';

describeClusterSingleton('oauths', oauths, 'OAuth', 'config/oauth.json');

describe('clusterconfig/oauths anonymization', () => {
  const env = useSampleCluster({ fixture: 'sample' });

  it("masks each identity provider's URLs, hosts, bind DN, domains, issuer and client IDs", async () => {
    const c = {
      ldapUrl: 'ldaps://zqcanary-ldap.corp.example/ou=users,dc=zqcanary?uid', bindDN: 'cn=zqcanary-bind,dc=corp',
      gheHost: 'zqcanary-ghe.corp.example', gheClient: 'zqcanary-ghe-client', gitlabUrl: 'https://zqcanary-gitlab.example',
      gitlabClient: 'zqcanary-gitlab-client', googleClient: 'zqcanary-google-client', googleDomain: 'zqcanary-corp.example',
      issuer: 'https://zqcanary-sso.example/realms/x', oidcClient: 'zqcanary-oidc-client', keystoneUrl: 'https://zqcanary-keystone:5000',
      keystoneDomain: 'zqcanary-domain', basicUrl: 'https://zqcanary-basic.example/auth',
    };
    const providers = [
      { name: 'ldap', mappingMethod: 'claim', type: 'LDAP', ldap: { url: c.ldapUrl, bindDN: c.bindDN, bindPassword: { name: 'ldap-secret' }, insecure: false, attributes: { id: ['dn'] } } },
      { name: 'ghe', type: 'GitHub', github: { hostname: c.gheHost, clientID: c.gheClient, clientSecret: { name: 'gh' }, organizations: ['myorg'] } },
      { name: 'gitlab', type: 'GitLab', gitlab: { url: c.gitlabUrl, clientID: c.gitlabClient, clientSecret: { name: 'gl' } } },
      { name: 'google', type: 'Google', google: { clientID: c.googleClient, hostedDomain: c.googleDomain, clientSecret: { name: 'g' } } },
      { name: 'oidc', type: 'OpenID', openID: { issuer: c.issuer, clientID: c.oidcClient, claims: { preferredUsername: ['email'] } } },
      { name: 'keystone', type: 'Keystone', keystone: { url: c.keystoneUrl, domainName: c.keystoneDomain } },
      { name: 'basic', type: 'BasicAuth', basicAuth: { url: c.basicUrl } },
      { name: 'htpasswd', type: 'HTPasswd', htpasswd: { fileData: { name: 'htpass-secret' } } },
    ];
    const original = env.sim.store.get('config.openshift.io/v1', 'OAuth', 'cluster')!;
    env.sim.store.add({ ...original, spec: { ...(original.spec as object), identityProviders: providers } });
    try {
      const out = await gatherFunction(oauths, { kube: env.kube });
      const text = out.byPath.get('config/oauth.json')!.text;
      expect(text).not.toContain('zqcanary');
      const x = (s: string): string => 'x'.repeat(s.length);
      const written = JSON.parse(text);
      expect(written.spec.identityProviders).toEqual([
        { ...providers[0], ldap: { ...providers[0]!.ldap, url: x(c.ldapUrl), bindDN: x(c.bindDN) } },
        { ...providers[1], github: { ...providers[1]!.github, hostname: x(c.gheHost), clientID: x(c.gheClient) } },
        { ...providers[2], gitlab: { ...providers[2]!.gitlab, url: x(c.gitlabUrl), clientID: x(c.gitlabClient) } },
        { ...providers[3], google: { ...providers[3]!.google, clientID: x(c.googleClient), hostedDomain: x(c.googleDomain) } },
        { ...providers[4], openID: { ...providers[4]!.openID, issuer: x(c.issuer), clientID: x(c.oidcClient) } },
        { ...providers[5], keystone: { url: x(c.keystoneUrl), domainName: x(c.keystoneDomain) } },
        { ...providers[6], basicAuth: { url: x(c.basicUrl) } },
        providers[7],
      ]);
      expect(written.spec.templates).toEqual((original.spec as { templates: unknown }).templates);
    } finally {
      env.sim.store.add(original);
    }
  });
});

describeDeclaredPermissions('oauths', oauths, ['config/oauth.json']);
