import { splitStatements } from '../../../src/database/sql-split';

const sqls = (script: string, engine: 'postgres' | 'mysql') =>
  splitStatements(script, engine).map((s) => s.sql);

describe('splitStatements', () => {
  it('splits at top-level semicolons and records statement numbers and lines', () => {
    const statements = splitStatements(
      'CREATE TABLE a (id int);\n\n-- note\nINSERT INTO a VALUES (1);\nSELECT 1',
      'postgres',
    );
    expect(statements).toEqual([
      { index: 1, line: 1, sql: 'CREATE TABLE a (id int)' },
      { index: 2, line: 4, sql: '-- note\nINSERT INTO a VALUES (1)' },
      { index: 3, line: 5, sql: 'SELECT 1' },
    ]);
  });

  it('keeps semicolons inside quotes, identifiers and comments', () => {
    expect(
      sqls(
        `INSERT INTO t VALUES ('a;b', 'it''s;'); -- c;d\nSELECT "x;y" FROM t /* e; */;`,
        'postgres',
      ),
    ).toEqual(["INSERT INTO t VALUES ('a;b', 'it''s;')", '-- c;d\nSELECT "x;y" FROM t /* e; */']);
  });

  it('keeps PostgreSQL dollar-quoted bodies and E-strings whole', () => {
    const script = `CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;
DO $$ BEGIN PERFORM 1; END $$;
SELECT E'it\\'s;';`;
    expect(sqls(script, 'postgres')).toEqual([
      'CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql',
      'DO $$ BEGIN PERFORM 1; END $$',
      "SELECT E'it\\'s;'",
    ]);
  });

  it('handles nested block comments in PostgreSQL', () => {
    expect(sqls('/* outer /* inner; */ still; */ SELECT 1; SELECT 2;', 'postgres')).toEqual([
      '/* outer /* inner; */ still; */ SELECT 1',
      'SELECT 2',
    ]);
  });

  it('honours the MySQL client DELIMITER command, backslash escapes, backticks and # comments', () => {
    const script = `# header; comment
DELIMITER //
CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END //
DELIMITER ;
INSERT INTO \`t;x\` VALUES ('a\\';b');`;
    const statements = splitStatements(script, 'mysql');
    expect(statements.map((s) => s.sql)).toEqual([
      'CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END',
      "INSERT INTO `t;x` VALUES ('a\\';b')",
    ]);
    expect(statements.map((s) => s.line)).toEqual([3, 5]);
  });

  it('drops comment-only chunks and empty statements', () => {
    expect(sqls('-- only a comment;\n;;\n/* and this */', 'postgres')).toEqual([]);
    expect(sqls('/*!40101 SET NAMES utf8 */;', 'mysql')).toEqual(['/*!40101 SET NAMES utf8 */']);
  });
});
