import type { Logger } from '@zhicheng/kernel';
import nodemailer from 'nodemailer';

export interface ChannelResult {
  status: 'sent' | 'logged' | 'failed';
  error?: string;
}

export interface EmailChannel {
  send(to: string, subject: string, text: string): Promise<ChannelResult>;
  close(): void;
}

/** E-mail over SMTP (ZC_SMTP_URL, e.g. `smtp://user:pass@mail.example.gov.cn:587`); STARTTLS when the server offers it. */
export function createEmailChannel(smtpUrl: string, from: string): EmailChannel {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(to, subject, text) {
      try {
        await transport.sendMail({ from, to, subject, text });
        return { status: 'sent' };
      } catch (err) {
        return { status: 'failed', error: (err as Error).message };
      }
    },
    close: () => transport.close(),
  };
}

/** A text-message gateway (an operator's SMS API); `demo` providers do not deliver. */
export interface SmsProvider {
  readonly name: string;
  readonly demo: boolean;
  send(phone: string, text: string): Promise<ChannelResult>;
}

/**
 * The demo SMS provider: writes the message to the log and records it as `logged`. It
 * sends nothing; a real deployment plugs in its operator's gateway behind `SmsProvider`.
 */
export function createLoggingSmsProvider(log: Logger): SmsProvider {
  return {
    name: 'log (demo: not delivered)',
    demo: true,
    async send(phone, text) {
      log.info({ sms: { to: phone.replace(/^(\d{3})\d+(\d{4})$/, '$1****$2'), text }, demoProvider: true }, 'SMS (demo provider: logged, not sent)');
      return { status: 'logged' };
    },
  };
}
