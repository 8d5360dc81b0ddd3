import { PAY_STYLE_CODES } from '@/lib/sales/paystyles';

/** The catalogue's translator, with keys built at run time. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** A payStyle's name in the reader's language (§3.1's list; others by their code). */
export function payStyleName(t: Translate, payStyle: number) {
  if (payStyle < 0) return t('paystyles.unknown');
  if (!(PAY_STYLE_CODES as readonly number[]).includes(payStyle))
    return t('paystyles.code', { code: payStyle });
  return t(`paystyles.${payStyle}`);
}
