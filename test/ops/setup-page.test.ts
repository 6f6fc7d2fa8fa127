import { describe, expect, it } from '@jest/globals';
import { setupDonePage } from '../../src/ops/setup-page.js';

describe('setupDonePage (after the App is registered)', () => {
  const installUrl = 'https://github.com/apps/my-spark/installations/new';

  it('names what is still missing and links to the install page', () => {
    const html = setupDonePage({ appId: '4242', installUrl }, {});
    expect(html).toContain('<h1>GitHub App 4242 is registered</h1>');
    expect(html).toContain('<h2>Still missing</h2>');
    expect(html).toContain('Still missing: OPENAI_API_KEY');
    expect(html).toContain(`<a href="${installUrl}">Install the App</a>`);
  });

  it('with OPENAI_BASE_URL (a keyless server) or a key nothing is missing; SPARK_MODEL stays optional', () => {
    for (const env of [{ OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' }, { OPENAI_API_KEY: 'sk-x' }]) {
      const html = setupDonePage({ appId: '1', installUrl }, env);
      expect(html).not.toContain('Still missing');
      expect(html).toContain('Optional: SPARK_MODEL');
    }
  });

  it('escapes what came from GitHub', () => {
    const html = setupDonePage({ appId: '<b>', installUrl: 'https://x.test/"><script>alert(1)</script>' }, {});
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&#34;&#62;&#60;script&#62;');
  });
});
