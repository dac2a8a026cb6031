/** One migration as read from disk or git: its path (as shown to users) and its text. */
export interface MigrationFile {
  path: string;
  content: string;
}
