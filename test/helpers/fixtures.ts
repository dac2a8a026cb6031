/** Deployed schemas shared by the rule tests: small, but with rows, so scans and rewrites are real. */
export const ORGS_USERS = `CREATE TABLE orgs (id bigint PRIMARY KEY, name text);
INSERT INTO orgs SELECT g, 'o' || g FROM generate_series(1, 100) g;
CREATE TABLE users (id bigint PRIMARY KEY, org_id bigint, n int, code varchar(20), email text, created timestamp);
INSERT INTO users SELECT g, g % 100 + 1, g, g::text, 'e' || g, now() FROM generate_series(1, 2000) g;
CREATE INDEX users_code_idx ON users (code);`;
