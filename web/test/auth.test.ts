import t, { type Test } from 'tap';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { eachDatabase, testDatabases } from '@petamigos/core/testing';
import { browserAvailable, startWebTest, type WebTest } from '@petamigos/web/testing';

// The same TOTP the kernel checks (core/src/accounts/two-factor.ts): SHA-1, 6 digits, 30 s.
const totp = (secret: string, at = Date.now()) => new TOTP({ secret: Secret.fromBase32(secret), period: 30, digits: 6, algorithm: 'SHA1' }).generate({ timestamp: at });
const XSS = '<img src=x onerror=alert(1)>';
/** Values the app puts into sentences travel in Unicode isolates (web/src/app/text.ts). */
const iso = (text: string) => `\u2068${text}\u2069`;
// Sign-up, log-in and reset hit per-IP limits meant for real abuse; every request here comes from 127.0.0.1.
const config = { security: { authRateLimit: { max: 1000, timeWindow: 60_000 } } };

/** A form control by its visible label (themes may mark required fields with a hidden asterisk). */
const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\*?$`));

/** The error the page shows for a field: the text its `aria-describedby` points at, once it is marked invalid. */
async function fieldError(page: Page, name: string): Promise<string> {
  const input = page.locator(`[name="${name}"][aria-invalid="true"]`);
  await input.waitFor();
  return input.evaluate((element) => {
    const ids = (element.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
  });
}

/** axe on the page as it is, and (once per run) a screenshot for review, taken from the top. */
async function look(web: WebTest, t: Test, page: Page, name: string, shots: boolean) {
  await web.expectAccessible(t, page, name);
  if (!shots) return;
  await page.evaluate(() => window.scrollTo(0, 0));
  await web.screenshot(page, `app-${name}`);
}

// A whole account's life in Chromium, on each database: minutes, not seconds.
t.setTimeout(15 * 60_000);

t.test('accounts in the browser: sign up, verify, log out, log in with 2FA, reset the password', { skip: !browserAvailable() && 'Chromium is not installed (.ci/run installs it)' }, async (t) => {
  await eachDatabase(t, 'the account pages', async (t, database) => {
    const web = await startWebTest(t, { database, config });
    const shots = database === testDatabases()[0];
    const page = await web.newPage();
    let alerted = false;
    page.on('dialog', (dialog) => {
      alerted = true;
      void dialog.dismiss();
    });
    const email = 'mia@example.test';
    let password = 'tabby cat naps in the sun';
    let secret = '';
    let recoveryCodes: string[] = [];

    await t.test('sign up: the password policy speaks next to the password field; the display name stays text', async (t) => {
      await page.goto(web.url('/signup'));
      await field(page, 'Username').fill('mia_paws');
      await field(page, 'Name').fill(XSS);
      await field(page, 'Email').fill(email);
      await field(page, 'Password').fill('short');
      await page.getByRole('button', { name: 'Create account' }).click();
      t.match(await fieldError(page, 'password'), /at least 10 characters/, 'too short, by the field');
      await look(web, t, page, 'signup-error-en-default', shots);

      await field(page, 'Password').fill('mia_paws_forever');
      await page.getByRole('button', { name: 'Create account' }).click();
      t.match(await fieldError(page, 'password'), /must not contain your username/, 'the rule that failed is named');

      await field(page, 'Password').fill(password);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(web.url('/'));
      await page.getByText(`You are signed in as ${iso(XSS)}.`).waitFor();
      t.equal(await page.locator('img[src="x"]').count(), 0, 'no element was made from the name');
      t.notOk(alerted, 'no script ran');
      const [row] = await web.kernel.sql<{ language: string; email_verified: boolean }>('select language, email_verified from kernel_user where username = ?', ['mia_paws']);
      t.equal(row?.language, 'en', 'the account takes the language it signed up in');
      t.equal(row?.email_verified, false);
    });

    await t.test('verify the email: ask for a new link, open it, and the link works once', async (t) => {
      await page.goto(web.url('/verify-email'));
      await page.getByText(`Your email address ${iso(email)} is not confirmed yet`, { exact: false }).waitFor();
      await look(web, t, page, 'verify-pending-en-default', shots);
      await page.getByRole('button', { name: 'Send a new link' }).click();
      await page.getByText(`We sent a new link to ${iso(email)}.`).waitFor();
      const mail = await web.kernel.lastMail(email);
      t.ok(mail?.token, 'the mail carries a token');

      await page.goto(web.url(`/verify-email?token=${encodeURIComponent(mail!.token!)}`));
      await page.getByText('Your email address is confirmed. Thank you!').waitFor();
      await look(web, t, page, 'verify-done-en-default', shots);
      const [row] = await web.kernel.sql<{ email_verified: boolean }>('select email_verified from kernel_user where username = ?', ['mia_paws']);
      t.equal(row?.email_verified, true);

      await page.goto(web.url(`/verify-email?token=${encodeURIComponent(mail!.token!)}`));
      await page.getByRole('alert').filter({ hasText: /not valid|no longer valid/ }).waitFor();
      t.pass('a spent link says so');
    });

    await t.test('log out ends the session here and on the server', async (t) => {
      const refreshToken = await page.evaluate(() => JSON.parse(localStorage.getItem('petamigos.session') ?? '{}').refreshToken as string);
      await page.goto(web.url('/logout'));
      await page.waitForURL(web.url('/'));
      await page.getByRole('link', { name: 'Create an account' }).waitFor();
      t.equal(await page.evaluate(() => localStorage.getItem('petamigos.session')), null);
      const refresh = await web.kernel.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });
      t.equal(refresh.statusCode, 401, 'the refresh token is dead');
    });

    await t.test('log in with the email address, and go where ?next= says', async (t) => {
      await page.goto(web.url('/login?next=%2Fsettings%2Fsecurity'));
      await look(web, t, page, 'login-en-default', shots);
      await field(page, 'Username or email').fill(email);
      await field(page, 'Password').fill('not the password');
      await page.getByRole('button', { name: 'Log in', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'Wrong username/email or password.' }).waitFor();
      await field(page, 'Password').fill(password);
      await page.getByRole('button', { name: 'Log in', exact: true }).click();
      await page.waitForURL(web.url('/settings/security'));
      t.pass('signed in and taken to the page asked for');

      await page.goto(web.url('/login?next=https%3A%2F%2Fevil.example%2F'));
      await page.waitForURL(web.url('/'));
      t.pass('a signed-in visitor leaves the log-in page, and never for another site');
    });

    await t.test('two-factor: set up in settings with the QR code, ten recovery codes once, then a code at log-in', async (t) => {
      await page.goto(web.url('/settings/security'));
      await page.getByRole('button', { name: 'Set up' }).click();
      const qr = page.getByRole('img', { name: 'QR code to add your account to an authenticator app' });
      await qr.waitFor();
      t.match(await qr.getAttribute('src'), /^data:image\/png;base64,/);
      secret = (await page.locator('#two-factor-secret').textContent())!.trim();
      t.match(secret, /^[A-Z2-7]{16,}$/, 'the key is shown for typing by hand');
      await look(web, t, page, 'settings-2fa-setup-en-default', shots);

      await field(page, 'Code from the app').fill('123');
      await page.getByRole('button', { name: 'Turn on' }).click();
      t.match(await fieldError(page, 'code'), /6 digits/);
      await field(page, 'Code from the app').fill(totp(secret));
      await page.getByRole('button', { name: 'Turn on' }).click();
      const codes = page.locator('#recovery-codes li');
      await codes.first().waitFor();
      recoveryCodes = (await codes.allTextContents()).map((c) => c.trim());
      t.equal(recoveryCodes.length, 10, 'ten recovery codes');
      await look(web, t, page, 'settings-2fa-codes-en-default', shots);
      await page.getByRole('button', { name: 'I saved them' }).click();
      t.equal(await page.locator('#recovery-codes').count(), 0, 'the codes are not shown again');
      await page.getByText('Logging in asks for a code', { exact: false }).waitFor();

      await page.goto(web.url('/logout'));
      await page.waitForURL(web.url('/'));
      await page.goto(web.url('/login'));
      await field(page, 'Username or email').fill('mia_paws');
      await field(page, 'Password').fill(password);
      await page.getByRole('button', { name: 'Log in', exact: true }).click();
      await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
      await look(web, t, page, 'login-2fa-en-default', shots);
      await field(page, 'Code').fill('000000');
      await page.getByRole('button', { name: 'Verify' }).click();
      t.match(await fieldError(page, 'code'), /not valid/, 'a wrong code is refused by the field');
      // The confirming code spent this 30 s step; an authenticator a moment later shows the next one.
      await field(page, 'Code').fill(totp(secret, Date.now() + 30_000));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL(web.url('/'));
      await page.getByText(`You are signed in as ${iso(XSS)}.`).waitFor();
      t.pass('signed in with the second factor');
    });

    await t.test('reset the password from the mailed link, then log in with a recovery code', async (t) => {
      await page.goto(web.url('/logout'));
      await page.waitForURL(web.url('/'));
      await page.goto(web.url('/login'));
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.waitForURL(web.url('/reset-password'));
      await look(web, t, page, 'reset-request-en-default', shots);
      await field(page, 'Email').fill(email);
      await page.getByRole('button', { name: 'Send link' }).click();
      await page.getByText(`If an account uses ${iso(email)}, a link is on its way.`, { exact: false }).waitFor();
      const mail = await web.kernel.lastMail(email);
      t.match(mail?.subject, /Reset/);

      await page.goto(web.url(`/reset-password?token=${encodeURIComponent(mail!.token!)}`));
      await field(page, 'New password').fill('mia_paws_again');
      await field(page, 'Repeat the new password').fill('something else');
      await page.getByRole('button', { name: 'Save password' }).click();
      t.match(await fieldError(page, 'repeat'), /not the same/);
      await field(page, 'Repeat the new password').fill('mia_paws_again');
      await page.getByRole('button', { name: 'Save password' }).click();
      t.match(await fieldError(page, 'newPassword'), /must not contain your username/);
      await look(web, t, page, 'reset-new-error-en-default', shots);
      password = 'a new kibble schedule';
      await field(page, 'New password').fill(password);
      await field(page, 'Repeat the new password').fill(password);
      await page.getByRole('button', { name: 'Save password' }).click();
      await page.getByText('Your password is changed.', { exact: false }).waitFor();

      await page.goto(web.url('/login'));
      await field(page, 'Username or email').fill(email);
      await field(page, 'Password').fill(password);
      await page.getByRole('button', { name: 'Log in', exact: true }).click();
      await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
      await field(page, 'Recovery code').fill(recoveryCodes[0]!);
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL(web.url('/'));
      await page.getByText(`You are signed in as ${iso(XSS)}.`).waitFor();
      const [used] = await web.kernel.sql<{ n: number }>('select count(*)::int as n from kernel_recovery_code where used_at is not null');
      t.equal(used?.n, 1, 'the recovery code is spent');
    });

    await t.test('the account pages in Mexican Spanish and Arabic, in both themes', async (t) => {
      for (const theme of ['default', 'contrast']) {
        for (const locale of ['en', 'es-MX', 'ar']) {
          const other = await web.newPage({ locale, theme });
          await other.goto(web.url('/login'));
          await other.locator('form').waitFor();
          t.equal(await other.getAttribute('html', 'lang'), locale);
          t.equal(await other.getAttribute('html', 'dir'), locale === 'ar' ? 'rtl' : 'ltr');
          if (locale === 'es-MX') await other.getByRole('link', { name: '¿Olvidaste tu contraseña?' }).waitFor();
          if (locale === 'ar') await other.getByRole('link', { name: 'نسيت كلمة المرور؟' }).waitFor();
          await look(web, t, other, `login-${locale}-${theme}`, shots);
          await other.goto(web.url('/signup'));
          await other.locator('form').waitFor();
          await look(web, t, other, `signup-${locale}-${theme}`, shots);
          if (theme === 'default') {
            await other.goto(web.url('/reset-password'));
            await other.locator('form').waitFor();
            await look(web, t, other, `reset-request-${locale}-${theme}`, shots);
          }
          await other.context().close();
        }
      }
    });
  });
});
