// The shapes /settings/security's second-factor section is drawn from (models fill them,
// components read them; components may not import models).

export interface TotpSetup {
  /** The secret in groups of four, for typing into an app. */
  secret: string;
  /** The otpauth:// URI the QR code encodes. */
  uri: string;
  /** The QR code (made on the server with qrcode): an SVG path of unit squares in a size × size box. */
  qr: { size: number; path: string };
}

export interface PasskeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface SecondFactorSectionData {
  totpEnabled: boolean;
  totpSetup: TotpSetup | null;
  passkeys: PasskeyView[];
  recoveryCodesLeft: number;
  /** A site administrator requires this account to have a second factor. */
  required: boolean;
}

/** What the page's action answered: a notice with codes to show once, or a refusal. */
export type SecurityActionData =
  | { intent: string; notice: string | null; recoveryCodes: string[] }
  | { intent: string; field: string; error: string; values: Record<string, string> };
