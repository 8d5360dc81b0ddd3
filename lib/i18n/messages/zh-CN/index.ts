import app from './app.json';
import audit from './audit.json';
import auth from './auth.json';
import common from './common.json';
import fleet from './fleet.json';
import machines from './machines.json';
import nav from './nav.json';
import roles from './roles.json';
import settings from './settings.json';
import tokens from './tokens.json';
import users from './users.json';

/** The zh-CN catalogue: one file per namespace, so features add theirs without touching others. */
export default {
  app,
  audit,
  auth,
  common,
  fleet,
  machines,
  nav,
  roles,
  settings,
  tokens,
  users,
};
