import { describe, expect, it } from 'vitest';
import { renderCreateSchema } from '../../../../src/sources/mysql/schema/render-create-schema.js';
import { createTablePlacer } from '../../../../src/sources/mysql/sink/table-place.js';
import type { DatasetTask, FieldTask, Profile } from '../../../../src/tasks/types.js';

const field = (name: string, type: FieldTask['type'], extra: Partial<FieldTask> = {}): FieldTask => ({
  name,
  type,
  nullable: false,
  generator: { kind: 'sequence', start: 1, step: 1 },
  ...extra,
});

function profileOf(kind: 'postgres' | 'mysql', datasets: DatasetTask[]): Profile {
  return {
    plan: {
      version: 1,
      profile: 'p',
      taken: { at: '2024-01-01T00:00:00Z', by: 'test' },
      sampling: { method: 'full', seed: 1 },
      privacy: { k: 10, digits: 3, overrides: [] },
      sources: [{ name: 'src', kind }],
      datasets: datasets.map((task) => ({
        source: 'src',
        name: task.dataset.name,
        file: 'x.yaml',
        enabled: true,
      })),
      relations: [],
    },
    datasets,
  } as Profile;
}

function task(name: string, fields: FieldTask[], extra: Partial<DatasetTask> = {}): DatasetTask {
  return {
    version: 1,
    dataset: {
      source: 'src',
      name: `public.${name}`,
      namespace: 'public',
      local: name,
      kind: 'table',
      writable: true,
      rows: 1,
    },
    sampling: { method: 'full', rows: 1, seed: 1 },
    fields,
    keys: { primary: { fields: ['id'] }, unique: [] },
    checks: [],
    indexes: [],
    relations: [],
    rules: [],
    ...extra,
  };
}

describe('renderCreateSchema (MySQL)', () => {
  it('maps another engine’s fields from their facts, into the address database, foreign keys last', () => {
    const teams = task('teams', [
      field('id', { logical: 'integer', native: 'integer', bits: 32 }),
      field('code', { logical: 'string', native: 'text' }, { key: ['unique'] }),
      field(
        'budget',
        { logical: 'decimal', native: 'numeric(12,2)', precision: 12, scale: 2 },
        { nullable: true },
      ),
      field('kind', { logical: 'enum', native: 'team_kind', labels: ['a', "b'c"] }),
      field('at', { logical: 'timestamptz', native: 'timestamp with time zone', time_precision: 3 }),
    ]);
    const people = task(
      'people',
      [
        field('id', { logical: 'integer', native: 'bigint', bits: 64 }),
        field('team_id', { logical: 'integer', native: 'integer', bits: 32 }),
      ],
      {
        relations: [
          {
            name: 'people_team_fk',
            from: { dataset: '', fields: ['team_id'] },
            to: { dataset: 'public.teams', fields: ['id'] },
            declared: true,
            on_delete: 'cascade',
          },
        ],
      },
    );
    const statements = renderCreateSchema(
      profileOf('postgres', [
        {
          ...teams,
          keys: { primary: { fields: ['id'] }, unique: [{ fields: ['code'], via: 'constraint' }] },
        },
        people,
      ]),
      createTablePlacer('target_db'),
    );
    expect(statements.map((statement) => statement.creates?.quoted)).toEqual([
      '`target_db`.`teams`',
      '`target_db`.`people`',
      undefined,
    ]);
    expect(statements[0]?.sql).toContain('`code` varchar(768) NOT NULL');
    expect(statements[0]?.sql).toContain('`budget` decimal(12,2)');
    expect(statements[0]?.sql).toContain("`kind` enum('a','b''c') NOT NULL");
    expect(statements[0]?.sql).toContain('`at` datetime(3) NOT NULL');
    expect(statements[0]?.sql).toContain('ENGINE=InnoDB');
    expect(statements[2]?.sql).toBe(
      'ALTER TABLE `target_db`.`people` ADD CONSTRAINT `people_team_fk` FOREIGN KEY (`team_id`) REFERENCES `target_db`.`teams` (`id`) ON DELETE CASCADE',
    );
  });

  it('names the field and both types when MySQL has no type for it', () => {
    const spans = task('spans', [
      field('id', { logical: 'integer', native: 'integer', bits: 32 }),
      field('during', { logical: 'range', native: 'tstzrange' }),
    ]);
    expect(() => renderCreateSchema(profileOf('postgres', [spans]), createTablePlacer('db'))).toThrow(
      /public\.spans\.during \(tstzrange, logical range\) has no MySQL\/MariaDB type/,
    );
  });

  it('keeps what a MySQL server printed for its own datasets', () => {
    const orders = task(
      'orders',
      [
        field(
          'id',
          { logical: 'integer', native: 'bigint unsigned', bits: 64, unsigned: true },
          { identity: 'by-default' },
        ),
        field('note', { logical: 'string', native: 'text' }, { nullable: true, default: "'none'" }),
        field(
          'doubled',
          { logical: 'integer', native: 'int(11)', bits: 32 },
          { nullable: true, generated: '`id` * 2' },
        ),
      ],
      { indexes: [{ name: 'ix_note', fields: ['note'], method: 'btree', unique: false }] },
    );
    const sql = renderCreateSchema(profileOf('mysql', [orders]), createTablePlacer('db')).map(
      (statement) => statement.sql,
    );
    expect(sql[0]).toContain('`id` bigint unsigned NOT NULL AUTO_INCREMENT');
    expect(sql[0]).toContain("`note` text DEFAULT 'none'");
    expect(sql[0]).toContain('`doubled` int(11) GENERATED ALWAYS AS (`id` * 2) STORED');
    expect(sql[1]).toBe('CREATE INDEX `ix_note` ON `db`.`orders` (`note`(255))');
  });
});
