/** One file of a pull request as GitHub lists it. */
export interface ChangedFile {
  path: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  /** The path before a rename. */
  previousPath?: string;
}
