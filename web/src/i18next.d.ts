import 'i18next';
import type id from './locales/id.json';

/** Translation keys are checked at compile time against the Indonesian file (the reference). */
declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof id };
  }
}
