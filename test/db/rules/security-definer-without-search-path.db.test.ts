import { describeRule } from '../../helpers/rule-cases.js';

const FN = 'CREATE FUNCTION touch() RETURNS int LANGUAGE sql SECURITY DEFINER';

describeRule('security-definer-without-search-path', {
  bad: [
    { name: 'a new SECURITY DEFINER function without search_path', migrations: [`${FN} AS $$ SELECT 1 $$;`], lines: [1] },
    {
      name: 'the base history created it; the change only revokes: said so, no line',
      base: `${FN} AS $$ SELECT 1 $$;`,
      migrations: ['REVOKE EXECUTE ON FUNCTION touch() FROM PUBLIC;'],
      lines: [0],
    },
  ],
  good: [
    { name: 'search_path pinned', migrations: [`${FN} SET search_path = pg_catalog, pg_temp AS $$ SELECT 1 $$;`], lines: [] },
    { name: 'SECURITY INVOKER (the default)', migrations: ['CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;'], lines: [] },
    { name: 'pinned afterwards with ALTER FUNCTION', migrations: [`${FN} AS $$ SELECT 1 $$;\nALTER FUNCTION touch() SET search_path = pg_catalog;`], lines: [] },
  ],
});
