import { describe, expect, it } from 'vitest';
import { checkTopicTemplate, renderTopic, subjectName } from '../../../src/export/subjects.js';
import { resolveRegistrySettings } from '../../../src/sources/registry/registry-settings.js';

const orders = { name: 'public.orders', namespace: 'public', local: 'orders', source: 'shop' };

describe('topics and subjects', () => {
  it('fills the topic template and keeps topic names Kafka accepts', () => {
    expect(renderTopic('{name}', orders)).toBe('public.orders');
    expect(renderTopic('{source}.{local}', orders)).toBe('shop.orders');
    expect(renderTopic('{namespace}.{local}', { ...orders, namespace: undefined, name: 'orders' })).toBe(
      'orders',
    );
    expect(renderTopic('{local}', { ...orders, local: 'Order Items' })).toBe('Order_Items');
    expect(() => checkTopicTemplate('{table}')).toThrow(/\{table\}/);
  });

  it('names subjects by each strategy', () => {
    expect(subjectName('topic', 'value', 'shop.orders', 'public.orders')).toBe('shop.orders-value');
    expect(subjectName('topic', 'key', 'shop.orders', 'public.orders_key')).toBe('shop.orders-key');
    expect(subjectName('record', 'value', 'shop.orders', 'public.orders')).toBe('public.orders');
    expect(subjectName('topic-record', 'key', 'shop.orders', 'public.orders_key')).toBe(
      'shop.orders-public.orders_key',
    );
  });
});

describe('registry settings', () => {
  it('takes the URL from the flag or DOPPEL_REGISTRY_URL, credentials only from the environment', () => {
    expect(resolveRegistrySettings(undefined, {})).toBeUndefined();
    expect(resolveRegistrySettings(undefined, { DOPPEL_REGISTRY_URL: 'http://r:8081/' })).toEqual({
      url: 'http://r:8081',
    });
    expect(
      resolveRegistrySettings('https://r', {
        DOPPEL_REGISTRY_USER: 'u',
        DOPPEL_REGISTRY_PASSWORD: 'secret-1',
      }),
    ).toEqual({ url: 'https://r', auth: { kind: 'basic', username: 'u', password: 'secret-1' } });
    expect(resolveRegistrySettings('https://r', { DOPPEL_REGISTRY_TOKEN: 'tok-1' })).toEqual({
      url: 'https://r',
      auth: { kind: 'bearer', token: 'tok-1' },
    });
  });

  it('refuses other schemes, credentials in the URL and mixed credentials', () => {
    expect(() => resolveRegistrySettings('registry+http://r', {})).toThrow(/http:\/\/ or https:\/\//);
    expect(() => resolveRegistrySettings('http://u:pw-secret@r', {})).toThrow(/DOPPEL_REGISTRY_USER/);
    expect(() => resolveRegistrySettings('http://u:pw-secret@r', {})).not.toThrow(/pw-secret/);
    expect(() =>
      resolveRegistrySettings('http://r', { DOPPEL_REGISTRY_TOKEN: 't', DOPPEL_REGISTRY_USER: 'u' }),
    ).toThrow(/one kind/);
    expect(() => resolveRegistrySettings('http://r', { DOPPEL_REGISTRY_PASSWORD: 'p' })).toThrow(/without/);
  });
});
