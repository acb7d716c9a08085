import { i18n } from '../i18n/catalogue';

export const appearanceWords = i18n('settings.appearance', {
  title: 'Appearance',
  description: 'Kept with your account, so every device you sign in on looks the same.',
  theme: 'Theme',
  system: 'Same as this device',
  systemHint: 'Light or dark as the device is set, changing with it.',
  light: 'Light',
  dark: 'Dark',
  language: 'Language',
  auto: 'Same as this browser',
  autoHint: 'The first of the browser’s preferred languages that Twofold speaks, else English.',
});
