import alerts from './alerts.json';
import channels from './channels.json';
import notifications from './notifications.json';
import reports from './reports.json';
import backups from './backups.json';
import app from './app.json';
import audit from './audit.json';
import auth from './auth.json';
import cabinets from './cabinets.json';
import common from './common.json';
import fleet from './fleet.json';
import inbox from './inbox.json';
import machine from './machine.json';
import machines from './machines.json';
import nav from './nav.json';
import overview from './overview.json';
import paystyles from './paystyles.json';
import pickup from './pickup.json';
import planning from './planning.json';
import refills from './refills.json';
import roles from './roles.json';
import sales from './sales.json';
import settings from './settings.json';
import signing from './signing.json';
import sync from './sync.json';
import tokens from './tokens.json';
import trades from './trades.json';
import users from './users.json';

/** The zh-CN catalogue: one file per namespace, so features add theirs without touching others. */
const messages = {
  alerts,
  channels,
  notifications,
  reports,
  backups,
  app,
  audit,
  auth,
  cabinets,
  common,
  fleet,
  inbox,
  machine,
  machines,
  nav,
  overview,
  paystyles,
  pickup,
  planning,
  refills,
  roles,
  sales,
  settings,
  signing,
  sync,
  tokens,
  trades,
  users,
};

export default messages;
