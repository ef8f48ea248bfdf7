/** What other modules read of the catalogue (the store stays private): its entries. */
export {
  catalogueIsEmpty,
  findDocument,
  listDocuments,
  type CatalogueEntry,
} from './catalogue.store.ts';
