package org.oauth2kit;

import java.util.List;
import java.util.Map;

import org.oauth2kit.endpoint.Endpoint;
import org.oauth2kit.endpoint.EndpointContext;
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

    Extensions(Config config, ClientAuthentication clients, AuthorizeEndpoint authorizeEndpoint, ProviderEngine engine) {
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
