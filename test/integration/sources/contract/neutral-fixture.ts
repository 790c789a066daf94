/**
 * The contract suite's fixture, described once and neutrally: three datasets with the types every relational
 * kind has, a primary key, a composite primary key, a self-reference, references between datasets and a
 * range check. Each kind renders it into its own DDL; the suite compares what the kind extracts against this
 * description, so the same expectations hold for every kind.
 */
import type { LogicalType } from '../../../../src/catalog/logical-type.js';
import type { Value } from '../../../../src/catalog/values.js';

export interface NeutralField {
  readonly name: string;
  readonly logical: LogicalType;
  readonly nullable: boolean;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
}

export interface NeutralReference {
  readonly fields: readonly string[];
  readonly to: string;
  readonly toFields: readonly string[];
}

export interface NeutralDataset {
  readonly name: string;
  readonly fields: readonly NeutralField[];
  readonly primary: readonly string[];
  readonly references: readonly NeutralReference[];
  /** `field >= min`. */
  readonly checks: readonly { readonly field: string; readonly min: number }[];
  /** Rows the fixture holds. */
  readonly rows: readonly Readonly<Record<string, Value>>[];
}

const teamRows = Array.from({ length: 40 }, (_, index) => ({
  id: index + 1,
  title: `team ${index + 1}`,
  budget: index % 5 === 0 ? null : `${(index * 12.5).toFixed(2)}`,
}));

const peopleRows = Array.from({ length: 2_000 }, (_, index) => ({
  id: index + 1,
  team_id: (index % 40) + 1,
  mentor_id: index < 10 ? null : (index % 10) + 1,
  born: `19${String(60 + (index % 40)).padStart(2, '0')}-0${(index % 9) + 1}-1${index % 10}`,
  score: index % 7 === 0 ? null : index / 4,
  active: index % 3 !== 0,
}));

const membershipRows = Array.from({ length: 1_200 }, (_, index) => ({
  team_id: (index % 40) + 1,
  person_id: index + 1,
  since: `2024-0${(index % 9) + 1}-01T10:00:00`,
}));

export const NEUTRAL_FIXTURE: readonly NeutralDataset[] = [
  {
    name: 'teams',
    fields: [
      { name: 'id', logical: 'integer', nullable: false },
      { name: 'title', logical: 'string', nullable: false, length: 40 },
      { name: 'budget', logical: 'decimal', nullable: true, precision: 10, scale: 2 },
    ],
    primary: ['id'],
    references: [],
    checks: [{ field: 'budget', min: 0 }],
    rows: teamRows,
  },
  {
    name: 'people',
    fields: [
      { name: 'id', logical: 'integer', nullable: false },
      { name: 'team_id', logical: 'integer', nullable: false },
      { name: 'mentor_id', logical: 'integer', nullable: true },
      { name: 'born', logical: 'date', nullable: true },
      { name: 'score', logical: 'float', nullable: true },
      { name: 'active', logical: 'boolean', nullable: false },
    ],
    primary: ['id'],
    references: [
      { fields: ['team_id'], to: 'teams', toFields: ['id'] },
      { fields: ['mentor_id'], to: 'people', toFields: ['id'] },
    ],
    checks: [],
    rows: peopleRows,
  },
  {
    name: 'memberships',
    fields: [
      { name: 'team_id', logical: 'integer', nullable: false },
      { name: 'person_id', logical: 'integer', nullable: false },
      { name: 'since', logical: 'timestamp', nullable: false },
    ],
    primary: ['team_id', 'person_id'],
    references: [
      { fields: ['team_id'], to: 'teams', toFields: ['id'] },
      { fields: ['person_id'], to: 'people', toFields: ['id'] },
    ],
    checks: [],
    rows: membershipRows,
  },
];
