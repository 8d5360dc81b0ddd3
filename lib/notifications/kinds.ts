import { EVERY_ALERT_KIND } from '@/lib/alerts/kinds';

/** The alert kinds a rule may name: every kind an alert record may have (lib/alerts/kinds). */
export const RULE_KINDS = EVERY_ALERT_KIND;
