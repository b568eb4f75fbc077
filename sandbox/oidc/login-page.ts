/** The provider's own pages: its login form and its sign-out step, server-rendered HTML. */

const STYLE = `body{font-family:system-ui,sans-serif;background:#f1f5f9;margin:0;color:#0f172a}
header{background:#312e81;color:#e0e7ff;padding:12px 16px;font-weight:600}
main{max-width:360px;margin:48px auto;background:#fff;border:1px solid #cbd5e1;border-radius:6px;padding:24px}
h1{font-size:18px;margin:0 0 4px}p{font-size:14px;color:#475569}
label{display:block;font-size:14px;font-weight:500;margin:12px 0 4px}
input{box-sizing:border-box;width:100%;height:36px;padding:0 8px;border:1px solid #94a3b8;border-radius:4px;font-size:14px}
button{margin-top:16px;width:100%;height:36px;border:0;border-radius:4px;background:#312e81;color:#fff;font-weight:600;font-size:14px;cursor:pointer}
.secondary{background:#fff;color:#312e81;border:1px solid #312e81;margin-top:8px}
.error{border:1px solid #fca5a5;background:#fef2f2;color:#7f1d1d;padding:8px;border-radius:4px;font-size:14px}`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><header>Sandbox OpenID provider</header><main>${body}</main></body></html>`;
}

export function loginPage(options: { action: string; clientName: string; username?: string; error?: string }): string {
  const error = options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : '';
  return page(
    'Sign in · Sandbox OpenID provider',
    `<h1>Sign in</h1><p>to continue to ${escapeHtml(options.clientName)}</p>${error}
<form method="post" action="${escapeHtml(options.action)}" autocomplete="off">
<label for="username">Username</label><input id="username" name="username" required autofocus value="${escapeHtml(options.username ?? '')}">
<label for="password">Password</label><input id="password" name="password" type="password" required>
<button type="submit">Sign in</button>
<button type="submit" name="cancel" value="yes" formnovalidate class="secondary">Cancel</button></form>`,
  );
}

/**
 * The sign-out step of RP-initiated logout. A request from a known client (its id_token_hint
 * checked by the provider) is confirmed at once, as Keycloak and Dex do; any other asks first.
 */
export function logoutPage(form: string, host: string, confirmAtOnce: boolean): string {
  const confirm = `<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>`;
  const autoSubmit = confirmAtOnce ? `<input type="hidden" form="op.logoutForm" name="logout" value="yes"><script>document.getElementById('op.logoutForm').submit()</script>` : '';
  return page('Sign out · Sandbox OpenID provider', `<h1>Sign out of ${escapeHtml(host)}?</h1>${form}${confirm}${autoSubmit}`);
}

export function signedOutPage(): string {
  return page('Signed out · Sandbox OpenID provider', '<h1>Signed out</h1><p>You have signed out of the sandbox OpenID provider.</p>');
}
