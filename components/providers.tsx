'use client';

import { AppProgressProvider } from '@bprogress/next';
import { QueryClientProvider } from '@tanstack/react-query';
import { IntlProvider } from 'use-intl';
import type { ReactNode } from 'react';
import { getQueryClient } from '@/lib/query-client';
import type { Locale, Messages } from '@/lib/i18n';
import { FORMATS } from '@/lib/i18n/formats';

export function Providers(props: {
  locale: Locale;
  messages: Messages;
  timeZone: string;
  children: ReactNode;
}) {
  const queryClient = getQueryClient();
  return (
    <IntlProvider
      locale={props.locale}
      messages={props.messages}
      timeZone={props.timeZone}
      formats={FORMATS[props.locale]}
    >
      <QueryClientProvider client={queryClient}>
        {/* A thin bar while a navigation loads, so nobody reads the old page as the new one. */}
        <AppProgressProvider
          height="3px"
          color="#1d4ed8"
          options={{ showSpinner: false }}
          shallowRouting
        >
          {props.children}
        </AppProgressProvider>
      </QueryClientProvider>
    </IntlProvider>
  );
}
