// An independent, strict OAuth 2.0 client (oauth4webapi) through every flow of the demo:
// RFC 8414 discovery, the code flow with PKCE, state and iss (RFC 9207) for a confidential and a
// public client, the protected resource, refresh with rotation, client credentials, introspection
// and revocation, a denied consent, OpenID Connect, pushed authorization requests (RFC 9126), the
// device authorization grant (RFC 8628), token exchange (RFC 8693) and DPoP (RFC 9449). The user's part (sign-in and consent pages) is done as a
// browser does it: cookies kept, forms posted back with their CSRF tokens and an Origin header.
//
// Usage: node strict-client.mjs BASE_URL [--jwt]   (one "PASS <flow>" line per flow; exits 1 on failure)
// With --jwt the demo issues RFC 9068 JWT access tokens, which jose checks independently.
import * as oauth from 'oauth4webapi';
import * as jose from 'jose';

const base = process.argv[2];
const jwtAccessTokens = process.argv.includes('--jwt');
const issuer = new URL(base);
const insecure = { [oauth.allowInsecureRequests]: true }; // the demo serves plain http on localhost
const redirectUri = 'http://localhost:8081/callback';
const confidential = { client_id: 'abc' };
const publicClient = { client_id: 'pub', token_endpoint_auth_method: 'none' };

function pass(flow) {
  console.log('PASS ' + flow);
}

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/** A browser's share of the code flow: sign in as alice, then allow (or deny). Returns the redirect URL. */
async function userAgrees(authorizationUrl, decision) {
  const decided = await signInAndDecide(authorizationUrl, decision);
  check(decided.status === 302, 'decision: ' + decided.status);
  return new URL(decided.headers.get('location'));
}

/** Opens the page, signs in as alice, then allows (or denies); returns the answer to the decision. */
async function signInAndDecide(authorizationUrl, decision, expectOnConsent) {
  const cookies = new Map();
  const send = async (url, form) => {
    const headers = { Cookie: [...cookies].map(([k, v]) => k + '=' + v).join('; ') };
    if (form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers['Origin'] = issuer.origin;
    }
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET', headers, body: form ? new URLSearchParams(form) : undefined,
      redirect: 'manual',
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return response;
  };
  const token = (html) => {
    const m = /name="csrf_token" value="([^"]+)"/.exec(html);
    check(m, 'no CSRF token on the page');
    return m[1].replaceAll('&amp;', '&');
  };
  const login = await send(authorizationUrl);
  check(login.status === 200, 'sign-in page: ' + login.status);
  const consent = await send(authorizationUrl, {
    csrf_token: token(await login.text()), username: 'alice', password: 'wonderland',
  });
  check(consent.status === 200, 'consent page: ' + consent.status);
  const consentPage = await consent.text();
  check(!expectOnConsent || consentPage.includes(expectOnConsent), 'the consent page lacks ' + expectOnConsent);
  return send(authorizationUrl, { csrf_token: token(consentPage), consent: decision });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function codeFlow(as, client, clientAuth, scope, nonce, DPoP, extra) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: client.client_id, redirect_uri: redirectUri, scope, state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    ...(nonce ? { nonce } : {}), ...(extra || {}),
  }).toString();
  const params = oauth.validateAuthResponse(as, client, await userAgrees(url, 'allow'), state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, redirectUri,
    verifier, DPoP ? { ...insecure, DPoP } : insecure);
  if (!nonce) {
    return oauth.processAuthorizationCodeResponse(as, client, response);
  }
  const result = await oauth.processAuthorizationCodeResponse(as, client, response,
    { expectedNonce: nonce, requireIdToken: true });
  await oauth.validateApplicationLevelSignature(as, response, insecure); // against jwks_uri
  return result;
}

const as = await oauth.processDiscoveryResponse(issuer,
  await oauth.discoveryRequest(issuer, { ...insecure, algorithm: 'oauth2' }));
check(as.authorization_response_iss_parameter_supported === true, 'metadata: iss parameter not announced');
pass('discovery');

const secret = oauth.ClientSecretBasic('xyz');
const tokens = await codeFlow(as, confidential, secret, 'read write');
check(tokens.token_type.toLowerCase() === 'bearer' && tokens.refresh_token, 'code flow: ' + JSON.stringify(tokens));
pass('code flow with PKCE, state and iss (confidential client)');

const me = await oauth.protectedResourceRequest(tokens.access_token, 'GET', new URL('/api/me', base), undefined,
  undefined, insecure);
check(me.status === 200 && (await me.json()).sub === 'alice', 'protected resource: ' + me.status);
pass('protected resource');

const refreshed = await oauth.processRefreshTokenResponse(as, confidential,
  await oauth.refreshTokenGrantRequest(as, confidential, secret, tokens.refresh_token, insecure));
check(refreshed.refresh_token && refreshed.refresh_token !== tokens.refresh_token, 'refresh did not rotate');
let reuseRefused = false;
try {
  await oauth.processRefreshTokenResponse(as, confidential,
    await oauth.refreshTokenGrantRequest(as, confidential, secret, tokens.refresh_token, insecure));
} catch (e) {
  reuseRefused = e.error === 'invalid_grant';
}
check(reuseRefused, 'a retired refresh token was accepted');
pass('refresh with rotation and reuse detection');

const pub = await codeFlow(as, publicClient, oauth.None(), 'read');
check(pub.access_token && pub.refresh_token, 'public client: ' + JSON.stringify(pub));
pass('code flow with PKCE (public client)');

const cc = await oauth.processClientCredentialsResponse(as, confidential,
  await oauth.clientCredentialsGrantRequest(as, confidential, secret, { scope: 'read' }, insecure));
check(cc.access_token && !cc.refresh_token, 'client credentials: ' + JSON.stringify(cc));
pass('client credentials');

const active = await oauth.processIntrospectionResponse(as, confidential,
  await oauth.introspectionRequest(as, confidential, secret, cc.access_token, insecure));
check(active.active === true && active.client_id === 'abc', 'introspection: ' + JSON.stringify(active));
await oauth.processRevocationResponse(await oauth.revocationRequest(as, confidential, secret, cc.access_token, insecure));
const revoked = await oauth.processIntrospectionResponse(as, confidential,
  await oauth.introspectionRequest(as, confidential, secret, cc.access_token, insecure));
check(revoked.active === false, 'revoked token still active');
pass('introspection and revocation');

const state = oauth.generateRandomState();
const deniedUrl = new URL(as.authorization_endpoint);
deniedUrl.search = new URLSearchParams({
  response_type: 'code', client_id: 'abc', redirect_uri: redirectUri, state,
  code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()),
  code_challenge_method: 'S256',
}).toString();
let denied = false;
try {
  oauth.validateAuthResponse(as, confidential, await userAgrees(deniedUrl, 'deny'), state);
} catch (e) {
  denied = e.error === 'access_denied';
}
check(denied, 'a denied consent was not access_denied');
pass('denied consent');

// OpenID Connect: discovery, the code flow with a nonce, the ID token's signature checked against
// jwks_uri, UserInfo, and a fresh ID token on refresh.
const op = await oauth.processDiscoveryResponse(issuer,
  await oauth.discoveryRequest(issuer, { ...insecure, algorithm: 'oidc' }));
check(op.jwks_uri && op.userinfo_endpoint && op.scopes_supported.includes('openid'), 'OpenID discovery: '
  + JSON.stringify(op));
pass('OpenID discovery');

const nonce = oauth.generateRandomNonce();
const signIn = await codeFlow(op, confidential, secret, 'openid profile email read', nonce);
const idToken = oauth.getValidatedIdTokenClaims(signIn);
check(idToken.sub === 'alice' && idToken.nonce === nonce && idToken.aud === 'abc' && idToken.auth_time,
  'ID token: ' + JSON.stringify(idToken));
pass('OpenID code flow: ID token with nonce, signature checked against jwks_uri');

const userinfo = await oauth.processUserInfoResponse(op, confidential, idToken.sub,
  await oauth.userInfoRequest(op, confidential, signIn.access_token, insecure));
check(userinfo.email === 'alice@example.com' && userinfo.name === 'Alice Liddell', 'UserInfo: '
  + JSON.stringify(userinfo));
pass('UserInfo');

const refreshResponse = await oauth.refreshTokenGrantRequest(op, confidential, secret, signIn.refresh_token, insecure);
const again = await oauth.processRefreshTokenResponse(op, confidential, refreshResponse);
const refreshedId = oauth.getValidatedIdTokenClaims(again);
check(refreshedId && refreshedId.sub === 'alice', 'no ID token on refresh');
await oauth.validateApplicationLevelSignature(op, refreshResponse, insecure);
pass('OpenID refresh: a fresh ID token');

// RFC 9126: the request is pushed first, authenticated; the browser carries client_id and request_uri only
const parVerifier = oauth.generateRandomCodeVerifier();
const parState = oauth.generateRandomState();
check(as.pushed_authorization_request_endpoint === base + '/par', 'metadata: no PAR endpoint');
const pushed = await oauth.processPushedAuthorizationResponse(as, confidential,
  await oauth.pushedAuthorizationRequest(as, confidential, secret, {
    response_type: 'code', redirect_uri: redirectUri, scope: 'read', state: parState,
    code_challenge: await oauth.calculatePKCECodeChallenge(parVerifier), code_challenge_method: 'S256',
  }, insecure));
check(pushed.request_uri.startsWith('urn:ietf:params:oauth:request_uri:') && pushed.expires_in === 60,
  'PAR: ' + JSON.stringify(pushed));
const parUrl = new URL(as.authorization_endpoint);
parUrl.search = new URLSearchParams({ client_id: 'abc', request_uri: pushed.request_uri }).toString();
const parParams = oauth.validateAuthResponse(as, confidential, await userAgrees(parUrl, 'allow'), parState);
const parTokens = await oauth.processAuthorizationCodeResponse(as, confidential,
  await oauth.authorizationCodeGrantRequest(as, confidential, secret, parParams, redirectUri, parVerifier, insecure));
check(parTokens.access_token && parTokens.scope === 'read', 'PAR code flow: ' + JSON.stringify(parTokens));
const parReplay = await fetch(parUrl, { redirect: 'manual' });
check(parReplay.status === 400, 'a used request_uri was accepted again: ' + parReplay.status);
pass('pushed authorization request (RFC 9126), request_uri used once');

// RFC 8628: the device gets codes, the person allows it at verification_uri_complete, the device polls
check(as.device_authorization_endpoint === base + '/device_authorization', 'metadata: no device endpoint');
const device = await oauth.processDeviceAuthorizationResponse(as, publicClient,
  await oauth.deviceAuthorizationRequest(as, publicClient, oauth.None(), { scope: 'read' }, insecure));
check(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/.test(device.user_code)
  && device.verification_uri === base + '/device' && device.interval === 5, 'device: ' + JSON.stringify(device));
const pollDevice = async () => oauth.processDeviceCodeResponse(as, publicClient,
  await oauth.deviceCodeGrantRequest(as, publicClient, oauth.None(), device.device_code, insecure));
let pending = false;
try {
  await pollDevice();
} catch (e) {
  pending = e.error === 'authorization_pending';
}
check(pending, 'a device code was not pending before the person decided');
const connected = await signInAndDecide(device.verification_uri_complete, 'allow', device.user_code);
check(connected.status === 200 && (await connected.text()).includes('Device connected'),
  'verification page: ' + connected.status);
await sleep(device.interval * 1000 + 200);
const deviceTokens = await pollDevice();
check(deviceTokens.access_token && deviceTokens.refresh_token && deviceTokens.scope === 'read',
  'device tokens: ' + JSON.stringify(deviceTokens));
const deviceMe = await oauth.protectedResourceRequest(deviceTokens.access_token, 'GET', new URL('/api/me', base),
  undefined, undefined, insecure);
check(deviceMe.status === 200 && (await deviceMe.json()).sub === 'alice', 'device token at /api/me');
pass('device authorization grant (RFC 8628) with the person at /device');

// RFC 8693: the confidential client exchanges its token for a narrower one, for the same user
const exchanged = await oauth.processGenericTokenEndpointResponse(as, confidential,
  await oauth.genericTokenEndpointRequest(as, confidential, secret, 'urn:ietf:params:oauth:grant-type:token-exchange', {
    subject_token: again.access_token, subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    scope: 'read',
  }, insecure));
check(exchanged.issued_token_type === 'urn:ietf:params:oauth:token-type:access_token' && exchanged.scope === 'read'
  && !exchanged.refresh_token, 'token exchange: ' + JSON.stringify(exchanged));
const exchangedInfo = await oauth.processIntrospectionResponse(as, confidential,
  await oauth.introspectionRequest(as, confidential, secret, exchanged.access_token, insecure));
check(exchangedInfo.active === true && exchangedInfo.sub === 'alice' && exchangedInfo.scope === 'read',
  'exchanged token: ' + JSON.stringify(exchangedInfo));
pass('token exchange (RFC 8693): a narrower token for the same user');

// RFC 9449: tokens bound to a DPoP key; the resource wants a proof of it, and a public client's refresh too
check(as.dpop_signing_alg_values_supported && as.dpop_signing_alg_values_supported.includes('ES256'),
  'metadata: no DPoP algorithms');
const dpopKeys = await oauth.generateKeyPair('ES256');
const DPoP = oauth.DPoP(publicClient, dpopKeys);
const bound = await codeFlow(as, publicClient, oauth.None(), 'read', undefined, DPoP);
check(bound.token_type.toLowerCase() === 'dpop' && bound.refresh_token, 'DPoP code flow: ' + JSON.stringify(bound));
const boundMe = await oauth.protectedResourceRequest(bound.access_token, 'GET', new URL('/api/me', base), undefined,
  undefined, { ...insecure, DPoP });
check(boundMe.status === 200 && (await boundMe.json()).sub === 'alice', 'DPoP token at /api/me: ' + boundMe.status);
const boundAsBearer = await fetch(new URL('/api/me', base), { headers: { Authorization: 'Bearer ' + bound.access_token } });
check(boundAsBearer.status === 401 && (boundAsBearer.headers.get('www-authenticate') || '').startsWith('DPoP'),
  'a DPoP-bound token was accepted as a bearer token: ' + boundAsBearer.status);
let refreshNeedsKey = false;
try {
  await oauth.processRefreshTokenResponse(as, publicClient,
    await oauth.refreshTokenGrantRequest(as, publicClient, oauth.None(), bound.refresh_token, insecure));
} catch (e) {
  refreshNeedsKey = e.error === 'invalid_grant';
}
check(refreshNeedsKey, 'a bound refresh token was used without a proof');
const boundRefreshed = await oauth.processRefreshTokenResponse(as, publicClient,
  await oauth.refreshTokenGrantRequest(as, publicClient, oauth.None(), bound.refresh_token, { ...insecure, DPoP }));
check(boundRefreshed.token_type.toLowerCase() === 'dpop', 'DPoP refresh: ' + JSON.stringify(boundRefreshed));
pass('DPoP (RFC 9449): bound tokens, proofs at the resource, the refresh token bound to the key');

// RFC 9728 → RFC 8414 → RFC 7591: a client that knows nothing but the resource's URL, as an MCP client
const resourceUrl = new URL('/api/me', base);
const unauthenticated = await fetch(resourceUrl);
const challenge = unauthenticated.headers.get('www-authenticate') || '';
const named = /resource_metadata="([^"]+)"/.exec(challenge);
check(unauthenticated.status === 401 && named, 'the 401 of /api/me names no resource metadata: ' + challenge);
const prm = await oauth.processResourceDiscoveryResponse(resourceUrl,
  await oauth.resourceDiscoveryRequest(resourceUrl, insecure));
check(new URL(named[1]).href === new URL('/.well-known/oauth-protected-resource/api/me', base).href
  && prm.authorization_servers.length === 1, 'resource metadata: ' + JSON.stringify(prm));
const asUrl = new URL(prm.authorization_servers[0]);
const found = await oauth.processDiscoveryResponse(asUrl,
  await oauth.discoveryRequest(asUrl, { ...insecure, algorithm: 'oauth2' }));
check(found.registration_endpoint, 'metadata: no registration endpoint');
const registeredPublic = await oauth.processDynamicClientRegistrationResponse(
  await oauth.dynamicClientRegistrationRequest(found, {
    redirect_uris: [redirectUri], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'], client_name: 'A client that registered itself',
  }, insecure));
const dynamicPublic = { client_id: registeredPublic.client_id, token_endpoint_auth_method: 'none' };
const forResource = await codeFlow(found, dynamicPublic, oauth.None(), 'read', undefined, undefined,
  { resource: resourceUrl.href });
const resourceAnswer = await oauth.protectedResourceRequest(forResource.access_token, 'GET', resourceUrl, undefined,
  undefined, insecure);
check(resourceAnswer.status === 200, 'the resource refused its token: ' + resourceAnswer.status);
const aud = (await oauth.processIntrospectionResponse(as, confidential,
  await oauth.introspectionRequest(as, confidential, secret, forResource.access_token, insecure))).aud;
check(Array.isArray(aud) && aud.includes(resourceUrl.href), 'aud: ' + JSON.stringify(aud));
pass('from a 401 alone: resource metadata, server metadata, registration, a code flow for the resource');

const registeredConfidential = await oauth.processDynamicClientRegistrationResponse(
  await oauth.dynamicClientRegistrationRequest(found, {
    grant_types: ['client_credentials'], response_types: [], token_endpoint_auth_method: 'client_secret_basic',
    scope: 'read',
  }, insecure));
check(registeredConfidential.client_secret && registeredConfidential.registration_access_token
  && registeredConfidential.registration_client_uri, 'registration: ' + JSON.stringify(registeredConfidential));
const dynamicConfidential = { client_id: registeredConfidential.client_id };
const machine = await oauth.processClientCredentialsResponse(found, dynamicConfidential,
  await oauth.clientCredentialsGrantRequest(found, dynamicConfidential,
    oauth.ClientSecretBasic(registeredConfidential.client_secret), { scope: 'read', resource: resourceUrl.href },
    insecure));
check(machine.access_token && machine.scope === 'read', 'registered client credentials: ' + JSON.stringify(machine));
let badRegistration = '';
try {
  await oauth.processDynamicClientRegistrationResponse(await oauth.dynamicClientRegistrationRequest(found, {
    redirect_uris: ['http://evil.example/cb'], token_endpoint_auth_method: 'none',
  }, insecure));
} catch (e) {
  badRegistration = e.error;
}
check(badRegistration === 'invalid_redirect_uri', 'a plain-http redirect URI was registered: ' + badRegistration);
pass('confidential registration, client credentials with the issued secret, bad metadata refused');

if (jwtAccessTokens) {
  // RFC 9068 §4, checked by jose against the published keys: typ at+jwt, iss, aud, exp, signature
  const jwks = jose.createRemoteJWKSet(new URL(op.jwks_uri));
  const { payload, protectedHeader } = await jose.jwtVerify(signIn.access_token, jwks,
    { issuer: base, audience: base + '/api', typ: 'at+jwt' });
  check(protectedHeader.typ === 'at+jwt' && payload.sub === 'alice' && payload.client_id === 'abc' && payload.jti,
    'JWT access token: ' + JSON.stringify(payload));
  const accepted = await oauth.protectedResourceRequest(signIn.access_token, 'GET', new URL('/api/me', base),
    undefined, undefined, insecure);
  check(accepted.status === 200, 'JWT access token refused by /api/me: ' + accepted.status);
  // the same claims signed by a key of our own, under the server's kid: refused
  const { privateKey } = await jose.generateKeyPair('RS256');
  const forged = await new jose.SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: protectedHeader.kid }).sign(privateKey);
  // plain fetch: oauth4webapi throws on a challenge, and the challenge is what is checked here
  const refused = await fetch(new URL('/api/me', base), { headers: { Authorization: 'Bearer ' + forged } });
  check(refused.status === 401 && (refused.headers.get('www-authenticate') || '').includes('invalid_token'),
    'a forged JWT access token was not refused: ' + refused.status);
  pass('JWT access tokens (RFC 9068) checked by jose, accepted by the resource, forgeries refused');
}
