package org.oauth2kit.micronaut;

import java.net.URISyntaxException;
import java.util.Map;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.URISyntaxHandler;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.oauth2kit.Provider;
import org.oauth2kit.web.Request;

/**
 * Micronaut refuses a request target that {@link java.net.URI} cannot parse (bad percent-encoding)
 * before any route or filter runs, keeping only the method and the target's text. On the
 * Provider's paths that text goes to the Provider, so the client gets the Provider's own error
 * (R35); headers and body are gone by then. Other paths get Micronaut's usual answer.
 */
@Singleton
@Replaces(URISyntaxHandler.class)
@Requires(beans = Provider.class)
final class MalformedTargetHandler extends URISyntaxHandler {
    private final Provider provider;
    private final String mountPoint;

    MalformedTargetHandler(ErrorResponseProcessor<?> processor, Provider provider,
            @Value("${oauth2kit.path:}") String path) {
        super(processor);
        this.provider = provider;
        this.mountPoint = MicronautExchange.mountPoint(path);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public HttpResponse<?> handle(HttpRequest request, URISyntaxException exception) {
        String target = exception.getInput();
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        if (path.startsWith(mountPoint) && provider.paths().contains(path.substring(mountPoint.length()))) {
            Request in = Request.builder(request.getMethodName(), path.substring(mountPoint.length()))
                    .rawQuery(question < 0 ? null : target.substring(question + 1)).build();
            return MicronautExchange.response(provider.dispatch(in, Map.of(ProviderController.ENVIRON_REQUEST, request)));
        }
        return super.handle(request, exception);
    }
}
