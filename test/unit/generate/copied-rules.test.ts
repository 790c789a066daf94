import { describe, expect, it } from 'vitest';
import { addCopiedRules } from '../../../src/generate/rows/copied-rules.js';
import type { DatasetTask, FieldTask } from '../../../src/tasks/types.js';
import { depends } from './shipping-profile.js';
import { dataset } from './shop-profile.js';

const text = (name: string, unique = false): FieldTask => ({
  name,
  type: { logical: 'string', native: 'text' },
  nullable: true,
  generator: { kind: 'semantic', semantic: 'address.city', ...(unique ? { unique: true } : {}) },
});

/** Clients (no rule measured but state -> region) and invoices copying their address, with depends rules. */
function clientsAndInvoices(): DatasetTask[] {
  const clients = dataset(
    'public.clients',
    40,
    ['address', 'city', 'state', 'region'].map((name) => text(name)),
    {
      rules: [depends('state', 'region')],
    },
  );
  const address = clients.fields.map((field) => (field.name === 'address' ? text('address', true) : field));
  const invoices = dataset(
    'public.invoices',
    400,
    ['client_id', 'b_address', 'b_city', 'b_state'].map((n) => text(n)),
    {
      relations: [
        {
          from: { dataset: 'public.invoices', fields: ['client_id'] },
          to: { dataset: 'public.clients', fields: ['id'] },
          declared: true,
        },
      ],
      rules: [
        depends('b_city', 'b_state', { Paris: 'IDF' }),
        depends('b_address', 'b_city'),
        depends('b_city', 'b_address'),
        {
          kind: 'copies',
          relation: ['client_id'],
          fields: { b_address: 'address', b_city: 'city', b_state: 'state' },
          share: 1,
        },
      ],
    },
  );
  return [{ ...clients, fields: address }, invoices];
}

describe('rules a copies rule implies for the parent', () => {
  it("gives the parent the child's depends rules between copied fields, none with a unique field", () => {
    const [clients, invoices] = addCopiedRules(clientsAndInvoices());
    expect(clients!.rules).toEqual([depends('state', 'region'), depends('city', 'state', { Paris: 'IDF' })]);
    // The child keeps its own rules; the task files are not touched.
    expect(invoices!.rules).toHaveLength(4);
    expect(clientsAndInvoices()[0]!.rules).toEqual([depends('state', 'region')]);
  });
});
