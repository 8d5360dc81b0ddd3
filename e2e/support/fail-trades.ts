import type { Peek } from './peek';

/**
 * A trigger that refuses the insert of trades whose id is like `pattern`, with `message`, on
 * either engine (null drops it): a projection that fails, as a full disk or a bug would make it.
 */
export async function failTradesLike(db: Peek, pattern: string | null, message = '') {
  if (db.engine === 'sqlite') {
    if (pattern === null) await db.run('drop trigger boom');
    else
      await db.run(`create trigger boom before insert on trades when new.trade_id like '${pattern}'
                    begin select raise(abort, '${message}'); end`);
  } else if (pattern === null) {
    await db.run('drop trigger boom on trades');
    await db.run('drop function boom()');
  } else {
    await db.run(`create function boom() returns trigger language plpgsql as $$
                  begin
                    if new.trade_id like '${pattern}' then raise exception '${message}'; end if;
                    return new;
                  end $$`);
    await db.run(
      'create trigger boom before insert on trades for each row execute function boom()',
    );
  }
}
