/** One migration as read from disk or git: its path (as shown to users) and its text. */
export interface MigrationFile {
  path: string;
  content: string;
  /** The migration tool runs this file outside a transaction (goose `NO TRANSACTION`, diesel `run_in_transaction = false`, dbmate `transaction:false`). */
  noTransaction?: true;
}
