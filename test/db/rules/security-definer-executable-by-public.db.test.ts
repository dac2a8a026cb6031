import { describeRule } from '../../helpers/rule-cases.js';

const FN = 'CREATE FUNCTION purge() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$ SELECT 1 $$;';

describeRule('security-definer-executable-by-public', {
  bad: [{ name: 'PUBLIC keeps EXECUTE (the default)', migrations: [FN], lines: [1] }],
  good: [
    { name: 'EXECUTE revoked from PUBLIC', migrations: [`${FN}\nREVOKE EXECUTE ON FUNCTION purge() FROM PUBLIC;`], lines: [] },
    { name: 'a SECURITY INVOKER function', migrations: ['CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;'], lines: [] },
  ],
});
