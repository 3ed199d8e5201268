/**
 * Account mails in English and Spanish (es-MX wording); other languages fall back to English until
 * the languages issue brings full translations through i18next.
 */
type Template = (vars: { name: string; site: string; link: string }) => { subject: string; text: string };

const templates: Record<'verify_email' | 'reset_password', Record<'en' | 'es', Template>> = {
  verify_email: {
    en: ({ name, site, link }) => ({
      subject: `Confirm your email for ${site}`,
      text: `Hi ${name},\n\nConfirm your email address by opening this link (valid for 24 hours):\n${link}\n\nIf you did not sign up for ${site}, ignore this message.`,
    }),
    es: ({ name, site, link }) => ({
      subject: `Confirma tu correo en ${site}`,
      text: `Hola ${name}:\n\nConfirma tu correo abriendo este enlace (válido por 24 horas):\n${link}\n\nSi no te registraste en ${site}, ignora este mensaje.`,
    }),
  },
  reset_password: {
    en: ({ name, site, link }) => ({
      subject: `Reset your ${site} password`,
      text: `Hi ${name},\n\nChoose a new password by opening this link (valid for 1 hour, usable once):\n${link}\n\nIf you did not ask for this, ignore this message; your password stays the same.`,
    }),
    es: ({ name, site, link }) => ({
      subject: `Restablece tu contraseña de ${site}`,
      text: `Hola ${name}:\n\nElige una nueva contraseña abriendo este enlace (válido por 1 hora, se usa una sola vez):\n${link}\n\nSi no lo pediste, ignora este mensaje; tu contraseña no cambia.`,
    }),
  },
};

export function renderAccountMail(kind: keyof typeof templates, locale: string, vars: Parameters<Template>[0]) {
  const language = locale.split('-')[0] === 'es' ? 'es' : 'en';
  return templates[kind][language](vars);
}
