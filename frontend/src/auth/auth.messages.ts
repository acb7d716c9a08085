import { count, i18n, params } from '../i18n/catalogue';

/** The forms that make an account and sign in. */
export const formWords = i18n('auth.forms', {
  displayName: 'Display name',
  displayNameHint: 'Shown on your cards.',
  nameMissing: 'Tell your team what to call you.',
  email: 'Email',
  emailMissing: 'Enter your email address.',
  password: 'Password',
  passwordHint: 'At least 10 characters.',
  passwordMissing: 'Enter your password.',
  choosePassword: 'Choose a password.',
  atLeast: count({ one: 'Use at least {count} character.', other: 'Use at least {count} characters.' }),
  atMost: count({ one: 'Use at most {count} character.', other: 'Use at most {count} characters.' }),
  createAccount: 'Create account',
  signIn: 'Sign in',
});

export const signInWords = i18n('auth.signIn', {
  title: 'Sign in',
  subtitle: 'Welcome back to Twofold.',
  ssoFailed: 'Single sign-on did not finish',
  asGuest: params('You are in a retro as the guest “{name}”. Sign in to use your own account.'),
  noOwner: 'This instance has no owner yet',
  noOwnerHint: params('{link}: it becomes the owner. Demo accounts can sign in here meanwhile.'),
  createFirst: 'Create the first account',
  withProvider: params('Sign in with {provider}'),
  orPassword: 'or with your password',
  providerOnly: params('This instance signs people in through {provider} only.'),
  newWithProvider: params('New here? Sign in with {provider}: your account is made the first time.'),
  newHere: params('New here? {link}'),
  createAccount: 'Create an account',
  askForInvite: 'No account yet? Ask a teammate for an invite link.',
  language: 'Language',
});

export const signUpWords = i18n('auth.signUp', {
  title: 'Create account',
  subtitle: 'Run retros your PMs and engineers both get something from.',
  byInvitation: 'Sign-up is by invitation',
  askForInvite: 'Ask someone on your team for an invite link. Opening it lets you create your account.',
  haveAccount: params('Already have an account? {link}'),
  signIn: 'Sign in',
});

export const setupWords = i18n('auth.setup', {
  title: 'Set up Twofold',
  subtitle: 'Create the first account. It becomes the owner of this Twofold instance.',
  alreadySetUp: 'Already set up',
  hasOwner: params('This instance has an owner. {link} instead.'),
  signIn: 'Sign in',
  createAccount: 'Create account',
  demo: params('Loaded the demo? Its accounts {link}; they never own the instance.'),
  signInHere: 'sign in here',
});

export const resetWords = i18n('auth.reset', {
  openFailed: 'Could not open this link.',
  title: 'Choose a new password',
  opening: 'Opening your link…',
  unusable: 'This link cannot be used',
  goToSignIn: 'Go to sign in',
  cannotOpen: 'Could not open this link',
  tryAgain: 'Try again',
  changed: 'Password changed',
  changedHint: 'Your new password is set. You were signed out everywhere; sign in with the new password.',
  signIn: 'Sign in',
  forWhom: params('For {name} ({email}).'),
  newPassword: 'New password',
  hint: 'At least 10 characters.',
  repeat: 'Repeat new password',
  worksOnce: params('This link works once, until {until}. Setting a password signs you out of every browser.'),
  submit: 'Set new password',
});

export const ssoLinkPageWords = i18n('auth.ssoLink', {
  title: 'Link your account',
  passwordMissing: 'Enter the password of your Twofold account.',
  wrongPassword: 'That is not the password of this account.',
  oneMoment: 'One moment…',
  nothing: 'Nothing to link',
  goToSignIn: 'Go to sign in',
  exists: params('An account with {email} already exists here.'),
  explain:
    'Enter its password once to link it to your sign-in provider. After that the provider signs you in on its own.',
  password: 'Password',
  submit: 'Link and sign in',
  cancel: 'Cancel',
});
