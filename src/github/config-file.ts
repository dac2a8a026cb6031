/** `.github/pg-dba-review.yml`, read by Probot's config loader from the default branch only. */
export const CONFIG_FILE = 'pg-dba-review.yml';
