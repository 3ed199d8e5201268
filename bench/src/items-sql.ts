/**
 * The SQL both sides run, kept in one place so the kernel's plugin route and the bare baseline
 * send byte-identical statements and any difference measured is the framework's, not the query's.
 */
export const ITEM_ROWS = 100;
export const PAGE_SIZE = 20;

export const pluginName = (index: number): string => `bench${index}`;

export const itemsTable = (index: number): string => `${pluginName(index)}_item`;

/** Where the items route lives on both servers, so one URL list serves both. */
export const itemsPath = (index: number): string => `/api/${pluginName(index)}/items`;

export const createItemsTable = (index: number): string => `create table ${itemsTable(index)} (id serial primary key, name text not null)`;

export const seedItems = (index: number): string =>
  `insert into ${itemsTable(index)} (name) select 'item ' || g from generate_series(1, ${ITEM_ROWS}) as g`;

export const selectItems = (index: number): string => `select id, name from ${itemsTable(index)} order by id limit ${PAGE_SIZE}`;
