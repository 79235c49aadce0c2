package org.oauth2kit;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.oauth2kit.endpoint.Endpoint;
import org.oauth2kit.endpoint.EndpointContext;
import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.grant.AuthorizationGrant;
import org.oauth2kit.internal.JsonReader;
import org.oauth2kit.grant.Engine;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/**
 * Serves the endpoints an application added ({@link Endpoint}), giving each the core's own steps
 * for reading forms, authenticating clients and validating authorization requests.
 */
final class Extensions {
    private final Config config;
    private final ClientAuthentication clients;
    private final AuthorizeEndpoint authorizeEndpoint;
    private final ProviderEngine engine;
    private final Grants grants;

    Extensions(Config config, ClientAuthentication clients, AuthorizeEndpoint authorizeEndpoint, ProviderEngine engine,
            Grants grants) {
        this.grants = grants;
        this.config = config;
        this.clients = clients;
        this.authorizeEndpoint = authorizeEndpoint;
        this.engine = engine;
    }

    Response handle(Endpoint endpoint, Request request, Map<String, Object> environ) {
        Response response = endpoint.handle(new Context(request, environ));
        if (response == null) {
            throw new IllegalStateException("endpoint " + endpoint.path() + " returned no response");
        }
        return response;
    }

    private final class Context implements EndpointContext {
        private final Request request;
        private final Map<String, Object> environ;
        private Params form;

        Context(Request request, Map<String, Object> environ) {
            this.request = request;
            this.environ = environ;
        }

        @Override
        public Request request() {
            return request;
        }

        @Override
        public Map<String, Object> environ() {
            return environ;
        }

        @Override
        public Engine engine() {
            return engine;
        }

        private Params params() {
            if (form == null) {
                form = TokenEndpoint.readForm(config, request);
            }
            return form;
        }

        @Override
        public Map<String, String> form() {
            Params p = params();
            p.requireNoRepeats();
            return Map.copyOf(p.single());
        }

        @Override
        public Map<String, Object> jsonBody() {
            if (request.bodyUnreadable()) {
                throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "the request body could not be read");
            }
            if (request.bodyTooLarge()) {
                throw OAuthInvalidError.invalidRequest("request body too large", 413);
            }
            String type = request.contentType();
            if (!"application/json".equals(type)) {
                throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "the body must be application/json");
            }
            try {
                String text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(request.body())).toString();
                return JsonReader.object(text);
            } catch (java.nio.charset.CharacterCodingException | IllegalArgumentException e) {
                throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "the body is not a JSON object");
            }
        }

        @Override
        public Set<String> grantTypes() {
            Set<String> types = new LinkedHashSet<>();
            grants.all().forEach(g -> types.add(g.grantType()));
            return types;
        }

        @Override
        public Set<String> responseTypes() {
            Set<String> types = new LinkedHashSet<>();
            grants.all().forEach(g -> {
                if (g instanceof AuthorizationGrant a) {
                    types.add(Grants.normalize(a.responseType()));
                }
            });
            return types;
        }

        @Override
        public Map<String, String> query() {
            Params p = Params.query(request, config);
            p.requireNoRepeats();
            return Map.copyOf(p.single());
        }

        @Override
        public Client authenticateClient() {
            // A failure propagates as ClientAuthentication.Failed; dispatch answers it with 401 (R2).
            return clients.authenticate(request, params(), true).client();
        }

        @Override
        public List<String> validateAuthorizationRequest(Client client, Map<String, String> parameters) {
            return authorizeEndpoint.validate(request, environ, client, parameters);
        }

        @Override
        public String url(String path) {
            return config.issuer() + path;
        }
    }
}
