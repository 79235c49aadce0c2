package org.oauth2kit.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.oauth2kit.AccessToken;
import org.oauth2kit.Client;
import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.grant.Engine;
import org.oauth2kit.grant.GrantContext;
import org.oauth2kit.grant.Issuance;
import org.oauth2kit.grant.IssuedTokens;
import org.oauth2kit.grant.Scope;
import org.oauth2kit.grant.ScopePolicy;
import org.oauth2kit.grant.TokenGrant;
import org.jspecify.annotations.Nullable;

/**
 * Token exchange (RFC 8693): a client presents a token it holds (the subject token, and for
 * delegation an actor token) and receives an access token for the same subject, with the same or
 * fewer scopes. Written on the public grant SPI alone.
 *
 * <p>Subject and actor tokens are this server's access tokens ({@value #ACCESS_TOKEN}, or
 * {@value #JWT} for its JWT access tokens) or refresh tokens ({@value #REFRESH_TOKEN}), looked up by
 * digest like at introspection. The issued token joins the subject token's family, so revoking
 * the subject revokes what was exchanged for it, and never outlives the subject token. With an
 * actor token it carries {@code act} (RFC 8693 §4.1). Only access tokens are issued
 * ({@code issued_token_type} {@value #ACCESS_TOKEN}); no refresh token.
 *
 * <p>Who may exchange what is the {@link ExchangePolicy}'s decision; the default lets a client
 * exchange only tokens that were issued to itself, so a service that receives users' tokens and
 * exchanges them needs a policy that says so.
 */
public final class TokenExchangeGrant implements TokenGrant {
    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
    public static final String REFRESH_TOKEN = "urn:ietf:params:oauth:token-type:refresh_token";
    public static final String JWT = "urn:ietf:params:oauth:token-type:jwt";

    /**
     * Decides whether a client may exchange a subject token (and act for it with an actor token)
     * for a token meant for the given audiences ({@code audience} and {@code resource} values).
     */
    @FunctionalInterface
    public interface ExchangePolicy {
        boolean allows(Client client, AccessToken subject, @Nullable AccessToken actor, List<String> audiences);

        /** Only tokens issued to the requesting client itself; no audiences. */
        ExchangePolicy OWN_TOKENS = (client, subject, actor, audiences) -> audiences.isEmpty()
                && client.clientId().equals(subject.clientId())
                && (actor == null || client.clientId().equals(actor.clientId()));
    }

    private final ScopePolicy scope;
    private final ExchangePolicy policy;

    public TokenExchangeGrant() {
        this(new Scope(), ExchangePolicy.OWN_TOKENS);
    }

    /**
     * @param scope  names the scopes for metadata; what an exchange may ask for is decided by the
     *               subject token: its scopes or fewer, never more
     * @param policy who may exchange what
     */
    public TokenExchangeGrant(ScopePolicy scope, ExchangePolicy policy) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    @Override
    public ScopePolicy scope() {
        return scope;
    }

    @Override
    public IssuedTokens token(GrantContext context) {
        Engine engine = context.engine();
        Client client = context.client();
        String requested = context.parameter("requested_token_type");
        if (requested != null && !requested.equals(ACCESS_TOKEN)) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "only access tokens are issued by exchange");
        }
        AccessToken subject = presented(engine, context.requireParameter("subject_token"),
                context.requireParameter("subject_token_type"), "subject_token");
        AccessToken actor = null;
        if (context.parameter("actor_token") != null) {
            actor = presented(engine, context.requireParameter("actor_token"),
                    context.requireParameter("actor_token_type"), "actor_token");
        } else if (context.parameter("actor_token_type") != null) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "actor_token_type without actor_token");
        }
        List<String> audiences = new ArrayList<>();
        for (String name : List.of("audience", "resource")) {
            String value = context.parameter(name);
            if (value != null && !value.isEmpty()) {
                audiences.add(value);
            }
        }
        if (!policy.allows(client, subject, actor, List.copyOf(audiences))) {
            throw new OAuthInvalidError(audiences.isEmpty() ? ErrorCode.INVALID_REQUEST : ErrorCode.INVALID_TARGET,
                    "this client may not exchange this token" + (audiences.isEmpty() ? "" : " for this audience"));
        }
        // narrowing only: what is asked for must be within the subject token's scopes
        String asked = context.parameter("scope");
        List<String> scopes = asked == null || asked.isBlank() ? subject.scopes()
                : List.of(asked.trim().split(" +"));
        if (!subject.scopes().containsAll(scopes)) {
            throw new OAuthInvalidError(ErrorCode.INVALID_SCOPE, "scope may only narrow the subject token's scopes");
        }
        Map<String, String> data = new LinkedHashMap<>(subject.data());
        data.remove(AccessToken.ACTOR_SUBJECT);
        if (actor != null) {
            data.put(AccessToken.ACTOR_SUBJECT, actor.subject() != null ? actor.subject() : actor.clientId());
        }
        // never outlives what it was exchanged for
        Instant subjectEnd = REFRESH_TOKEN.equals(context.parameter("subject_token_type"))
                ? subject.refreshExpiresAt() : subject.expiresAt();
        Duration remaining = Duration.between(engine.clock().instant(), subjectEnd);
        Issuance issuance = Issuance.of(client, GRANT_TYPE, data, scopes).inFamily(subject.familyId());
        if (remaining.compareTo(engine.accessTokenLifetime()) < 0) {
            issuance = issuance.lifetime(remaining.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : remaining);
        }
        return engine.issue(issuance).withParameter("issued_token_type", ACCESS_TOKEN);
    }

    private static AccessToken presented(Engine engine, String token, String type, String name) {
        String digest = engine.digest(token);
        Instant now = engine.clock().instant();
        Optional<AccessToken> found = switch (type) {
            case ACCESS_TOKEN, JWT -> engine.accessTokenStore().fetchByToken(digest).filter(t -> !t.isExpired(now));
            case REFRESH_TOKEN -> engine.accessTokenStore().fetchByRefreshToken(digest)
                    .filter(t -> !t.isRefreshExpired(now));
            default -> throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, name + "_type is not supported: " + type);
        };
        return found.orElseThrow(() -> new OAuthInvalidError(ErrorCode.INVALID_REQUEST,
                name + " is not active"));
    }
}
