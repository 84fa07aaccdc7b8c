// A local OpenID provider standing in for ID-porten (and an office's staff provider), for the
// test suite and for `make run`. It is the npm package oidc-provider, configured as ID-porten
// behaves: authorization code flow with PKCE (S256) required, acr values idporten-loa-low,
// -substantial and -high, the person's national identity number in the ID token's `pid` claim,
// RP-initiated logout, back-channel logout, and front-channel logout.
//
// oidc-provider dropped the Front-Channel Logout draft in version 7, so this script adds it the
// way the specification describes: after a logout, the provider's page loads each client's
// `frontchannel_logout_uri` with `iss` and `sid` in an iframe, then goes on to the client's
// post-logout redirect.
//
// Usage: node scripts/oidc-test-provider/provider.js CONFIG.json
// CONFIG: {"port": 5001, "host": "127.0.0.1", "issuer": "http://127.0.0.1:5001",
//          "clients": [{client_id, client_secret, redirect_uris, post_logout_redirect_uris,
//                       backchannel_logout_uri, frontchannel_logout_uri}
//                      or {client_id, token_endpoint_auth_method: "private_key_jwt", jwks, ...}],
//          "persons": [{"id": "...", "pid": "...", "name": "...", "note": "..."}]  (ID-porten's)
//          "staff": [{"id": "...", "preferred_username": "...", "name": "..."}],
//          "jwks": {"keys": [...]}  (optional: the signing keys, private)}
// It prints `oidc-test-provider listening on ISSUER` when ready, and stops on SIGTERM/SIGINT.
// Only loopback: it refuses to listen on any other address.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const host = config.host || '127.0.0.1';
if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
  throw new Error(`the test provider listens on loopback only, not ${host}`);
}
const ACR_VALUES = ['idporten-loa-low', 'idporten-loa-substantial', 'idporten-loa-high'];
const people = new Map();
for (const person of config.persons || []) people.set(person.id, { ...person, kind: 'person' });
for (const member of config.staff || []) people.set(member.id, { ...member, kind: 'staff' });

// the page's language: the ui_locales formservice sends (nb or nn)
const nn = (params) => String(params?.ui_locales || '').split(' ').includes('nn');
const t = (params, bokmal, nynorsk) => (nn(params) ? nynorsk : bokmal);
const note = (params, value) => (value && typeof value === 'object' ? value[nn(params) ? 'nn' : 'nb'] : value || '');
const escape = (value) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body, lang = 'nb') {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
.test{background:#fff3cd;border:2px solid #7a5a00;padding:.75rem;border-radius:4px}
button{font-size:1rem;padding:.5rem 1rem;margin:.25rem 0;background:#1e4fa0;color:#fff;border:0;border-radius:4px;cursor:pointer}
button:focus{outline:3px solid #1a1a1a;outline-offset:2px} fieldset{margin:1rem 0}</style></head>
<body>${body}</body></html>`;
}

const provider = new Provider(config.issuer, {
  clients: config.clients.map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    backchannel_logout_session_required: true,
    frontchannel_logout_session_required: true,
    ...client,
  })),
  extraClientMetadata: { properties: ['frontchannel_logout_uri', 'frontchannel_logout_session_required'] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  ...(config.jwks ? { jwks: config.jwks } : {}), // else keys made at each start
  pkce: { required: () => true },
  acrValues: ACR_VALUES,
  scopes: ['openid', 'profile'],
  claims: { openid: ['sub', 'pid'], profile: ['name', 'preferred_username'] },
  conformIdTokenClaims: false, // the claims of the scopes go into the ID token, as ID-porten's pid
  discovery: { frontchannel_logout_supported: true, frontchannel_logout_session_supported: true },
  features: {
    devInteractions: { enabled: false },
    backchannelLogout: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // ID-porten logs out without asking again; so does this provider (the form posts itself)
      logoutSource: async (ctx, form) => {
        ctx.body = page('Logger ut', `${form.replace('</form>', '<input type="hidden" name="logout" value="yes"><noscript><button type="submit">Logg ut</button></noscript></form>')}
<p>Logger ut av testinnloggingen …</p><script>document.forms[0].submit()</script>`);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('Logget ut', '<h1>Du er logget ut av testinnloggingen</h1>');
      },
    },
  },
  // the clients of this test provider live on loopback, which oidc-provider's SSRF guard for its
  // own outgoing calls (back-channel logout) refuses; this provider talks to nothing else
  fetch: (url, options) => {
    const { dispatcher, ...rest } = options;
    return globalThis.fetch(url, rest);
  },
  loadExistingGrant: async (ctx) => {
    // no consent page: formservice is the provider's own client, as at ID-porten
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile');
    await grant.save();
    return grant;
  },
  findAccount: async (ctx, id) => {
    const found = people.get(id);
    if (!found) return undefined;
    return {
      accountId: id,
      claims: async () => (found.kind === 'person'
        ? { sub: id, pid: found.pid, name: found.name }
        : { sub: id, preferred_username: found.preferred_username, name: found.name }),
    };
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Feil', `<h1>Feil i testinnloggingen</h1><p id="error">${escape(out.error)}: ${escape(out.error_description || '')}</p>`);
  },
});
provider.proxy = false;

function choosePage(uid, details) {
  const { params } = details;
  const requested = params.acr_values || 'idporten-loa-substantial';
  const persons = [...people.values()].filter((p) => p.kind === 'person');
  const staff = [...people.values()].filter((p) => p.kind === 'staff');
  const buttons = (list) => list.map((p) => `<li><button type="submit" name="account" value="${escape(p.id)}">${escape(p.name)}${p.pid ? ` (${escape(p.pid)})` : ''}</button>${p.note ? ` ${escape(note(params, p.note))}` : ''}</li>`).join('');
  const levels = ACR_VALUES.map((acr) => `<div><input type="radio" name="acr" id="acr-${acr}" value="${acr}"${acr === requested ? ' checked' : ''}><label for="acr-${acr}">${acr}</label></div>`).join('');
  return page(t(params, 'Testinnlogging', 'Testinnlogging'), `<h1>${t(params, 'Testinnlogging (ikke ID-porten)', 'Testinnlogging (ikkje ID-porten)')}</h1>
<p class="test">${t(params, '<strong>Dette er en lokal testtjeneste</strong> som oppfører seg som ID-porten. Personene er oppdiktet, fødselsnumrene likeså (med gyldige kontrollsifre).', '<strong>Dette er ei lokal testteneste</strong> som oppfører seg som ID-porten. Personane er oppdikta, fødselsnumra òg (med gyldige kontrollsiffer).')}</p>
<form method="post" action="/interaction/${escape(uid)}/login">
<fieldset><legend>${t(params, 'Sikkerhetsnivå', 'Tryggleiksnivå')} (${t(params, 'formservice krever', 'formservice krev')} ${escape(requested)})</legend>${levels}</fieldset>
${persons.length ? `<h2>${t(params, 'Logg inn som', 'Logg inn som')}</h2><ul>${buttons(persons)}</ul>` : ''}
${staff.length ? `<h2>${t(params, 'Ansatte', 'Tilsette')}</h2><ul>${buttons(staff)}</ul>` : ''}
</form>
<form method="post" action="/interaction/${escape(uid)}/abort"><button type="submit">${t(params, 'Avbryt', 'Avbryt')}</button></form>`, nn(params) ? 'nn' : 'nb');
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

// front-channel logout: remember, at the logout confirmation, which clients the session had
provider.use(async (ctx, next) => {
  await next();
  const { oidc } = ctx;
  if (oidc?.route !== 'end_session_confirm' || ctx.status !== 303 || !oidc.session?.destroyed) return;
  const frames = [];
  for (const [clientId, authorization] of Object.entries(oidc.session.authorizations || {})) {
    const client = await provider.Client.find(clientId);
    const uri = client?.frontchannel_logout_uri;
    if (uri) {
      const target = new URL(uri);
      target.searchParams.set('iss', config.issuer);
      if (authorization.sid) target.searchParams.set('sid', authorization.sid);
      frames.push(target.href);
    }
  }
  if (!frames.length) return;
  const onward = ctx.response.get('Location');
  ctx.status = 200;
  ctx.remove('Location');
  ctx.type = 'html';
  ctx.body = page('Logger ut', `<h1>Logger ut av tjenestene …</h1>
${frames.map((f) => `<iframe src="${escape(f)}" title="utlogging" hidden></iframe>`).join('')}
<p><a id="continue" href="${escape(onward)}">Fortsett</a></p>
<script>let left=${frames.length};const go=()=>location.replace(${JSON.stringify(onward)});
for(const f of document.querySelectorAll('iframe')){f.addEventListener('load',()=>{if(--left===0)go();});}
setTimeout(go,5000);</script>`);
});

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  const match = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(new URL(req.url, config.issuer).pathname);
  if (!match) return callback(req, res);
  try {
    const [, uid, action] = match;
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    if (!action && req.method === 'GET') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      return res.end(choosePage(uid, details));
    }
    if (req.method !== 'POST') throw new Error('method');
    const form = await readForm(req);
    if (action === '/abort') {
      return await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the person cancelled' }, { mergeWithLastSubmission: false });
    }
    const account = form.get('account');
    const acr = form.get('acr');
    if (!people.has(account) || !ACR_VALUES.includes(acr)) throw new Error('no such person or level');
    return await provider.interactionFinished(req, res, { login: { accountId: account, acr, amr: ['TESTID'] } }, { mergeWithLastSubmission: false });
  } catch (error) {
    res.statusCode = 400;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    return res.end(page('Feil', `<h1>Feil i testinnloggingen</h1><p id="error">${escape(error.message)}</p>`));
  }
});

server.listen(config.port, host, () => {
  console.log(`oidc-test-provider listening on ${config.issuer}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
