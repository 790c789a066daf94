/**
 * Where a dataset's table lives on a MySQL/MariaDB target. A database is MySQL's namespace, so an address that
 * names one (`mysql://host/test_db`) receives every dataset there, whatever namespace the profile recorded
 * (`shop.orders` from another MySQL server, `public.orders` from PostgreSQL); an address without a database
 * uses each dataset's own namespace as the database.
 */
import { DoppelError } from '../../../shared/errors.js';
import type { DatasetTask } from '../../../tasks/types.js';
import { quoteQualified } from '../identifiers.js';

export interface TablePlace {
  readonly database: string;
  readonly table: string;
  /** `` `database`.`table` ``. */
  readonly quoted: string;
}

/** Finds the place of a dataset's table. */
export type PlaceTable = (dataset: DatasetTask) => TablePlace;

/** Places tables in `database`, or in each dataset's namespace when it is empty. */
export function createTablePlacer(database: string): PlaceTable {
  return (dataset) => {
    const chosen = database !== '' ? database : (dataset.dataset.namespace ?? '');
    if (chosen === '')
      throw new DoppelError(
        'usage',
        `The dataset ${dataset.dataset.name} has no namespace: name a database in the MySQL address (mysql://host/database).`,
      );
    const table = dataset.dataset.local;
    return { database: chosen, table, quoted: quoteQualified(chosen, table) };
  };
}
