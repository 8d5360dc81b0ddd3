/** The kinds of channel and SMTP's security modes: shared by the API's checks and the page's form. */
export const CHANNEL_KINDS = ['webhook', 'wecom', 'dingtalk', 'feishu', 'email'] as const;
export const SMTP_SECURITY = ['tls', 'starttls', 'none'] as const;
